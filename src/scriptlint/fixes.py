"""Applying the fixes findings carry (`--fix`, `--unsafe-fixes`, `--diff`), as ruff does: the
fixes of a file are applied together, overlapping ones in later passes (up to MAX_PASSES), and
the file is linted again after each pass.

A fix is an edit of the decoded text at the finding's position. It is written back in the
file's own terms:
- the bytes outside the edited spans are the original bytes, copied, never re-encoded, so the
  encoding (GB18030 stays GB18030), the BOM and the line endings (CRLF) cannot change;
- inside a JSON string the replacement is escaped as JSON (\\u escapes where the original
  used them), inside a quoted CSV field its quotes are doubled;
- a span that the file writes escaped where no such rule is known (a YAML escape, a Markdown
  table's \\|) is left alone, and so is a replacement that would need escaping there.

Before the rename, the new file must read back with exactly the expected utterances; after it,
the file is linted again and no finding of the fixed code may remain on a fixed span, else the
old bytes are put back. A file with an input error, one that changed since it was read, a
workbook, a Word document and standard input are never written. See `safewrite`.
"""
from __future__ import annotations

import bisect
import codecs
import difflib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from .model import (
    LINE_BREAK,
    Applicability,
    Correction,
    FileResult,
    Finding,
    InputError,
    LineIndex,
    Notice,
    Utterance,
    personal_data_index,
)
from .privacy import mask
from .readers import format_of, read_scripts
from .readers.decode import decode_bytes
from .rules.base import Text
from .safewrite import ChangedOnDisk, replace_file, snapshot
from .surrogates import printable

if TYPE_CHECKING:
    import os

    from .api import Linter
    from .model import SourceFile

MAX_PASSES = 10
# Formats read through a library, not as text: their fixes are shown, never written.
UNWRITABLE_FORMATS = frozenset({"workbook", "document"})
STDIN_NAME = "<stdin>"

MESSAGES = {
    "unwritable": Text("不支持自动修复 .xlsx/.docx 文件，请手动修改", "fixes not supported for .xlsx/.docx; edit the file by hand"),
    "stdin": Text("标准输入不做修复", "standard input is not fixed"),
    "errors": Text("文件有输入错误，未修复", "not fixed: the file has input errors"),
    "changed": Text("文件在检查后被修改，未修复；请重新运行", "not fixed: the file changed since it was read; run again"),
    "skipped": Text("{n} 处修复未应用：{why}", "{n} fix(es) not applied: {why}"),
    "unreadable": Text("修复结果未能按预期读回，文件未改动", "not fixed: the fixed file did not read back as expected; the file is unchanged"),
    "restored": Text("修复后问题仍在（{codes}），已恢复原文件", "the fix did not remove {codes}; the original file was put back"),
    "oserror": Text("无法修复：{error}", "not fixed: {error}"),
    "would_fix": Text("将修复 {n} 个问题（{files} 个文件）", "Would fix {n} problem(s) in {files} file(s)"),
    "nothing": Text("没有可自动修复的问题", "No fixes available"),
    "encoding": Text("无法按原编码写回，未修复", "not fixed: the fix cannot be written in the file's encoding"),
}
REASONS = {
    "escaped": Text("原文在此处使用了转义", "the text is escaped there in the file"),
    "literal": Text("替换内容需要转义，无法安全写入", "the replacement would need escaping there"),
    "moved": Text("文件内容与检查时不一致", "the file no longer holds the linted text there"),
}


def fixable(finding: Finding, unsafe: bool = False) -> Correction | None:
    """The fix `--fix` applies for this finding (with `unsafe`: `--unsafe-fixes` too), or None."""
    fix = finding.fix
    if not finding.active:  # suppressed or in the baseline: left as it is
        return None
    if fix is None or (fix.applicability is Applicability.UNSAFE and not unsafe):
        return None
    return fix


@dataclass(frozen=True)
class _Span:
    """One edit, placed: decoded-text offsets [start, end), the text to write there (escaped for
    its literal), and the utterance characters it replaces."""

    start: int
    end: int
    written: str
    decoded: str
    utterance: int
    first: int  # [first, last) in the utterance's text
    last: int
    code: str  # of the finding it fixes

    @property
    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.written

    def overlaps(self, other: _Span) -> bool:
        return self.start < other.end and other.start < self.end or (self.start, self.end) == (other.start, other.end)


@dataclass
class FilePlan:
    """The fixes of one pass over one file: what was read, what will be written."""

    path: str
    before: bytes
    before_stat: os.stat_result
    source: SourceFile
    text: str
    after: bytes = b""
    new_text: str = ""
    spans: list[_Span] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)  # every utterance's text after the fix
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> count

    def new_positions(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Where each written span stands in the new text, as ((line, column), (end_line, end_column))."""
        index = LineIndex(self.new_text)
        shift = 0
        found = []
        for span in self.spans:
            start = span.start + shift
            found.append((index.position(start), index.position(start + len(span.written))))
            shift += len(span.written) - (span.end - span.start)
        return found


class _Unwritable(Exception):
    """The plan cannot be written faithfully; `key` names the message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _codec(source: SourceFile, data: bytes) -> tuple[str, int]:
    """The codec that writes the decoded text, and how many BOM bytes precede it."""
    encoding = source.encoding
    if encoding == "utf-8-sig":
        return "utf-8", len(codecs.BOM_UTF8)
    if encoding in ("utf-16", "utf-32"):
        width = 2 if encoding == "utf-16" else 4
        little = data[:width] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE)
        return f"{encoding}-{'le' if little else 'be'}", width
    return encoding, 0


def _located(utterances: list[Utterance], starts: list[int], offset_of: Callable[[tuple[int, int]], int | None],
             start: int, end: int) -> tuple[int, int, int] | None:
    """(utterance, first, last): the utterance whose characters cover text[start:end], and
    which of them; None when no utterance does."""
    candidate = bisect.bisect_right(starts, start) - 1
    for index in (candidate, candidate - 1, candidate + 1):
        if not 0 <= index < len(utterances):
            continue
        utterance = utterances[index]
        positions = [offset_of(utterance.locate(i)) for i in range(len(utterance.text) + 1)] \
            if utterance.offsets is not None else None
        if positions is None:
            base = starts[index]
            first, last = start - base, end - base
        elif start in positions and end in positions:
            first, last = positions.index(start), len(positions) - 1 - positions[::-1].index(end)
        else:
            continue
        if 0 <= first <= last <= len(utterance.text):
            return index, first, last
    return None


def _written(fmt: str | None, path: str, text: str, start: int, end: int, original: str, content: str,
             literal_start: int) -> str | None:
    """`content` as the file must spell it at text[start:end], which reads as `original`;
    None when that cannot be done safely (the span is escaped, or the replacement would be)."""
    source = text[start:end]
    is_json = fmt == "transcript" or path.lower().endswith(".json")
    if is_json:
        if source != original:
            try:
                if json.loads(f'"{source}"') != original:
                    return None
            except ValueError:
                return None
        # Keep the literal's style: \u escapes where the original wrote its characters so.
        ascii_escaped = "\\u" in source and not original.isascii()
        return json.dumps(content, ensure_ascii=ascii_escaped)[1:-1]
    if source != original or any(c in content for c in "\r\n"):
        return None
    if fmt == "replies" and any(c in content for c in '",'):
        quoted = literal_start > 0 and text[literal_start - 1] == '"'
        return content.replace('"', '""') if quoted else None
    if fmt == "markdown" and "|" in content:
        return None
    return content


def plan_file(path: str, findings: Iterable[Finding], unsafe: bool, utterances: list[Utterance],
              before: bytes, before_stat: os.stat_result) -> FilePlan:
    """The non-overlapping fixes of `findings` applied to `before` (the bytes `utterances` were
    read from). Raises _Unwritable when the result cannot be written byte-faithfully."""
    source, text = decode_bytes(path, before)
    plan = FilePlan(path, before, before_stat, source, text)
    line_starts = LineIndex(text).line_starts

    def offset_of(position: tuple[int, int]) -> int | None:
        line, column = position
        if not 1 <= line <= len(line_starts):
            return None
        return line_starts[line - 1] + column - 1

    starts = [offset_of(u.locate(0)) or 0 for u in utterances]
    # A finding holds its utterance masked (unless --show-pii): either form is the text linted.
    masked = personal_data_index(utterances).masked
    fmt = format_of(path)
    chosen: list[_Span] = []
    chosen_keys: set[tuple[int, int, str]] = set()
    for finding in sorted(findings, key=lambda f: (f.line, f.column, f.end_line, f.end_column, f.code)):
        fix = fixable(finding, unsafe)
        if fix is None:
            continue
        spans: list[_Span] = []
        for edit in fix.edits:
            start, end = offset_of((edit.line, edit.column)), offset_of((edit.end_line, edit.end_column))
            where = _located(utterances, starts, offset_of, start, end) if start is not None and end is not None else None
            if (where is None or start is None or end is None
                    or finding.utterance not in (utterances[where[0]].text, masked[where[0]])):
                plan.skipped["moved"] = plan.skipped.get("moved", 0) + 1
                break
            index, first, last = where
            original = utterances[index].text[first:last]
            written = _written(fmt, path, text, start, end, original, edit.content, starts[index])
            if written is None:
                reason = "escaped" if text[start:end] != original else "literal"
                plan.skipped[reason] = plan.skipped.get(reason, 0) + 1
                break
            spans.append(_Span(start, end, written, edit.content, index, first, last, finding.code))
        else:
            if all(s.key in chosen_keys for s in spans):
                plan.fixed.append(finding)  # the very edits of a fix already chosen (two findings, one fix)
                continue
            if any(s.overlaps(other) for s in spans for other in chosen):
                continue  # overlaps a chosen fix: the next pass tries it again
            chosen.extend(spans)
            chosen_keys.update(s.key for s in spans)
            plan.fixed.append(finding)
    plan.spans = sorted(chosen, key=lambda s: s.start)
    if not plan.spans:
        return plan
    plan.after, plan.new_text = _splice(plan)
    plan.expected = _expected(utterances, plan.spans)
    return plan


def _splice(plan: FilePlan) -> tuple[bytes, str]:
    """The new bytes, copied from the old ones outside the spans, and the new text."""
    codec, bom = _codec(plan.source, plan.before)
    before, text = plan.before, plan.text
    pieces = [before[:bom]]
    texts: list[str] = []
    byte, char = bom, 0
    try:
        for span in plan.spans:
            for segment, replacement in ((text[char:span.start], None), (text[span.start:span.end], span.written)):
                encoded = segment.encode(codec)
                if before[byte:byte + len(encoded)] != encoded:
                    raise _Unwritable("encoding")  # the decoding does not round-trip here
                pieces.append(encoded if replacement is None else replacement.encode(codec))
                byte += len(encoded)
            texts += [text[char:span.start], span.written]
            char = span.end
        if before[byte:] != text[char:].encode(codec):
            raise _Unwritable("encoding")
    except UnicodeEncodeError:
        raise _Unwritable("encoding") from None
    pieces.append(before[byte:])
    texts.append(text[char:])
    after, new_text = b"".join(pieces), "".join(texts)
    try:
        source, decoded = decode_bytes(plan.path, after)
    except InputError:
        raise _Unwritable("encoding") from None
    if decoded != new_text or (source.encoding, source.bom, source.newline) != (
            plan.source.encoding, plan.source.bom, plan.source.newline):
        raise _Unwritable("encoding")
    return after, new_text


def _expected(utterances: list[Utterance], spans: list[_Span]) -> list[str]:
    texts = [u.text for u in utterances]
    by_utterance: dict[int, list[_Span]] = {}
    for span in spans:
        by_utterance.setdefault(span.utterance, []).append(span)
    for index, placed in by_utterance.items():
        text = texts[index]
        for span in sorted(placed, key=lambda s: s.first, reverse=True):
            text = text[:span.first] + span.decoded + text[span.last:]
        texts[index] = text
    return texts


@dataclass
class Fixer:
    """Applies fixes to the results of a run, file by file (`--fix`), or shows them (`--diff`)."""

    linter_of: Callable[[str], Linter]  # each file's: its own config's Linter (workspace.py)
    lang: str  # the run's, for notices
    unsafe: bool = False
    on_notice: Callable[[Notice], None] = lambda notice: None
    fixed: int = 0  # findings fixed (or, with --diff, that would be)
    files_changed: int = 0

    def _notice(self, path: str, key: str, **values: object) -> None:
        self.on_notice(Notice(path, MESSAGES[key](self.lang, **values)))

    def _utterances(self, path: str) -> list[Utterance]:
        """The utterances of the file as the readers read it; InputError when it has errors."""
        errors: list[InputError] = []
        linter = self.linter_of(path)
        scripts = read_scripts(path, linter.speakers, errors.append, linter.config.encoding)
        utterances = [u for script in scripts for u in script.utterances]
        if errors:
            raise errors[0]
        return utterances

    def _plan(self, path: str, findings: list[Finding]) -> FilePlan | None:
        """This pass's plan, or None (with a notice) when the file is not to be written."""
        try:
            before, before_stat = snapshot(path)
            utterances = self._utterances(path)
            plan = plan_file(path, findings, self.unsafe, utterances, before, before_stat)
        except _Unwritable as problem:
            self._notice(path, problem.key)
            return None
        except (InputError, ChangedOnDisk):
            self._notice(path, "changed")
            return None
        except OSError as error:
            self._notice(path, "oserror", error=error.strerror or error)
            return None
        return plan

    def _report_skipped(self, path: str, skipped: dict[str, int]) -> None:
        if skipped:
            separator = "；" if self.lang != "en" else "; "
            self._notice(path, "skipped", n=sum(skipped.values()),
                         why=separator.join(REASONS[k](self.lang) for k in sorted(skipped)))

    def _wanted(self, result: FileResult) -> bool:
        """Whether the file has fixes to apply, and may be written (notices say why not)."""
        if not any(fixable(f, self.unsafe) for f in result.findings):
            return False
        if result.path == STDIN_NAME:
            self._notice(result.path, "stdin")
        elif format_of(result.path) in UNWRITABLE_FORMATS:
            self._notice(result.path, "unwritable")
        elif result.errors:
            self._notice(result.path, "errors")
        else:
            return True
        return False

    def fix_file(self, result: FileResult) -> FileResult:
        """Apply the fixes of one whole file's result; the result of the fixed file (or the
        given one when nothing was written)."""
        if not self._wanted(result):
            return result
        path = result.path
        changed = False
        skipped: dict[str, int] = {}  # by the last pass: a fix skipped once is skipped in every pass
        for _ in range(MAX_PASSES):
            plan = self._plan(path, result.findings)
            if plan is None:
                break
            skipped = plan.skipped
            if not plan.spans:
                break
            try:
                replace_file(path, plan.after, plan.before, plan.before_stat, self._reads_back(plan))
            except _Unwritable as problem:
                self._notice(path, problem.key)
                break
            except (InputError, ChangedOnDisk):
                self._notice(path, "changed")
                break
            except OSError as error:
                self._notice(path, "oserror", error=error.strerror or error)
                break
            fixed = self.linter_of(path).check_file(path)
            remaining = self._still_flagged(plan, fixed)
            if fixed.errors or remaining:
                self._restore(plan)
                self._notice(path, "restored", codes=", ".join(remaining or ["input errors"]))
                break
            self.fixed += len(plan.fixed)
            changed = True
            result = fixed
            if not any(fixable(f, self.unsafe) for f in result.findings):
                break
        self._report_skipped(path, skipped)
        self.files_changed += changed
        return result

    def _reads_back(self, plan: FilePlan) -> Callable[[str], None]:
        def check(temporary: str) -> None:
            try:
                texts = [u.text for u in self._utterances(temporary)]
            except InputError:
                raise _Unwritable("unreadable") from None
            if texts != plan.expected:
                raise _Unwritable("unreadable")
        return check

    @staticmethod
    def _still_flagged(plan: FilePlan, result: FileResult) -> list[str]:
        """Codes of the fixed findings that the fixed file still has on a fixed span."""
        codes: set[str] = set()
        for (start, end), span in zip(plan.new_positions(), plan.spans):
            for other in result.findings:
                if other.code != span.code:
                    continue
                here, there = (other.line, other.column), (other.end_line, other.end_column)
                if here < end and start < there or here <= start < there:
                    codes.add(span.code)
        return sorted(codes)

    def _restore(self, plan: FilePlan) -> None:
        try:
            current, current_stat = snapshot(plan.path)
            if current == plan.after:
                replace_file(plan.path, plan.before, current, current_stat)
        except (InputError, ChangedOnDisk, OSError):
            self._notice(plan.path, "changed")

    def fix_results(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        """The results of a run with the fixes applied: a file's parts are held until its last
        one, then the file is fixed and its new result given whole (untouched files pass as
        they came)."""
        for parts in _whole_files(results):
            whole = _merged(parts)
            if any(fixable(f, self.unsafe) for f in whole.findings):
                yield self.fix_file(whole)
            else:
                yield from parts

    def diff_summary(self) -> str:
        if not self.fixed:
            return MESSAGES["nothing"](self.lang)
        return MESSAGES["would_fix"](self.lang, n=self.fixed, files=self.files_changed)

    def diffs(self, results: Iterable[FileResult], out: IO[str], show_pii: bool = False) -> Iterator[FileResult]:
        """Write the unified diff of each file's fixes to `out` (one pass: fixes that overlap
        another one are left for `--fix`'s later passes); the results pass through, for
        their errors."""
        for parts in _whole_files(results):
            whole = _merged(parts)
            if self._wanted(whole):
                plan = self._plan(whole.path, whole.findings)
                if plan is not None:
                    self._report_skipped(plan.path, plan.skipped)
                if plan is not None and plan.spans:
                    self.fixed += len(plan.fixed)
                    self.files_changed += 1
                    out.write(unified_diff(plan.path, plan.text, plan.new_text, show_pii))
            yield whole


def _whole_files(results: Iterable[FileResult]) -> Iterator[list[FileResult]]:
    parts: list[FileResult] = []
    for part in results:
        parts.append(part)
        if part.complete:
            yield parts
            parts = []
    if parts:
        yield parts


def _merged(parts: list[FileResult]) -> FileResult:
    if len(parts) == 1:
        return parts[0]
    whole = FileResult(parts[-1].path)
    for part in parts:
        whole.findings.extend(part.findings)
        whole.errors.extend(part.errors)
        for pack, lines in part.hints.items():
            whole.hints.setdefault(pack, set()).update(lines)
    return whole


def unified_diff(path: str, old: str, new: str, show_pii: bool = False) -> str:
    """A unified diff of the changed lines, personal data masked unless `show_pii` (then a
    masked number looks unchanged: the diff still says which line the fix touches)."""
    def lines(text: str) -> list[str]:
        found = LINE_BREAK.split(text)
        return found[:-1] if found and not found[-1] else found

    shown = printable(path)
    diff = list(difflib.unified_diff(lines(old), lines(new), fromfile=shown, tofile=shown, lineterm=""))
    # Compared unmasked (a masking is a change), printed masked; the headers are not text.
    body = [line if show_pii or line.startswith("@@") else mask(line) for line in diff[2:]]
    return "".join(f"{printable(line)}\n" for line in diff[:2] + body)


__all__ = ["MAX_PASSES", "FilePlan", "Fixer", "fixable", "plan_file", "unified_diff"]
