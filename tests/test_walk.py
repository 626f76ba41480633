"""Folder walks and input: .gitignore files, exclude / extend-exclude / include globs, the
default exclusions (documentation, environments, build output), YAML/JSON files that are no
dialogue flows, named paths and --force-exclude, no file to lint, --stdin-filename, and config
resolved per file (from each file's folder upwards)."""
from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scriptlint.cli import app
from scriptlint.compiled import ENGINE
from scriptlint.config import Config, ConfigError
from scriptlint.discovery import NothingToLint, Skipped, discover
from scriptlint.model import Notice
from scriptlint.readers import peek
from scriptlint.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
# 保本 ("principal guaranteed") is a finance SL302 finding at columns 3..5 of this reply.
REPLY = "产品保本收益高\n"
FINANCE = 'industry = ["finance"]\nkind = "replies"\nselect = ["SL302"]\n'
FLOW = "nodes:\n  - say: 产品保本收益高\n"
runner = CliRunner()


def write(path: Path, text: str = REPLY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def walked(root: Path, start: Path | None = None, config: Config | None = None,
           notices: list[Notice] | None = None) -> list[str]:
    """The files a walk of `start` (default: root) finds, relative to `root`; configs found per
    folder as a run finds them, unless `config` is given."""
    workspace = Workspace()
    config_for: Callable[[str], Config] = (lambda folder: config) if config is not None else workspace.config_for
    found = discover([str(start or root)], on_notice=(notices if notices is not None else []).append,
                     config_for=config_for)
    return [os.path.relpath(path, root) for path in found]


def check(*args: str, input: bytes | None = None) -> tuple[int, dict[str, Any], str]:
    """The CLI in process: exit code, JSON report (empty when none was written), standard error."""
    result = runner.invoke(app, ["check", "--format", "json", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    payload = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, payload, result.stderr


def located(payload: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    return [(f["path"], f["line"], f["column"], f["code"]) for f in payload["findings"]]


# --- what a walk leaves out by default -------------------------------------------------------


def test_default_walk_leaves_out_documentation_environments_and_build_output(tmp_path: Path) -> None:
    for name in ("scripts/a.txt", "scripts/env/prod.txt", "README.md", "CHANGELOG.md", "LICENSE.txt",
                 "CONTRIBUTING.md", "scripts/readme.txt", "docs/guide.md", "venv/lib/x.txt", "env/pyvenv.cfg",
                 "env/lib/x.txt", "conda/conda-meta/history", "conda/x.txt", "node_modules/p/x.txt", "build/x.txt",
                 "dist/x.txt", "lib/site-packages/x.txt", "__pycache__/x.txt", ".hidden/x.txt"):
        write(tmp_path / name)
    notices: list[Notice] = []
    assert walked(tmp_path, notices=notices) == ["scripts/a.txt", "scripts/env/prod.txt"]
    reasons = {os.path.relpath(n.path, tmp_path): n.message for n in notices if isinstance(n, Skipped)}
    assert reasons["README.md"] == "excluded by 'README*' (the default exclude)"
    assert reasons["docs"] == "excluded by 'docs/' (the default exclude)"
    assert reasons["env"] == "an environment (pyvenv.cfg); not searched"
    assert reasons["conda"] == "an environment (conda-meta); not searched"
    assert ".hidden" not in reasons  # hidden entries are never walked, without a word


def test_a_folder_named_like_a_file_pattern_only_by_its_files(tmp_path: Path) -> None:
    """`docs/` matches folders only; a file named README inside scripts is still a README."""
    write(tmp_path / "docs.txt")
    write(tmp_path / "scripts" / "README_客服.txt")
    assert walked(tmp_path) == ["docs.txt"]


# --- .gitignore ------------------------------------------------------------------------------


def _repository(root: Path) -> None:
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("# local\nsecret/\n", encoding="utf-8")
    write(root / ".gitignore", "*.bak.txt\n/out/\ndrafts/\n")
    write(root / "sub" / ".gitignore", "!keep.bak.txt\nlocal.txt\n")
    for name in ("a.txt", "x.bak.txt", "out/o.txt", "sub/out/o.txt", "drafts/d.txt", "sub/drafts/d.txt",
                 "sub/keep.bak.txt", "sub/local.txt", "sub/other.bak.txt", "secret/s.txt", "sub/s.txt"):
        write(root / name)


def test_gitignore_of_the_repository_nested_ones_and_info_exclude(tmp_path: Path) -> None:
    _repository(tmp_path / "repo")
    notices: list[Notice] = []
    assert walked(tmp_path / "repo", notices=notices) == ["a.txt", "sub/keep.bak.txt", "sub/out/o.txt", "sub/s.txt"]
    reasons = {os.path.relpath(n.path, tmp_path / "repo"): n.message for n in notices if isinstance(n, Skipped)}
    assert reasons["secret"] == f"ignored by 'secret/' in {tmp_path / 'repo' / '.git' / 'info' / 'exclude'}"
    assert reasons["sub/local.txt"] == f"ignored by 'local.txt' in {tmp_path / 'repo' / 'sub' / '.gitignore'}"
    # A walk that starts inside the repository applies the .gitignore files above it too.
    assert walked(tmp_path / "repo", tmp_path / "repo" / "sub") == ["sub/keep.bak.txt", "sub/out/o.txt", "sub/s.txt"]


def test_respect_gitignore_false_walks_what_git_ignores(tmp_path: Path) -> None:
    _repository(tmp_path / "repo")
    write(tmp_path / "repo" / "scriptlint.toml", "respect-gitignore = false\n")
    assert len(walked(tmp_path / "repo")) == 11


def test_gitignore_outside_a_repository_does_not_apply(tmp_path: Path) -> None:
    write(tmp_path / "folder" / ".gitignore", "*.txt\n")
    write(tmp_path / "folder" / "a.txt")
    assert walked(tmp_path / "folder") == ["a.txt"]


def test_a_worktree_finds_info_exclude_in_the_common_git_folder(tmp_path: Path) -> None:
    git = tmp_path / "main" / ".git"
    write(git / "info" / "exclude", "private.txt\n")
    write(git / "worktrees" / "wt" / "commondir", "../..\n")
    write(tmp_path / "wt" / ".git", "gitdir: ../main/.git/worktrees/wt\n")
    write(tmp_path / "wt" / "private.txt")
    write(tmp_path / "wt" / "public.txt")
    assert walked(tmp_path / "wt") == ["public.txt"]


def test_a_nested_repository_is_not_governed_by_the_outer_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "*.csv\n")
    (tmp_path / "inner" / ".git").mkdir(parents=True)
    write(tmp_path / "inner" / "r.csv", "话术\n保本\n")
    write(tmp_path / "outer.csv", "话术\n保本\n")
    assert walked(tmp_path) == ["inner/r.csv"]


# --- exclude, extend-exclude and include ------------------------------------------------------


def test_extend_exclude_adds_and_can_take_a_default_back(tmp_path: Path) -> None:
    write(tmp_path / "proj" / "scriptlint.toml", 'extend-exclude = ["legacy/", "/drafts/*.txt", "!docs/"]\n')
    for name in ("a.txt", "docs/guide.md", "legacy/x.txt", "sub/legacy/y.txt", "drafts/d.txt", "sub/drafts/d.txt",
                 "README.md"):
        write(tmp_path / "proj" / name)
    # Walked from outside the project: the anchored glob is still relative to the config's folder.
    assert walked(tmp_path / "proj", tmp_path / "proj") == ["a.txt", "docs/guide.md", "sub/drafts/d.txt"]


def test_exclude_replaces_the_defaults(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'exclude = ["old*"]\n')
    for name in ("README.md", "docs/guide.md", "old_script.txt", "new.txt"):
        write(tmp_path / name)
    assert walked(tmp_path) == ["README.md", "docs/guide.md", "new.txt"]


def test_a_config_in_a_subfolder_governs_its_own_entries(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'extend-exclude = ["*.csv"]\n')
    write(tmp_path / "sub" / "scriptlint.toml", 'exclude = ["*.md"]\n')
    for name in ("a.csv", "a.md", "sub/b.csv", "sub/b.md", "sub/README.txt"):
        write(tmp_path / name, "话术\n保本\n")
    assert walked(tmp_path) == ["a.md", "sub/README.txt", "sub/b.csv"]


def test_include_says_where_the_scripts_live(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'include = ["scripts/", "*.csv"]\n')
    for name in ("scripts/a.txt", "scripts/deep/b.md", "notes.txt", "tools/list.csv", "tools/x.txt"):
        write(tmp_path / name)
    notices: list[Notice] = []
    assert walked(tmp_path, notices=notices) == ["scripts/a.txt", "scripts/deep/b.md", "tools/list.csv"]
    assert Skipped(str(tmp_path / "notes.txt"), "not matched by include") in notices
    # A file named on the command line is linted whatever include says.
    assert walked(tmp_path, tmp_path / "notes.txt") == ["notes.txt"]


def test_a_bad_glob_in_a_config_names_the_key(tmp_path: Path) -> None:
    write(tmp_path / "scriptlint.toml", 'extend-exclude = ["# not a glob"]\n')
    write(tmp_path / "a.txt")
    with pytest.raises(ConfigError, match=r"extend-exclude: '# not a glob' is not a glob"):
        walked(tmp_path)


# --- named paths and --force-exclude ---------------------------------------------------------


def test_named_paths_are_linted_whatever_the_excludes_say(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "ignored.txt\n")
    for name in ("README.md", "docs/guide.md", "ignored.txt"):
        write(tmp_path / name)
    assert walked(tmp_path, tmp_path / "docs") == ["docs/guide.md"]
    found = discover([str(tmp_path / "README.md"), str(tmp_path / "ignored.txt")])
    assert [os.path.relpath(p, tmp_path) for p in found] == ["README.md", "ignored.txt"]


def test_force_exclude_filters_named_files_as_a_walk_would(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".gitignore", "ignored.txt\n")
    write(tmp_path / "scriptlint.toml", FINANCE)
    for name in ("README.md", "docs/guide.md", "ignored.txt", "ok.txt", ".hidden.txt"):
        write(tmp_path / name)
    write(tmp_path / "package.json", '{"name": "bot"}\n')
    monkeypatch.chdir(tmp_path)
    named = ("README.md", "docs/guide.md", "ignored.txt", ".hidden.txt", "package.json")
    code, payload, _ = check(*named, "ok.txt")
    assert code == 2  # package.json named without the flag is checked strictly: no flow
    assert {f["path"] for f in payload["findings"]} == {"README.md", "docs/guide.md", "ignored.txt", ".hidden.txt",
                                                        "ok.txt"}
    code, payload, stderr = check("--force-exclude", "-v", *named, "ok.txt")
    assert (code, located(payload)) == (1, [("ok.txt", 1, 3, "SL302")])
    assert stderr.splitlines() == [
        f"scriptlint: engine: {ENGINE}",
        "scriptlint: skipped: .hidden.txt: hidden (force-exclude)",
        "scriptlint: skipped: README.md: excluded by 'README*' (the default exclude) (force-exclude)",
        "scriptlint: skipped: docs/guide.md: excluded by 'docs/' (the default exclude) (force-exclude)",
        f"scriptlint: skipped: ignored.txt: ignored by 'ignored.txt' in {tmp_path / '.gitignore'} (force-exclude)",
        "scriptlint: skipped: package.json: not a dialogue flow (no top-level 'nodes' or 'turns') (force-exclude)",
    ]


def test_force_exclude_leaving_nothing_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pre-commit passes every changed file; a commit that touches only the README must pass."""
    write(tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    code, payload, stderr = check("--isolated", "--force-exclude", "README.md")
    assert (code, payload["findings"], payload["summary"]["files"], stderr) == (0, [], 0, "")


# --- YAML and JSON that are no dialogue flows ------------------------------------------------


def test_walk_skips_yaml_and_json_that_are_not_flows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "scriptlint.toml", FINANCE)
    write(tmp_path / "flow.yaml", FLOW)
    write(tmp_path / "turns.json", '{"turns": [{"text": "产品保本收益高"}]}\n')
    write(tmp_path / "package.json", '{"name": "bot", "version": "1.0.0"}\n')
    write(tmp_path / "ci.yml", "jobs:\n  lint:\n    runs-on: ubuntu-latest\n")
    write(tmp_path / "nested.json", '{"config": {"nodes": 3}}\n')  # the key, but not at the top: parsed, no flow
    write(tmp_path / "list.yaml", "- nodes: 1\n")
    monkeypatch.chdir(tmp_path)
    code, payload, stderr = check("-v", ".")
    assert (code, located(payload)) == (1, [("./flow.yaml", 2, 12, "SL302"), ("./turns.json", 1, 24, "SL302")])
    assert sorted(stderr.splitlines()) == sorted([
        f"scriptlint: engine: {ENGINE}",
        *(f"scriptlint: skipped: ./{name}: not a dialogue flow (no top-level 'nodes' or 'turns')"
          for name in ("ci.yml", "list.yaml", "nested.json", "package.json")),
        "scriptlint: skipped: .: 4 YAML/JSON file(s) skipped: not dialogue flows",
    ])
    assert check(".")[2] == ""  # without -v, not a word
    code, payload, _ = check("package.json")  # named: read strictly
    assert (code, payload["errors"][0]["message"]) == (2, "a dialogue flow needs a 'nodes' (or 'turns') list")


def test_a_broken_flow_met_in_a_walk_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "broken.yaml", 'nodes:\n  - say: "未闭合\n')
    write(tmp_path / "broken.json", '{"nodes": [}\n')
    monkeypatch.chdir(tmp_path)
    code, payload, _ = check("--isolated", ".")
    assert code == 2
    assert [(e["path"], e["line"]) for e in payload["errors"]] == [("./broken.json", 1), ("./broken.yaml", 2)]


def test_a_large_file_with_the_key_is_read_strictly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "big.json", '{"meta": {"nodes": 1}, "pad": "' + "x" * 200 + '"}\n')
    assert peek.not_a_flow(str(path))
    monkeypatch.setattr(peek, "PARSE_LIMIT", 100)
    assert not peek.not_a_flow(str(path))  # too large to parse in the walk: the reader decides
    write(tmp_path / "plain.json", '{"pad": "' + "x" * 200 + '"}\n')
    assert peek.not_a_flow(str(tmp_path / "plain.json"))  # no key at all: no parse needed


# --- nothing to lint -------------------------------------------------------------------------


def test_nothing_to_lint_is_an_error_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "README.md")
    write(tmp_path / "package.json", "{}\n")
    monkeypatch.chdir(tmp_path)
    code, payload, stderr = check("--isolated", ".")
    assert (code, payload) == (2, {})
    assert stderr.splitlines()[-1] == "scriptlint: error: 没有可检查的文件: ."
    assert check("--isolated", "--lang", "en", ".")[2].splitlines()[-1] == "scriptlint: error: no files to lint: ."
    notices: list[Notice] = []
    assert list(discover([str(tmp_path)], on_notice=notices.append)) == []
    assert isinstance(notices[-1], NothingToLint)


# --- standard input --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "examples").iterdir()))
def test_stdin_with_a_file_name_reads_as_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """JSONL from standard input is a transcript, CSV replies, YAML and JSON flows: the report is
    the file's own, path and positions included."""
    shutil.copy(ROOT / "examples" / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    from_file = check("--isolated", name)
    from_stdin = check("--isolated", "--stdin-filename", name, "-", input=(tmp_path / name).read_bytes())
    assert from_stdin == from_file
    assert from_file[1]["summary"]["files"] == 1 and from_file[1]["errors"] == []


def test_stdin_without_a_name_is_a_text_script(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = '{"role": "bot", "text": "产品保本收益高"}\n'.encode()
    _, payload, _ = check("--isolated", "-i", "finance", "--select", "SL302", "-", input=line)
    assert located(payload) == [("<stdin>", 1, 28, "SL302")]  # the line read as text, JSON and all
    _, payload, _ = check("--isolated", "-i", "finance", "--select", "SL302", "--stdin-filename", "t.jsonl", "-",
                          input=line)
    assert located(payload) == [("t.jsonl", 1, 28, "SL302")]
    assert payload["findings"][0]["text"] == "保本"


def test_stdin_gets_the_config_of_its_file_names_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "proj" / "scriptlint.toml", FINANCE)
    monkeypatch.chdir(tmp_path)
    _, payload, _ = check("--stdin-filename", "proj/reply.txt", "-", input=REPLY.encode())
    assert located(payload) == [("proj/reply.txt", 1, 3, "SL302")]
    code, payload, _ = check("--stdin-filename", "elsewhere/reply.txt", "-", input=REPLY.encode())
    assert "SL302" not in {f["code"] for f in payload["findings"]}
    code, payload, _ = check("--force-exclude", "--stdin-filename", "proj/docs/reply.txt", "-", input=REPLY.encode())
    assert (code, payload["findings"]) == (0, [])
    code, payload, _ = check("--stdin-filename", "proj/reply.txt", input=REPLY.encode())  # `-` implied
    assert (code, located(payload)) == (1, [("proj/reply.txt", 1, 3, "SL302")])


# --- config per file -------------------------------------------------------------------------


def _project(root: Path) -> None:
    write(root / "proj" / "pyproject.toml", "[tool.scriptlint]\n" + FINANCE + 'fail-on = "error"\n')
    write(root / "proj" / "scripts" / "a.txt")
    write(root / "proj" / "scripts" / "sub" / "b.txt", "您好\n" + REPLY)


def test_config_is_found_from_each_files_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`cd proj && scriptlint check scripts` and `scriptlint check proj/scripts` give one result."""
    _project(tmp_path)
    monkeypatch.chdir(tmp_path / "proj")
    inside = check("scripts")
    monkeypatch.chdir(tmp_path)
    outside = check("proj/scripts")
    expected = [("scripts/a.txt", 1, 3, "SL302"), ("scripts/sub/b.txt", 2, 3, "SL302")]
    assert located(inside[1]) == expected
    assert located(outside[1]) == [("proj/" + path, line, column, code) for path, line, column, code in expected]
    assert inside[0] == outside[0] == 1  # the project's fail-on = "error" decides both exit codes
    isolated = check("--isolated", "proj/scripts")[1]  # no config: no finance pack
    assert "SL302" not in {f["code"] for f in isolated["findings"]}


def test_two_projects_in_one_run_each_with_its_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    write(tmp_path / "other" / "scriptlint.toml", 'kind = "replies"\nselect = ["SL302"]\n')
    write(tmp_path / "other" / "a.txt")
    monkeypatch.chdir(tmp_path)
    for jobs in ("1", "2"):
        code, payload, _ = check("-j", jobs, "other", "proj")
        assert code == 1
        assert located(payload) == [("proj/scripts/a.txt", 1, 3, "SL302"), ("proj/scripts/sub/b.txt", 2, 3, "SL302")]
    config = tmp_path / "proj" / "pyproject.toml"  # --config: one config for every file
    assert len(check("--config", str(config), "other", "proj")[1]["findings"]) == 3


def test_one_linter_per_config_and_one_lexicon_per_set_of_packs(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import scriptlint.workspace as workspace_module

    _project(tmp_path)
    write(tmp_path / "other" / "scriptlint.toml", 'channel = "chat"\n')
    write(tmp_path / "other" / "a.txt")
    built: list[tuple[str, ...]] = []
    real = workspace_module.load_lexicon

    def counting(lexicons: tuple[str, ...], allow: tuple[str, ...]) -> Any:
        built.append(lexicons)
        return real(lexicons, allow)

    monkeypatch.setattr(workspace_module, "load_lexicon", counting)
    workspace = Workspace()
    result = workspace.check_paths([str(tmp_path / "proj"), str(tmp_path / "other")])
    assert len(result.files) == 3 and built == [()]
    proj = workspace.config_for(str(tmp_path / "proj" / "scripts" / "sub"))
    assert proj.source == str(tmp_path / "proj" / "pyproject.toml")
    assert workspace.linter(proj) is workspace.linter(workspace.config_for(str(tmp_path / "proj" / "scripts")))
    assert workspace.linter(proj) is not workspace.linter(workspace.config_for(str(tmp_path / "other")))


def test_relative_paths_in_a_config_start_at_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "proj" / "packs" / "ours.toml",  # a team's own pack: one entry
          '[pack]\nname = "ours"\n[[entry]]\nid = "ours.fast-loan"\nterms = ["包下款"]\ncategory = "sensitive-term"\n'
          'message = "不得承诺秒批。"\nmessage_en = "Do not promise instant approval."\ncitation = "广告法 Art. 25"\n')
    write(tmp_path / "proj" / "scriptlint.toml", 'lexicons = ["packs/ours.toml"]\nkind = "replies"\n')
    write(tmp_path / "proj" / "a.txt", "贷款包下款\n")
    monkeypatch.chdir(tmp_path)
    _, payload, _ = check("proj")
    assert [(f["path"], f["column"], f["entry"]) for f in payload["findings"]] == [("proj/a.txt", 3, "ours.fast-loan")]


def test_a_config_that_does_not_parse_is_an_error_naming_its_line(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path)
    write(tmp_path / "proj" / "scripts" / "sub" / "pyproject.toml", '[project]\nname = "x\n')
    monkeypatch.chdir(tmp_path)
    code, payload, stderr = check("proj")
    assert (code, payload) == (2, {})
    broken = tmp_path / "proj" / "scripts" / "sub" / "pyproject.toml"
    assert stderr.splitlines() == [f"scriptlint: error: {broken}:2: invalid TOML: Illegal character '\\n' (column 10)"]
    code, payload, stderr = check("--isolated", "proj")  # --isolated reads no config at all
    assert (code, payload["errors"], stderr) == (1, [], "")  # findings of the default rules, no error


# --- this repository -------------------------------------------------------------------------


def test_check_dot_on_this_repository_lints_the_examples_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = Workspace().check_paths(["."])
    linted = sorted(os.path.relpath(r.path) for r in result.files)
    assert linted == sorted(f"examples/{p.name}" for p in (ROOT / "examples").iterdir())
    assert result.errors == []
