"""The sign-off report as a browser shows and prints it: headless Chromium (Debian's `chromium`
with `fonts-noto-cjk`; `.ci/run` installs them with apt-get when they are missing) renders the
HTML report of the examples.

- Real CJK glyphs, not tofu: the page is rendered as it is, with every CJK character replaced
  by an unassigned code point (which can only render as a missing-glyph box), and with every
  CJK character replaced by the next one. Were the CJK text drawn as boxes, the three would look
  alike: a box is a box whatever the character. They must differ, and the page must have ink.
- The PDF printed through Chromium has a page per file or more, embeds a CJK font, and the
  stylesheet keeps rows whole (break-inside: avoid).

PNG screenshots are decoded with the standard library (zlib), so no imaging package is needed."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from scriptlint.api import Linter
from scriptlint.config import Config
from scriptlint.signoff import ReportOptions, build_report, render

ROOT = Path(__file__).resolve().parents[1]
WINDOW = (1000, 1400)
CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
UNASSIGNED = "\u0378"  # not a character in any Unicode version: every font lacks it


def _browser() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def _has_cjk_font() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


BROWSER = _browser()
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="no Chromium: install Debian's chromium and fonts-noto-cjk "
                                               "(.ci/run does so with apt-get when it can)"),
    pytest.mark.skipif(BROWSER is not None and not _has_cjk_font(),
                       reason="no CJK font (fc-list :lang=zh is empty): install fonts-noto-cjk"),
]


def _chromium(tmp_path: Path, page: Path, *flags: str) -> None:
    assert BROWSER is not None
    profile = tmp_path / "profile"
    subprocess.run([BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                    f"--user-data-dir={profile}", *flags, page.as_uri()],
                   capture_output=True, timeout=180, check=True)


def _screenshot(tmp_path: Path, html: str, name: str) -> list[bytes]:
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    png = tmp_path / f"{name}.png"
    _chromium(tmp_path, page, f"--screenshot={png}", f"--window-size={WINDOW[0]},{WINDOW[1]}")
    return decode_png(png.read_bytes())


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def decode_png(data: bytes) -> list[bytes]:
    """The rows of an 8-bit RGB or RGBA PNG as grey levels (one byte a pixel)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat = 8, []
    width = height = channels = 0
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG: depth {depth}, colour type {colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                corner = previous[i - channels] if i >= channels else 0
                line[i] = (line[i] + _paeth(left, previous[i], corner)) & 0xFF
        previous = line
        rows.append(bytes((line[i] * 299 + line[i + 1] * 587 + line[i + 2] * 114) // 1000
                          for i in range(0, stride, channels)))
    return rows


def _dark(rows: list[bytes]) -> int:
    return sum(sum(1 for level in row if level < 128) for row in rows)


def _different(first: list[bytes], second: list[bytes]) -> int:
    return sum(sum(1 for a, b in zip(r1, r2) if abs(a - b) > 64) for r1, r2 in zip(first, second))


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int]:
    report = build_report(Linter(Config()), [str(ROOT / "examples")], 1, ReportOptions("2025-03-14"))
    return render(report, "html"), len(report.files)


def test_cjk_text_renders_as_glyphs_not_tofu(tmp_path: Path, report_html: tuple[str, int]) -> None:
    html, _ = report_html
    real = _screenshot(tmp_path, html, "real")
    tofu = _screenshot(tmp_path, CJK.sub(UNASSIGNED, html), "tofu")
    shifted = _screenshot(tmp_path, CJK.sub(lambda m: chr(ord(m.group()) + 1), html), "shifted")
    pixels = WINDOW[0] * WINDOW[1]
    assert len(real) == WINDOW[1] and len(real[0]) == WINDOW[0]
    # Not blank: text and rules put ink on the page, and most of it is still white paper.
    assert pixels // 200 < _dark(real) < pixels // 2
    # Glyphs: each character draws its own shape, unlike a missing-glyph box.
    assert _different(real, tofu) > pixels // 200
    assert _different(real, shifted) > pixels // 200


def test_printed_pdf_has_a_page_per_file_and_a_cjk_font(tmp_path: Path, report_html: tuple[str, int]) -> None:
    html, files = report_html
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    _chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", data))
    # Each file starts a page; the header, the chart and the sign-off take at least one more.
    assert files + 1 <= pages <= 6 * files + 6
    fonts = set(re.findall(rb"/(?:BaseFont|FontName)\s*/([^\s/<>\[\]()]+)", data))
    assert any(b"CJK" in font or b"SourceHan" in font for font in fonts), fonts
    # No row is cut across pages: every row, finding and block is kept whole by the stylesheet.
    assert re.search(r"tr, \.finding[^{]*\{ break-inside: avoid; page-break-inside: avoid; \}", html)
    assert "section.file, section.signoff-page { break-before: page;" in html
