"""The pre-commit hook (`.pre-commit-hooks.yaml`), run by real pre-commit from a git repository
made of this checkout, as a team's `.pre-commit-config.yaml` would use it.

pre-commit installs the hook into a virtual environment of its own with pip, so this test needs
the package index (or a pip configured with a mirror or a wheel cache); without it, it fails and
shows pip's error.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"
# What `pip install` of the hook repository needs (pyproject.toml's build and force-include).
INSTALLED_FROM = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", ".pre-commit-hooks.yaml", "src", "lexicons")
PRE_COMMIT = shutil.which("pre-commit") or shutil.which("pre-commit", path=os.path.dirname(sys.executable))
GIT = shutil.which("git")


def test_the_hook_manifest_names_the_supported_files() -> None:
    [hook] = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "scriptlint" and hook["entry"] == "scriptlint check --force-exclude"
    assert hook["language"] == "python" and hook["require_serial"] is False
    from scriptlint.readers import EXTENSIONS

    files = re.compile(hook["files"])
    exclude = re.compile(hook["exclude"])
    for extension in EXTENSIONS:
        assert files.search(f"scripts/outbound{extension}"), extension
        assert not exclude.search(f"scripts/outbound{extension}"), extension
    for other in ("setup.py", "scripts/notes.docm", "Makefile"):
        assert not files.search(other)
    for skipped in (".pre-commit-config.yaml", "sub/README.md", "docs/guide.md", "CHANGELOG.md"):
        assert files.search(skipped) and exclude.search(skipped), skipped


def test_the_readme_snippet_uses_this_hook() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### pre-commit"):readme.index("### GitHub Action")]
    [block] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    [repository] = yaml.safe_load(block)["repos"]
    [hook] = repository["hooks"]
    assert hook["id"] in {h["id"] for h in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert re.compile(hook["files"]).search("scripts/outbound.txt")
    assert repository["rev"] and repository["repo"].startswith("https://")


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run([GIT or "git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree (committed or not), and its commit."""
    repository = tmp_path / "hook"
    repository.mkdir()
    for name in INSTALLED_FROM:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repository / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.egg-info"))
        else:
            shutil.copy2(source, repository / name)
    assert _git(repository, "init", "-q").returncode == 0
    _git(repository, "add", "-A")
    committed = _git(repository, "commit", "-q", "-m", "hook")
    assert committed.returncode == 0, committed.stderr
    return repository, _git(repository, "rev-parse", "HEAD").stdout.strip()


@pytest.mark.slow  # about a minute: pre-commit builds the hook's environment with pip
@pytest.mark.skipif(PRE_COMMIT is None, reason="the pre-commit executable is not installed (pip install '.[test]')")
@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_real_pre_commit_blocks_a_bad_script_and_passes_a_good_one(tmp_path: Path) -> None:
    assert PRE_COMMIT is not None
    hook, revision = _hook_repository(tmp_path)
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    assert _git(project, "init", "-q").returncode == 0
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook}\n    rev: {revision}\n    hooks:\n      - id: scriptlint\n"
        f"        args: [--isolated]\n", encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    installed = subprocess.run([PRE_COMMIT, "install"], cwd=project, env=env, capture_output=True, text=True,
                               check=False)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git(project, "add", ".pre-commit-config.yaml")

    bad = project / "scripts" / "bad.txt"
    bad.write_text("机器人：您好，您的手机号是13812345678，这款理财保本保息。\n", encoding="utf-8")
    _git(project, "add", "scripts/bad.txt")
    blocked = _git(project, "commit", "-m", "bad script")
    output = blocked.stdout + blocked.stderr
    if blocked.returncode == 3:  # pre-commit's "unexpected error": here, pip could not install the hook
        log = tmp_path / "cache" / "pre-commit.log"
        pytest.fail("pre-commit could not install the hook (pip needs the package index):\n" + output
                    + (log.read_text(encoding="utf-8") if log.exists() else ""))
    assert blocked.returncode == 1, output
    assert "scriptlint" in output and "Failed" in output
    assert "scripts/bad.txt:1:" in output and "SL402" in output
    assert _git(project, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing was committed

    _git(project, "rm", "-q", "--cached", "scripts/bad.txt")
    good = project / "scripts" / "good.txt"
    shutil.copy2(ROOT / "examples" / "outbound_wealth_good.txt", good)
    _git(project, "add", "scripts/good.txt")
    passed = _git(project, "commit", "-m", "good script")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"scriptlint\.+Passed", passed.stdout + passed.stderr)
