"""The composite GitHub Action (`action.yml`): its inputs, that it calls the command line with
flags the command line has, that its lint step passes the inputs through and keeps the exit
code, and that the README documents it."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from scriptlint.cli import app
from scriptlint.config import setting_named

ROOT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
INPUTS = {"paths", "args", "sarif-file", "upload", "version", "python-version"}
# Issue 9, Output: `--format sarif` and `--output-file` come with the output formats work; the
# flags this branch's command line lacks are checked by the test below once they are there.
FROM_THE_OUTPUT_FORMATS = {"--output-file"}


def check_flags() -> set[str]:
    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    return {flag for param in command.params for flag in (*param.opts, *param.secondary_opts) if flag.startswith("-")}


def invocations() -> list[list[str]]:
    """The arguments of every `scriptlint` command in the action's shell steps."""
    found = []
    for step in STEPS:
        for line in step.get("run", "").splitlines():
            if line.strip().startswith("scriptlint "):
                found.append(shlex.split(line.strip())[1:])
    return found


def _step(name: str) -> dict[str, Any]:
    return next(step for step in STEPS if step.get("name") == name)


def test_the_action_is_composite_with_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == INPUTS
    assert all(spec["description"] and "default" in spec for spec in ACTION["inputs"].values())
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)", text))
    assert used == INPUTS  # every input is used, and only inputs that exist
    assert all("shell" in step for step in STEPS if "run" in step)
    # Inputs reach shell scripts through the environment only (no ${{ }} pasted into a script).
    assert not any("${{" in step["run"] for step in STEPS if "run" in step)


def test_the_action_calls_check_with_flags_it_has() -> None:
    [arguments] = invocations()
    assert arguments[0] == "check"
    flags = {a.split("=")[0] for a in arguments if a.startswith("-")}
    assert flags == {"--format", "--output-file"}
    assert flags - FROM_THE_OUTPUT_FORMATS <= check_flags()
    assert arguments[arguments.index("--format") + 1] == "sarif"
    assert arguments[arguments.index("--output-file") + 1] == "$SARIF_FILE"


@pytest.mark.skipif(not FROM_THE_OUTPUT_FORMATS <= check_flags() or "sarif" not in setting_named("format").allowed(),
                    reason="valid once --format sarif and --output-file (issue 9, Output) are merged")
def test_the_action_writes_sarif_with_flags_the_command_line_has() -> None:
    [arguments] = invocations()
    assert {a.split("=")[0] for a in arguments if a.startswith("-")} <= check_flags()
    assert arguments[arguments.index("--format") + 1] in setting_named("format").allowed()


def test_the_report_is_uploaded_then_the_exit_code_kept() -> None:
    names = [step.get("name") or step.get("uses") for step in STEPS]
    assert names.index("Lint") < names.index("Upload SARIF to code scanning") < names.index("Keep scriptlint's exit code")
    upload = _step("Upload SARIF to code scanning")
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert "steps.lint.outputs.written == 'true'" in upload["if"]
    assert _step("Keep scriptlint's exit code")["env"]["STATUS"] == "${{ steps.lint.outputs.exit-code }}"
    install = _step("Install scriptlint")["run"]
    assert 'pip install --disable-pip-version-check "scriptlint==$VERSION"' in install
    assert 'pip install --disable-pip-version-check "$ACTION_PATH"' in install


FAKE_SCRIPTLINT = """#!/bin/sh
# Records its arguments one per line, writes the report it was asked for, exits 1 (findings).
printf '%s\\n' "$@" > "$RECORD"
while [ $# -gt 0 ]; do
  if [ "$1" = "--output-file" ]; then printf '{"version": "2.1.0"}' > "$2"; fi
  shift
done
exit 1
"""


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_lint_step_passes_the_inputs_and_keeps_the_exit_code(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "scriptlint"
    fake.write_text(FAKE_SCRIPTLINT, encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    outputs = tmp_path / "github_output"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "RECORD": str(tmp_path / "args"),
           "GITHUB_OUTPUT": str(outputs), "PATHS": "scripts/ 外呼 话术/", "ARGS": "--industry finance --fail-on error",
           "SARIF_FILE": str(tmp_path / "out dir.sarif")}
    lint = subprocess.run(["bash", "-e", "-c", _step("Lint")["run"]], env=env, cwd=tmp_path, capture_output=True,
                          text=True, check=False)
    assert lint.returncode == 0, lint.stderr  # the upload still runs
    assert (tmp_path / "args").read_text(encoding="utf-8").splitlines() == [
        "check", "--format", "sarif", "--output-file", str(tmp_path / "out dir.sarif"),
        "--industry", "finance", "--fail-on", "error", "scripts/", "外呼", "话术/"]
    assert outputs.read_text(encoding="utf-8").splitlines() == ["exit-code=1", "written=true"]
    keep = subprocess.run(["bash", "-e", "-c", _step("Keep scriptlint's exit code")["run"]],
                          env={**os.environ, "STATUS": "1"}, capture_output=True, check=False)
    assert keep.returncode == 1


def test_the_readme_documents_the_action_and_its_inputs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### GitHub Action"):]
    section = section[:section.index("\n## ")] if "\n## " in section else section
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)]
    steps = [step for block in blocks for job in block["jobs"].values() for step in job["steps"]]
    [used] = [step for step in steps if str(step.get("uses", "")).startswith("scriptlint/scriptlint@")]
    assert set(used.get("with", {})) <= INPUTS
    for name in INPUTS:
        assert f"`{name}`" in section, name
