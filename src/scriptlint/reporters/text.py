"""`--format text`: path:line:col, code, severity, message, the line with the match
highlighted, then a summary, and a hint per industry pack that was not selected but would have
matched. Colour only on a terminal."""
from __future__ import annotations

import re
from typing import IO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..lexicon import bundled_title
from ..model import CATEGORIES, FileResult, Finding
from ..privacy import mask
from . import Summary

EXCERPT_CONTEXT = 40  # characters shown on each side of a match on a long line
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
LABELS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "suggest": "建议：", "related": "同处还有：", "clean": "未发现问题",
           "found": "发现 {n} 个问题", "files": "检查了 {n} 个文件", "errors": "{n} 个输入错误",
           "open": "（", "close": "）", "comma": "，",
           "hint": "提示：{n} 行命中{title}词库（{pack}），是否需要 --industry {pack}？",
           "hint_one": "提示：{n} 行命中{title}词库（{pack}），是否需要 --industry {pack}？"},
    "en": {"error": "error", "warning": "warning", "info": "info", "suggest": "use instead: ", "related": "also: ", "clean": "No problems found",
           "found": "Found {n} problem(s)", "files": "{n} file(s) checked", "errors": "{n} input error(s)",
           "open": " (", "close": ")", "comma": ", ",
           "hint": "hint: {n} lines match the {pack} pack; did you mean --industry {pack}?",
           "hint_one": "hint: {n} line matches the {pack} pack; did you mean --industry {pack}?"},
}
# Chinese names of the bundled industry packs, for a pack whose `[pack]` has no title.
INDUSTRY_NAMES = {
    "finance": "金融", "education": "教育", "insurance": "保险", "ecommerce": "电商",
    "telecom": "通信", "healthcare": "医疗", "real-estate": "房地产", "collection": "催收",
}


TAB_SIZE = 8
# Characters a terminal would act on rather than show: control characters, and the bidi
# controls that reorder what follows them (a reviewer must see the line as it is stored).
_SHOWN_AS_CODE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def displayed(pieces: tuple[str, str, str], column: int) -> tuple[str, str, str]:
    """The pieces of an excerpt line as a terminal shows them from cell `column` on: tabs expanded
    to the next stop, and control and bidi characters written as <U+202E>. What `cell_len` then
    counts (two cells for a wide or full-width character, none for a combining mark) is where
    they stand, so the caret row can be measured in the same cells."""
    shown: list[str] = []
    for piece in pieces:
        piece = _SHOWN_AS_CODE.sub(lambda m: f"<U+{ord(m.group()):04X}>", piece)
        parts: list[str] = []
        for chunk in piece.split("\t"):
            if parts:
                spaces = TAB_SIZE - column % TAB_SIZE
                parts.append(" " * spaces)
                column += spaces
            parts.append(chunk)
            column += cell_len(chunk)
        shown.append("".join(parts))
    return shown[0], shown[1], shown[2]


def pack_display_name(pack: str) -> str:
    """A pack's Chinese name in a hint: its title, else the table's name, else its name."""
    return bundled_title(pack) or INDUSTRY_NAMES.get(pack, pack)


class TextReporter:
    def __init__(self, stream: IO[str], lang: str = "zh", show_pii: bool = False, color: bool | None = None) -> None:
        self.console = Console(file=stream, highlight=False, soft_wrap=True, emoji=False,
                               force_terminal=color, no_color=(color is False))
        self.labels = LABELS[lang]
        self.show_pii = show_pii

    def _excerpt(self, finding: Finding) -> list[Text]:
        """The utterance line holding the match, highlighted, cut to a window around it on long
        lines; a caret row when there is no colour."""
        utterance = finding.utterance
        if not utterance:
            return []
        segment_start = utterance.rfind("\n", 0, finding.offset) + 1
        segment_end = utterance.find("\n", finding.offset)
        line = utterance[segment_start:segment_end if segment_end != -1 else len(utterance)]
        start = min(finding.offset - segment_start, len(line))
        end = min(max(finding.offset_end - segment_start, start + 1), len(line))
        left = max(0, start - EXCERPT_CONTEXT)
        right = min(len(line), end + EXCERPT_CONTEXT)
        before = ("…" if left else "") + line[left:start]
        match, after = line[start:end], line[end:right] + ("…" if right < len(line) else "")
        if not self.show_pii:
            # Mask the whole visible piece at once so a number split by the highlight is caught.
            masked = mask(before + match + after)
            before, match, after = masked[:len(before)], masked[len(before):len(before) + len(match)], masked[len(before) + len(match):]
        gutter = f"{finding.line:>5} │ "
        before, match, after = displayed((before, match, after), cell_len(gutter))
        text = Text(gutter, style="dim")
        text.append(before)
        text.append(match, style="bold reverse")
        text.append(after)
        rows = [text]
        if self.console.no_color or not self.console.is_terminal:
            pad = " " * (cell_len(gutter) + cell_len(before))
            rows.append(Text(pad + "^" * max(cell_len(match), 1)))
        return rows

    def file(self, result: FileResult) -> None:
        for finding in result.findings:
            header = Text()
            header.append(f"{finding.path}:{finding.line}:{finding.column}", style="bold")
            header.append(": ")
            header.append(finding.code, style="bold")
            header.append(" ")
            header.append(self.labels[finding.severity.value], style=SEVERITY_STYLE[finding.severity.value])
            header.append(" " + finding.message)
            if finding.entry:
                header.append(f" [{finding.entry}]", style="dim")
            if finding.related:
                header.append(f" ({self.labels['related']}{', '.join(finding.related)})", style="dim")
            self.console.print(header)
            for row in self._excerpt(finding):
                self.console.print(row)
            if finding.suggestion:
                self.console.print(Text(f"      {self.labels['suggest']}{finding.suggestion}", style="green"))

    def finish(self, summary: Summary) -> None:
        labels = self.labels
        if summary.findings == 0 and not summary.errors:
            line = f"{labels['clean']}{labels['open']}{labels['files'].format(n=summary.files)}{labels['close']}"
            self.console.print(Text(line, style="green"))
        elif summary.findings == 0:
            self.console.print(Text(labels["files"].format(n=summary.files), style="bold"))
        else:
            parts = [f"{labels[s]} {summary.by_severity[s]}" for s in ("error", "warning", "info") if summary.by_severity[s]]
            self.console.print()
            self.console.print(Text(f"{labels['found'].format(n=summary.findings)}{labels['open']}"
                                    f"{labels['comma'].join(parts)}{labels['close']}{labels['comma']}"
                                    f"{labels['files'].format(n=summary.files)}", style="bold"))
            for category in CATEGORIES:
                count = summary.by_category[category]
                if count:
                    self.console.print(f"  {category:<18} {count}")
        if summary.errors:
            self.console.print(Text(labels["errors"].format(n=summary.errors), style="bold red"))
        for hint in summary.hints:
            label = labels["hint_one" if hint.lines == 1 else "hint"]
            self.console.print(Text(label.format(n=hint.lines, pack=hint.pack, title=pack_display_name(hint.pack)),
                                    style="cyan"))
