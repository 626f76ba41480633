"""No output shows a personal number in clear unless --show-pii.

Mainland, Taiwan and Hong Kong numbers (mobiles, ID numbers, a bank card), made up here with
valid check digits, are written every way people write them (grouped with spaces, dashes,
tabs, commas or dots, in brackets, in full-width digits, with zero-width characters, wrapped
by a line break) into a file of every input format the readers know (`readers.EXTENSIONS`),
linted into every output format the reporters know (`reporters.FORMATS`); stdout and stderr
are searched for the numbers, separators removed. Formats added later are covered without a
change here; an input format this file cannot build is skipped by name. The error messages,
the `repr()` of the API's objects and the command line's own errors are searched too.
"""
from __future__ import annotations

import csv
import io
import json
import random
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from scriptlint import Linter
from scriptlint.config import Config
from scriptlint.model import InputError, Script, SourceFile, Utterance
from scriptlint.privacy import find_personal_data
from scriptlint.readers import EXTENSIONS, Speakers
from scriptlint.readers.text import read_text
from scriptlint.reporters import FORMATS

RANDOM = random.Random(20261129)  # made-up numbers, the same on every run
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TAIWAN_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # codes 10, 11, … in this order


def _digits(count: int) -> str:
    return "".join(RANDOM.choice("0123456789") for _ in range(count))


def mainland_mobile() -> str:
    return "1" + RANDOM.choice("3456789") + _digits(9)


def mainland_id() -> str:
    first17 = RANDOM.choice(["110105", "320106", "440304", "510107"]) + f"{RANDOM.randint(1950, 2005)}" \
        f"{RANDOM.randint(1, 12):02d}{RANDOM.randint(1, 28):02d}" + _digits(3)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def bank_card() -> str:
    payload = "6222" + _digits(14)
    total = sum(int(d) if i % 2 else (2 * int(d)) % 10 + (2 * int(d)) // 10
                for i, d in enumerate(reversed(payload)))
    return payload + str((10 - total % 10) % 10)


def taiwan_mobile() -> str:
    return "09" + _digits(8)


def taiwan_id() -> str:
    letter = RANDOM.choice(TAIWAN_LETTERS)
    code = TAIWAN_LETTERS.index(letter) + 10
    body = RANDOM.choice("12") + _digits(7)
    total = code // 10 + sum(int(c) * w for c, w in zip(f"{code % 10}{body}", (9, 8, 7, 6, 5, 4, 3, 2, 1)))
    return letter + body + str((10 - total % 10) % 10)


def hong_kong_id() -> str:
    letter = RANDOM.choice("ACDEGHKMPRVYZ")
    body = _digits(6)
    values = [36, ord(letter) - ord("A") + 10, *map(int, body)]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    return f"{letter}{body}({'A' if check == 10 else check})"


# How each kind is grouped when people group it: the letters and digits of each group.
GROUPS = {"mobile": (3, 4, 4), "id": (6, 8, 4), "card": (4, 4, 4, 4, 3), "tw-mobile": (4, 3, 3),
          "tw-id": (1, 3, 3, 3), "hk-id": (1, 6, 3)}
MAKERS: dict[str, Callable[[], str]] = {
    "mobile": mainland_mobile, "id": mainland_id, "card": bank_card, "tw-mobile": taiwan_mobile,
    "tw-id": taiwan_id, "hk-id": hong_kong_id,
}
FULL_WIDTH = {ord(c): ord(c) + 0xFEE0 for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ()"}
# Lettered IDs are not written with dashes, commas or dots (a dash makes a case or order code).
DIGITS_ONLY_WAYS = {"dashes", "en-dashes", "em-dashes", "full-width-hyphens", "commas", "dots", "parentheses", "tabs"}


def _grouped(number: str, sizes: tuple[int, ...], separator: str) -> str:
    pieces, cursor = [], 0
    for size in sizes:
        pieces.append(number[cursor:cursor + size])
        cursor += size
    return separator.join(pieces)


WAYS: dict[str, Callable[[str, str], str]] = {
    "plain": lambda kind, n: n,
    "spaces": lambda kind, n: _grouped(n, GROUPS[kind], " "),
    "tabs": lambda kind, n: _grouped(n, GROUPS[kind], "\t"),
    "dashes": lambda kind, n: _grouped(n, GROUPS[kind], "-"),
    "en-dashes": lambda kind, n: _grouped(n, GROUPS[kind], "\u2013"),
    "em-dashes": lambda kind, n: _grouped(n, GROUPS[kind], "\u2014"),
    "full-width-hyphens": lambda kind, n: _grouped(n, GROUPS[kind], "\uff0d"),
    "commas": lambda kind, n: _grouped(n, GROUPS[kind], "，"),
    "dots": lambda kind, n: _grouped(n, GROUPS[kind], "."),
    "parentheses": lambda kind, n: f"({n[:3]}){n[3:]}" if kind == "mobile" else f"（{n[:4]}）{n[4:]}",
    "full-width": lambda kind, n: _grouped(n, GROUPS[kind], " ").translate(FULL_WIDTH),
    "zero-width": lambda kind, n: _grouped(n, GROUPS[kind], "\u200b"),
    "line-break": lambda kind, n: n[:len(n) // 2] + "\n" + n[len(n) // 2:],
}


@dataclass(frozen=True)
class Planted:
    kind: str
    way: str
    number: str   # letters and digits, ASCII, as a check compares them
    written: str  # as it stands in the file

    @property
    def wrapped(self) -> bool:
        return "\n" in self.written


def _planted() -> list[Planted]:
    planted = []
    for kind, make in MAKERS.items():
        for way, write in WAYS.items():
            if way == "parentheses" and kind not in ("mobile", "tw-mobile"):
                continue
            if way in DIGITS_ONLY_WAYS and kind in ("tw-id", "hk-id"):
                continue
            number = make()
            planted.append(Planted(kind, way, number.replace("(", "").replace(")", ""), write(kind, number)))
    return planted


PLANTED = _planted()
# Each number in a sentence of its own; the number never starts a line (a wrapped one's second
# part does, as it would).
LINES = [f"请记录号码{p.written}，谢谢。" for p in PLANTED]


def _canonical(text: str) -> str:
    """Letters and digits as a check compares them: NFKC, upper case, JSON escapes and every
    separator removed; `*` kept, so masked digits stay apart."""
    text = text.replace("\\n", "").replace("\\r", "").replace("\\t", "")
    return "".join(c for c in unicodedata.normalize("NFKC", text).upper() if c.isalnum() or c == "*")


def leaks(output: str) -> list[Planted]:
    """The planted numbers that output shows: eight letters or digits of one in a row."""
    shown = _canonical(output)
    return [p for p in PLANTED if any(p.number[i:i + 8] in shown for i in range(len(p.number) - 7))]


# --- one file per input format ----------------------------------------------------------------


def _script(lines: list[str]) -> str:
    return "".join(f"机器人：{line}\n" if index % 2 == 0 else f"客户：{line}\n" for index, line in enumerate(lines))


def _yaml(lines: list[str]) -> str:
    items = []
    for line in lines:
        indented = line.replace("\n", "\n      ")
        items.append(f"  - role: user\n    say: |\n      {indented}\n")
    return "nodes:\n" + "".join(items)


def _xlsx(path: Path, lines: list[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "text"])
    for index, line in enumerate(lines, start=1):
        sheet.append([index, line])
    book.save(path)


def _docx(path: Path, lines: list[str]) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for index, line in enumerate(lines):
        document.add_paragraph(("机器人：" if index % 2 == 0 else "客户：") + line)  # "\n" becomes a line break
    document.save(str(path))


def _csv(lines: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "text"])
    writer.writerows([index, line] for index, line in enumerate(lines, start=1))
    return out.getvalue()


TEXT_BUILDERS: dict[str, Callable[[list[str]], str]] = {
    ".txt": _script, ".md": _script, ".markdown": _script,
    ".yaml": _yaml, ".yml": _yaml,
    ".json": lambda lines: json.dumps({"nodes": [{"role": "user", "say": line} for line in lines]}, ensure_ascii=False),
    ".jsonl": lambda lines: "".join(json.dumps({"call_id": "c1", "role": "user" if i % 2 else "bot", "text": line},
                                               ensure_ascii=False) + "\n" for i, line in enumerate(lines)),
    ".csv": _csv,
}
BINARY_BUILDERS: dict[str, Callable[[Path, list[str]], None]] = {".xlsx": _xlsx, ".docx": _docx}


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: dict[str, str]  # extension -> file name
    skipped: dict[str, str]  # extension -> why


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("pii-everywhere")
    files: dict[str, str] = {}
    skipped: dict[str, str] = {}
    for extension in sorted(EXTENSIONS):
        name = f"numbers{extension}"
        if extension in TEXT_BUILDERS:
            (folder / name).write_text(TEXT_BUILDERS[extension](LINES), encoding="utf-8")
        elif extension in BINARY_BUILDERS:
            try:
                BINARY_BUILDERS[extension](folder / name, LINES)
            except pytest.skip.Exception as reason:
                skipped[extension] = str(reason)
                continue
        else:
            skipped[extension] = f"this test cannot build a {extension} file yet"
            continue
        files[extension] = name
    return Corpus(folder, files, skipped)


@cache
def _run(folder: Path, output_format: str, show_pii: bool) -> subprocess.CompletedProcess[str]:
    args = [sys.executable, "-m", "scriptlint", "check", "--isolated", "-j", "1", "--format", output_format,
            "--no-color", *(["--show-pii"] if show_pii else []), "."]
    return subprocess.run(args, check=False, cwd=folder, capture_output=True, text=True, encoding="utf-8")


def test_every_way_is_found_where_it_stands() -> None:
    # The test is only as good as what it plants: each written number is found, whole.
    for planted in PLANTED:
        text = f"请记录号码{planted.written}，谢谢。"
        characters = [5 + i for i, c in enumerate(planted.written) if c.isalnum()]
        assert [(f.start <= characters[0], f.end > characters[-1]) for f in find_personal_data(text)] == [
            (True, True)], planted


@pytest.mark.parametrize("extension", sorted(EXTENSIONS))
def test_every_number_of_every_input_format_is_reported(corpus: Corpus, extension: str) -> None:
    if extension not in corpus.files:
        pytest.skip(corpus.skipped[extension])
    run = _run(corpus.folder, "json", False)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    name = corpus.files[extension]
    assert [e for e in report["errors"] if e["path"].endswith(name)] == []
    found = [f for f in report["findings"] if f["code"] == "SL402" and f["path"].endswith(name)]
    # One finding per number, a wrapped one where it starts.
    assert len(found) == len(PLANTED), [f["text"] for f in found]


@pytest.mark.parametrize("output_format", FORMATS)
def test_no_output_format_shows_a_number(corpus: Corpus, output_format: str) -> None:
    run = _run(corpus.folder, output_format, False)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    output = run.stdout + run.stderr
    assert leaks(output) == []
    for name in corpus.files.values():
        assert name in output


# Formats that print a finding's message and place but not the text it was found in.
MESSAGE_ONLY_FORMATS = ("concise", "github", "gitlab")


@pytest.mark.parametrize("output_format", FORMATS)
def test_show_pii_shows_them(corpus: Corpus, output_format: str) -> None:
    """The search above can fail: with --show-pii the same search finds the numbers."""
    run = _run(corpus.folder, output_format, True)
    assert run.returncode == 1, run.stderr
    shown = leaks(run.stdout + run.stderr)
    if output_format in ("text", "json"):  # formats that print the text of a finding
        assert set(shown) >= {p for p in PLANTED if not p.wrapped}
    elif output_format in MESSAGE_ONLY_FORMATS:
        # One line per finding, its message only: SL402's message never quotes the number.
        assert shown == [] and "SL402" in run.stdout
    else:
        assert shown, "--show-pii shows no number: does this format print what it found?"


# --- error messages, the command line, the API ------------------------------------------------

MOBILE, ID_NUMBER, TAIWAN_ID = PLANTED[0].number, mainland_id(), taiwan_id()


def _leaked(text: str, *numbers: str) -> list[str]:
    shown = _canonical(text)
    return [n for n in numbers if any(n[i:i + 8] in shown for i in range(len(n) - 7))]


@pytest.mark.parametrize("output_format", FORMATS)
def test_error_messages_quote_numbers_masked(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "roles.jsonl").write_text(json.dumps({"role": ID_NUMBER, "text": "你好"}) + "\n", encoding="utf-8")
    (tmp_path / "roles.yaml").write_text(f"nodes:\n  - role: {MOBILE}\n    say: 你好\n", encoding="utf-8")
    (tmp_path / "roles.json").write_text(json.dumps({"nodes": [{"role": TAIWAN_ID, "say": "你好"}]}), encoding="utf-8")
    (tmp_path / "directive.txt").write_text(f"# scriptlint: industry={MOBILE}\n机器人：您好\n", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(f"nodes:\n  - say: 你好 {ID_NUMBER}\n   role: [\n", encoding="utf-8")
    run = _run(tmp_path, output_format, False)
    assert run.returncode == 2
    assert len([line for line in run.stderr.splitlines() if line.startswith("scriptlint: error:")]) == 5
    assert _leaked(run.stdout + run.stderr, MOBILE, ID_NUMBER, TAIWAN_ID) == []
    # With --show-pii the declaration's value shows (readers mask a bad role whatever the flag).
    shown = _run(tmp_path, output_format, True)
    assert MOBILE in _leaked(shown.stderr, MOBILE, ID_NUMBER, TAIWAN_ID)


@pytest.mark.parametrize("args", [
    ["--industry", MOBILE], ["--format", ID_NUMBER], ["--select", TAIWAN_ID], ["--ignore", MOBILE],
])
def test_command_line_errors_quote_numbers_masked(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "a.txt").write_text("机器人：您好\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", *args, "a.txt"],
                         check=False, cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 2, run.stderr
    assert "scriptlint: error:" in run.stderr
    assert _leaked(run.stdout + run.stderr, MOBILE, ID_NUMBER, TAIWAN_ID) == []


def test_config_file_errors_quote_numbers_masked(tmp_path: Path) -> None:
    (tmp_path / "scriptlint.toml").write_text(f'industry = "{MOBILE}"\nchannel = "{ID_NUMBER}"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("机器人：您好\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scriptlint", "check", "a.txt"], check=False, cwd=tmp_path,
                         capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 2 and "scriptlint.toml" in run.stderr
    assert _leaked(run.stdout + run.stderr, MOBILE, ID_NUMBER) == []


def test_repr_of_api_objects_is_masked(tmp_path: Path) -> None:
    numbers = [p.number for p in PLANTED]
    text = "\n".join(LINES)
    linter = Linter(Config(show_pii=True))  # even findings made with --show-pii
    findings = linter.check_text(text, kind="script")
    assert any(f.code == "SL402" for f in findings)
    script = read_text(SourceFile("t.txt"), _script(LINES), Speakers.with_extra((), ()))
    path = tmp_path / "numbers.txt"
    path.write_text(_script(LINES), encoding="utf-8")
    result = Linter().check_paths([str(path)])
    error = InputError("t.jsonl", f"unknown role '{MOBILE}'", 3)
    utterance = Utterance(f"号码{MOBILE}", extra={"caller": int(MOBILE), "ids": [ID_NUMBER], "tw": (TAIWAN_ID,)})
    objects: list[object] = [findings, script, script.utterances, result, result.files[0], error, utterance,
                             Script("t.txt", script.format_kind, [utterance]), list(find_personal_data(text))]
    for shown in objects:
        assert _leaked(repr(shown), *numbers, ID_NUMBER, TAIWAN_ID) == [], type(shown)
    # The values themselves are untouched: only their repr is masked.
    assert any(MOBILE in f.text for f in findings if f.code == "SL402")
    assert utterance.text.endswith(MOBILE) and str(error).endswith(f"'{MOBILE}'")


def test_a_bad_role_given_to_the_api_is_quoted_masked() -> None:
    with pytest.raises(ValueError) as caught:
        Linter().check_text("你好", role=MOBILE)
    assert MOBILE not in str(caught.value) and f"{MOBILE[:3]}****{MOBILE[-4:]}" in str(caught.value)
