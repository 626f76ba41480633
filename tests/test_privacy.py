"""Personal data: what counts (mobile numbers, ID numbers with a valid checksum, Luhn-valid bank
cards; Taiwan mobiles, Taiwan and Hong Kong ID numbers), what does not (masked forms, 400/800
numbers, bad checksums, order numbers), and that no output shows it unmasked unless --show-pii."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scriptlint import Linter, privacy
from scriptlint.config import Config
from scriptlint.model import FileResult, Finding, Severity
from scriptlint.privacy import (
    DASHES,
    LocatedData,
    PersonalDataIndex,
    find_personal_data,
    hong_kong_id_checksum_ok,
    id_checksum_ok,
    luhn_ok,
    mask,
    taiwan_id_checksum_ok,
)
from scriptlint.reporters.text import TextReporter

# Written out here, independently of scriptlint.privacy (GB 11643-1999, ISO/IEC 7812).
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_check_char(first17: str) -> str:
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


def luhn_check_digit(payload: str) -> str:
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if position % 2 == 0:  # doubled: the check digit will sit to its right
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return str((10 - total % 10) % 10)


# 3*7+2*9+0*10+1*5+0*8+6*4+1*2+9*1+8*6+5*3+1*7+0*9+2*10+0*5+4*8+5*4+1*2 = 223; 223 % 11 = 3 -> "9"
VALID_ID = "320106198510204519"
VALID_ID_X = "11010519491231002X"
VALID_CARD_19 = "6222020200112345679"
VALID_CARD_16 = "4111111111111111"


def test_reference_numbers_are_valid() -> None:
    assert id_check_char(VALID_ID[:17]) == "9"
    assert id_check_char(VALID_ID_X[:17]) == "X"
    assert luhn_check_digit(VALID_CARD_19[:-1]) == "9"
    assert luhn_check_digit(VALID_CARD_16[:-1]) == "1"
    assert id_checksum_ok(VALID_ID) and id_checksum_ok(VALID_ID_X) and id_checksum_ok(VALID_ID_X.lower())
    assert not id_checksum_ok(VALID_ID[:-1] + "8")
    assert luhn_ok(VALID_CARD_19) and luhn_ok(VALID_CARD_16) and not luhn_ok("4111111111111112")


# --- Taiwan and Hong Kong -------------------------------------------------------------------
# Made-up numbers, check digits worked out by hand.
# Taiwan: letter code (F=15, K=19, M=21, Q=24 in the official table) as two digits, then the
# nine digits; weights 1,9,8,7,6,5,4,3,2,1,1; the sum must end in 0.
#   F228193748: 1+5*9 + 2*8+2*7+8*6+1*5+9*4+3*3+7*2+4*1 + 8 = 46+146+8 = 200
#   Q830641526: 2+4*9 + 8*8+3*7+0*6+6*5+4*4+1*3+5*2+2*1 + 6 = 38+146+6 = 190 (resident, 8)
#   M905472138: 2+1*9 + 9*8+0*7+5*6+4*5+7*4+2*3+1*2+3*1 + 8 = 11+161+8 = 180 (resident, 9)
#   K173506288: 1+9*9 + 1*8+7*7+3*6+5*5+0*4+6*3+2*2+8*1 + 8 = 82+130+8 = 220
# Hong Kong: space=36 (one letter), A=10 .. Z=35; weights 9..2; the check value (A=10) makes
# the sum a multiple of 11.
#   C668421(A): 36*9+12*8 + 6*7+6*6+8*5+4*4+2*3+1*2 = 562 = 11*51+1 -> 10 -> A
#   K507239(5): 36*9+20*8 + 5*7+0*6+7*5+2*4+3*3+9*2 = 589 = 11*53+6 -> 5
#   XA193804(2): 33*9+10*8 + 1*7+9*6+3*5+8*4+0*3+4*2 = 493 = 11*44+9 -> 2
#   G370127(0): 36*9+16*8 + 3*7+7*6+0*5+1*4+2*3+7*2 = 539 = 11*49 -> 11 -> 0
#   Z683372(2): 36*9+35*8 + 6*7+8*6+3*5+3*4+7*3+2*2 = 746 = 11*67+9 -> 2


def test_taiwan_and_hong_kong_checksums() -> None:
    for number in ("F228193748", "Q830641526", "M905472138", "K173506288", "k173506288"):
        assert taiwan_id_checksum_ok(number), number
    for number in ("F228193747", "G228193748", "Q830641527", "F22819374", "F2281937480", "1228193748"):
        assert not taiwan_id_checksum_ok(number), number
    for number in ("C668421(A)", "C668421A", "c668421a", "K5072395", "XA193804(2)", "G370127(0)", "Z683372(2)"):
        assert hong_kong_id_checksum_ok(number), number
    # C668421(0) and G370127(A) swap the two special cases (10 -> A, 11 -> 0).
    for number in ("C668421(3)", "C668421(0)", "G370127(A)", "K507239(4)", "XA193804(3)", "C66842(A)",
                   "XYZ193804(2)"):
        assert not hong_kong_id_checksum_ok(number), number


@pytest.mark.parametrize(
    ("text", "masked", "kind", "span"),
    [
        ("请拨打13812345678", "请拨打138****5678", "mobile", (3, 14)),
        ("电话 138 1234 5678。", "电话 138 **** 5678。", "mobile", (3, 16)),
        ("电话138-1234-5678", "电话138-****-5678", "mobile", (2, 15)),
        ("电话138\u30001234\u30005678", "电话138\u3000****\u30005678", "mobile", (2, 15)),
        ("手机：+8613812345678", "手机：+86138****5678", "mobile", (4, 17)),
        ("手机：+86 138 1234 5678", "手机：+86 138 **** 5678", "mobile", (4, 20)),
        ("手机：+86-138-1234-5678", "手机：+86-138-****-5678", "mobile", (4, 20)),
        ("号码１３８１２３４５６７８", "号码１３８****５６７８", "mobile", (2, 13)),
        ("**13812345678**", "**138****5678**", "mobile", (2, 13)),
        (f"身份证{VALID_ID}", "身份证320106********4519", "id-number", (3, 21)),
        (f"身份证号：{VALID_ID_X.lower()}", "身份证号：110105********002x", "id-number", (5, 23)),
        ("身份证 320106 19851020 4519", "身份证 320106 ******** 4519", "id-number", (4, 24)),
        (f"卡号{VALID_CARD_19}", "卡号6222***********5679", "bank-card", (2, 21)),
        ("卡号 6222 0202 0011 2345 679", "卡号 6222 **** **** ***5 679", "bank-card", (3, 26)),
        (f"card {VALID_CARD_16}.", "card 4111********1111.", "bank-card", (5, 21)),
        # Taiwan and Hong Kong, in Traditional script.
        ("身分證字號F228193748", "身分證字號F******748", "taiwan-id", (5, 15)),
        ("居留證號Q830641526。", "居留證號Q******526。", "taiwan-id", (4, 14)),
        ("統一證號：M905472138", "統一證號：M******138", "taiwan-id", (5, 15)),
        ("身分證 k173506288", "身分證 k******288", "taiwan-id", (4, 14)),
        ("身分證：Ｆ２２８１９３７４８", "身分證：Ｆ******７４８", "taiwan-id", (4, 14)),
        ("香港身份證C668421(A)", "香港身份證C****21(A)", "hong-kong-id", (5, 15)),
        ("身份證號碼：K507239（5）", "身份證號碼：K****39（5）", "hong-kong-id", (6, 16)),
        ("證件XA193804(2)，", "證件XA****04(2)，", "hong-kong-id", (2, 13)),
        ("HKID G3701270", "HKID G****270", "hong-kong-id", (5, 13)),
        ("身份證 Z683372 (2)", "身份證 Z****72 (2)", "hong-kong-id", (4, 15)),
        ("手機0928-617-305", "手機0928-***-305", "taiwan-mobile", (2, 14)),
        ("請撥0935271846。", "請撥0935***846。", "taiwan-mobile", (2, 12)),
        ("行動電話 0935 271 846", "行動電話 0935 *** 846", "taiwan-mobile", (5, 17)),
        ("電話：+886 963 408 172", "電話：+886 963 *** 172", "taiwan-mobile", (4, 19)),
        ("+886-972-115-390", "+886-972-***-390", "taiwan-mobile", (1, 16)),
        ("聯絡電話：+886972115390", "聯絡電話：+886972***390", "taiwan-mobile", (6, 18)),
        # Written every way: separators, brackets, full-width digits, line breaks, invisible characters.
        ("电话138\t1234\t5678", "电话138\t****\t5678", "mobile", (2, 15)),
        ("电话138,1234,5678", "电话138,****,5678", "mobile", (2, 15)),
        ("电话138，1234，5678", "电话138，****，5678", "mobile", (2, 15)),
        ("电话138、1234、5678", "电话138、****、5678", "mobile", (2, 15)),
        ("电话138\u20131234\u20135678", "电话138\u2013****\u20135678", "mobile", (2, 15)),  # en dash
        ("电话138\u20141234\u20145678", "电话138\u2014****\u20145678", "mobile", (2, 15)),  # em dash
        ("电话138\uff0d1234\uff0d5678", "电话138\uff0d****\uff0d5678", "mobile", (2, 15)),  # full-width hyphen-minus
        ("电话138\u22121234\u22125678", "电话138\u2212****\u22125678", "mobile", (2, 15)),  # minus sign
        ("电话138\u20111234\u20115678", "电话138\u2011****\u20115678", "mobile", (2, 15)),  # non-breaking hyphen
        ("电话138 - 1234 - 5678", "电话138 - **** - 5678", "mobile", (2, 19)),
        ("电话138.1234.5678", "电话138.****.5678", "mobile", (2, 15)),
        ("电话138。1234。5678", "电话138。****。5678", "mobile", (2, 15)),
        ("电话138・1234・5678", "电话138・****・5678", "mobile", (2, 15)),
        ("电话138·1234·5678", "电话138·****·5678", "mobile", (2, 15)),
        ("电话138\u200b1234\u200b5678", "电话138\u200b****\u200b5678", "mobile", (2, 15)),
        ("电话1\u200b3\u200b8\u200b12345678", "电话1\u200b3\u200b8\u200b****5678", "mobile", (2, 16)),
        ("电话\u206013812345678\ufeff", "电话\u2060138****5678\ufeff", "mobile", (3, 14)),
        ("电话(138)1234-5678", "电话(138)****-5678", "mobile", (3, 16)),
        ("(+86)138-1234-5678", "(+86)138-****-5678", "mobile", (2, 18)),
        ("號碼１３８－１２３４－５６７８", "號碼１３８－****－５６７８", "mobile", (2, 15)),
        ("手机 1 3 8 1 2 3 4 5 6 7 8", "手机 1 3 8 * * * * 5 6 7 8", "mobile", (3, 24)),
        ("请拨打138\n1234 5678", "请拨打138\n**** 5678", "mobile", (3, 16)),
        ("请拨打13812\n345678", "请拨打138**\n**5678", "mobile", (3, 15)),
        ("请拨打138 1234\r\n5678", "请拨打138 ****\r\n5678", "mobile", (3, 17)),
        ("電話（0912）345678", "電話（0912）***678", "taiwan-mobile", (3, 14)),
        ("身份证320106-1985-1020-4519", "身份证320106-****-****-4519", "id-number", (3, 24)),
        ("身份证320106\n198510204519", "身份证320106\n********4519", "id-number", (3, 22)),
        ("卡号6222.0202.0011.2345.679", "卡号6222.****.****.***5.679", "bank-card", (2, 25)),
        ("卡号6222\u20140202\u20140011\u20142345\u2014679", "卡号6222\u2014****\u2014****\u2014***5\u2014679",
         "bank-card", (2, 25)),
        ("身分證 F 228 193 748", "身分證 F *** *** 748", "taiwan-id", (4, 17)),
        ("身分證F228\n193748", "身分證F***\n***748", "taiwan-id", (3, 14)),
        ("香港身份證C668\u200b421(A)", "香港身份證C***\u200b*21(A)", "hong-kong-id", (5, 16)),
        ("香港身份證 C 668421 (A)", "香港身份證 C ****21 (A)", "hong-kong-id", (6, 18)),
    ],
)
def test_personal_numbers_are_found_and_masked(text: str, masked: str, kind: str, span: tuple[int, int]) -> None:
    assert [(p.kind, p.start, p.end) for p in find_personal_data(text)] == [(kind, *span)]
    assert mask(text) == masked
    assert len(mask(text)) == len(text)
    assert mask(masked) == masked


@pytest.mark.parametrize(
    "text",
    [
        "手机138****5678",
        "请拨打400-888-7686",
        "热线4008887686",
        "热线800-820-8820",
        "固话010-12345678",
        "身份证320106198510204518",   # check character should be 9
        "身份证31011519870822301X",   # should be 5
        "身份证320106198513204519",   # month 13
        "卡号4111111111111112",        # Luhn fails
        "订单号：4111111111111111",
        "订单号4111111111111111",
        "您的订单号是 6222 0202 0011 2345 679",
        "快递单号6222020200112345679",
        "工单编号 4111 1111 1111 1111",
        "流水号：6222020200112345679",
        "编号12345678901",
        "138123456789",               # twelve digits: not a mobile number
        "23812345678",
        "12812345678",                # 12x is not a mobile prefix
        "110105********002X",
        "6222***********5679",
        # Taiwan and Hong Kong, in Traditional script.
        "身分證字號F228193747",          # check digit should be 8
        "身分證字號G228193748",          # G=16: the sum is 209
        "身分證字號F328193748",          # second character 3: neither ID nor resident certificate
        "香港身份證C668421(3)",          # should be A
        "香港身份證C668421(0)",          # 10 is A, not 0
        "香港身份證G370127(A)",          # 11 is 0, not A
        "證件XA193804(3)",
        "HKID K5072394",
        # Inside a longer run of letters or digits: an order or product code.
        "訂單編號SN0928617305",
        "單號0928617305123",
        "貨號0928617305X",
        "ORDERF228193748",
        "編號F2281937480",
        "F228193748AB",
        "AXA193804(2)",
        "C6684219A",
        "序號XA1938042Z",
        # Masked already, or not a mobile.
        "身分證F******748",
        "香港身份證C****21(A)",
        "手機0928-***-305",
        "市話02-2861-7305",
        "市話+886 2 2861 7305",
        "榆林0912-3456789",            # a mainland landline (area code 0912, seven digits)
        "訂單號：4111111111111111",      # Traditional order-number label before a Luhn-valid number
        "快遞單號 6222 0202 0011 2345 679",
        # Digit groups whose digits happen to make a mobile number, grouped as no number is.
        "价格 15 20 35 80 990",
        "价格：15, 20, 35, 80, 990",
        "价格15，20，35，80，990",
        "15 812345678",
        "权重1,9,8,7,6,5,4,3,2,1,1",       # one digit each, but a list: commas
        "权重 1、9、8、7、6、5、4、3、2、1、1",
        "金额13,812,345,678元",             # thousands
        "版本1.3.8.1234.5678",
        "1.3.8.1.2.3.4.5.6.7.8",
        "日期2023.10.15，时间13:45:12",
        # Digit by digit inside a longer run: no window of it is the number.
        "1 2 3 4 5 6 7 8 9 0 1 3 8 1 2 3 4 5 6 7 8 9",
        "按键 1 3 8 1 2 3 4 5 6 7 8 9",
        # Invisible characters join: these show as twelve and thirteen digits.
        "138\u200b1234\u200b56789",
        "99\u200b13812345678",
        # After an order or case number label, a lettered ID is a code; a dash breaks one.
        "單號：K507239(5)",
        "編號C668421(A)",
        "貨號XA1938-04(2)",
        # A line break between two numbers that are not one.
        "138\n\n12345678",
    ],
)
def test_not_personal_data(text: str) -> None:
    assert list(find_personal_data(text)) == []
    assert mask(text) == text


def test_several_numbers_in_one_run() -> None:
    text = f"13812345678 13912345678，{VALID_ID}"
    assert [(p.kind, p.digits) for p in find_personal_data(text)] == [
        ("mobile", "13812345678"), ("mobile", "13912345678"), ("id-number", VALID_ID),
    ]
    assert mask(text) == "138****5678 139****5678，320106********4519"


# --- written every way ------------------------------------------------------------------------


def test_every_dash_is_a_separator() -> None:
    dashes = {chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Pd"} | {"\u2212"}
    assert dashes == set(DASHES)
    for dash in DASHES:
        assert mask(f"电话138{dash}1234{dash}5678") == f"电话138{dash}****{dash}5678", hex(ord(dash))


def test_a_number_wrapped_onto_the_next_text() -> None:
    index = PersonalDataIndex(["请拨打138", "1234 5678。", "好的"], [True, True, False])
    assert index.found == [LocatedData(0, 3, 6, "mobile", "138**** 5678")]
    assert index.masked == ["请拨打138", "**** 5678。", "好的"]
    # Split inside a group: both parts are masked.
    index = PersonalDataIndex([f"身份证{VALID_ID[:9]}", f"{VALID_ID[9:]}，谢谢"], [True, False])
    assert index.found == [LocatedData(0, 3, 12, "id-number", "320106********4519")]
    assert index.masked == ["身份证320106***", "*****4519，谢谢"]
    # Not on consecutive lines: two texts, nothing found.
    texts = ["请拨打138", "1234 5678。"]
    assert PersonalDataIndex(texts, [False, False]).found == []
    assert PersonalDataIndex(texts, [False, False]).masked == texts
    # A whole number at the end of a text stays in its text, whatever the next starts with.
    index = PersonalDataIndex(["电话13812345678", "2号线"], [True, False])
    assert index.found == [LocatedData(0, 2, 13, "mobile", "138****5678")]
    assert index.masked == ["电话138****5678", "2号线"]


def test_a_number_wrapped_across_script_lines(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "机器人：客服专线138\n"                # 客服专线 starts at column 5: 138 is 9..11
        "1234 5678，请记录。\n"
        "客户：我的身份证是320106\n"            # 320106 at columns 10..15
        "198510204519\n"
        "\n"
        "机器人：请拨打139\n"                  # a blank line between: not one number
        "\n"
        "1234 5678\n",
        encoding="utf-8",
    )
    result = Linter(Config(kind="replies", select=("SL402",))).check_paths([str(path)])
    assert [(f.line, f.column, f.end_line, f.end_column, f.text) for f in result.findings] == [
        (1, 9, 1, 12, "138"), (3, 10, 3, 16, "320106")]
    assert [f.message.split("（")[1].split("）")[0] for f in result.findings] == [
        "如 138**** 5678", "如 320106********4519"]
    everything = Linter(Config(kind="replies")).check_paths([str(path)]).findings
    shown = "".join(f.text + f.utterance + f.message for f in everything)
    assert "12345678" not in shown.replace(" ", "") and "198510204519" not in shown


# --- the scan is linear -----------------------------------------------------------------------


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def test_the_scan_tries_a_bounded_number_of_windows_per_digit_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """The work is counted in windows of digit groups tried, not timed: at most eight per
    group, so twice the text is at most twice the work; and none at all for a run of single
    spaced digits longer than any number (200 KB of it took 47 s with the old scan)."""
    tried = 0
    window = privacy._window

    def counting(*args: Any) -> Any:
        nonlocal tried
        tried += 1
        return window(*args)

    monkeypatch.setattr(privacy, "_window", counting)
    for unit in ("1 2 3 4 5 6 7 8 9 0 ", "1 2 3 45 678 ", "1234 5678 9012 ", "123 456 789 ", "12-34-56-78 ",
                 "1\u200b2\u200b3 ", "13812345678 "):
        counts = []
        for size in (20_000, 40_000):
            tried = 0
            text = _repeat(unit, size)
            list(find_personal_data(text))
            assert tried <= 8 * len(re.findall(r"\d+", text)), unit
            counts.append(tried)
        assert counts[1] <= 2 * counts[0] + 8, unit
    tried = 0
    assert list(find_personal_data(_repeat("1 2 3 4 5 6 7 8 9 0 ", 200_000))) == []
    assert tried == 0


def test_a_long_line_of_spaced_digits_is_checked() -> None:
    # Smoke case: quadratic work here would time the suite out.
    line = _repeat("4 7 2 9 0 5 1 8 3 6 ", 200_000) + "，请拨打 1 3 9 1 2 3 4 5 6 7 8 。"
    findings = Linter().check_text(line)
    # 200,000 characters, then "，请拨打 " (5): the number starts at column 200,006.
    assert [(f.code, f.column, f.text) for f in findings] == [("SL402", 200_006, "1 3 9 * * * * 5 6 7 8")]


# --- the excerpt window never shows more of a number than its masked form --------------------


def test_the_excerpt_window_does_not_cut_a_number_open() -> None:
    # 身份证 (3) + the ID (18) + 21 characters + 电话 … : the number starts at 45, and the
    # window 40 characters before it, at 5, inside the ID: 16 of its 18 digits would show.
    utterance = f"身份证{VALID_ID}，已登记，稍后回电，谢谢，请保持电话畅通。，电话13812345678。"
    start = utterance.index("13812345678")
    assert start == 45
    finding = Finding(path="t.txt", line=1, column=start + 1, end_line=1, end_column=start + 12, code="SL402",
                      category="pii-exposure", severity=Severity.ERROR, message="m", text="138****5678",
                      utterance=utterance, offset=start, offset_end=start + 11)  # as an API caller may build it
    out = io.StringIO()
    TextReporter(out, color=False).file(FileResult("t.txt", [finding]))
    excerpt = out.getvalue().splitlines()[1]
    assert excerpt.startswith("    1 │ …0106********4519，已登记") and excerpt.endswith("电话138****5678。")
    out = io.StringIO()
    TextReporter(out, color=False, show_pii=True).file(FileResult("t.txt", [finding]))
    assert f"…{VALID_ID[2:]}，" in out.getvalue()


def test_the_excerpt_window_of_a_linted_line(tmp_path: Path) -> None:
    (tmp_path / "cut.txt").write_text(f"客户：身份证{VALID_ID}，已登记，稍后回电，谢谢，请保持电话畅通。，电话13812345678\n",
                                      encoding="utf-8")
    run = scriptlint("--no-color", "--select", "SL402", "cut.txt", cwd=tmp_path)
    assert run.returncode == 1
    # Two findings; the mobile's excerpt starts inside the ID and shows its masked form only.
    assert "    1 │ …0106********4519，已登记" in run.stdout
    assert VALID_ID[4:12] not in run.stdout and "12345678" not in run.stdout


# Property: any valid number, written any of the usual ways, is masked, whatever surrounds it.
mobiles = st.builds(lambda p, rest: f"1{p}{rest}", st.sampled_from("3456789"), st.text("0123456789", min_size=9, max_size=9))
ids = st.builds(
    lambda area, year, month, day, seq: (lambda s: s + id_check_char(s))(f"{area}{year}{month:02d}{day:02d}{seq}"),
    st.sampled_from(["110105", "320106", "440304", "510107"]), st.integers(1900, 2020).map(str),
    st.integers(1, 12), st.integers(1, 28), st.text("0123456789", min_size=3, max_size=3),
)
cards = st.builds(lambda head, body: (lambda s: s + luhn_check_digit(s))(head + body),
                  st.sampled_from(["6222", "6225", "4111", "5399"]), st.text("0123456789", min_size=11, max_size=14))
fillers = st.sampled_from(["", "请拨打", "我的号码是", "身份证", "卡号：", "，", "。", " ", "ok ", "**"])


def _grouped(number: str, separator: str) -> str:
    if not separator:
        return number
    return separator.join(number[i:i + 4] for i in range(0, len(number), 4))


@settings(max_examples=300, deadline=None)
@given(st.one_of(mobiles, ids, cards), fillers, fillers, st.sampled_from(["", " ", "-"]))
def test_valid_numbers_never_survive_mask(number: str, before: str, after: str, separator: str) -> None:
    written = _grouped(number, separator)
    text = before + written + after
    masked = mask(text)
    assert len(masked) == len(text)
    assert number not in masked.replace(" ", "").replace("-", "")
    assert masked.startswith(before) and masked.endswith(after)
    assert list(find_personal_data(masked)) == []
    assert mask(masked) == masked


# Usual groupings (module docstring of scriptlint.privacy), by number length.
USUAL_GROUPS = {11: (3, 4, 4), 18: (6, 8, 4), 16: (4, 4, 4, 4), 17: (4, 4, 4, 4, 1), 18.5: (4, 4, 4, 4, 2),
                19: (4, 4, 4, 4, 3)}
SEPARATORS = [" ", "\t", "-", "\u2013", "\u2014", "\uff0d", "\u2212", ",", "，", "、", ".", "。", "・", "·",
              "\u200b", "\u3000", " - ", "，\u200b"]


def _usual_grouping(number: str, separator: str) -> str:
    sizes = USUAL_GROUPS[len(number)] if len(number) != 18 or separator in ",，、.。・·" else (6, 8, 4)
    pieces, cursor = [], 0
    for size in sizes:
        pieces.append(number[cursor:cursor + size])
        cursor += size
    return separator.join(pieces)


@settings(max_examples=300, deadline=None)
@given(st.one_of(mobiles, ids, cards), fillers, fillers, st.sampled_from(SEPARATORS), st.booleans(),
       st.integers(1, 17), st.booleans())
def test_numbers_written_any_way_never_survive_mask(number: str, before: str, after: str, separator: str,
                                                    full_width: bool, wrap_at: int, wrapped: bool) -> None:
    written = _usual_grouping(number, separator)
    if full_width:
        written = written.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    if wrapped:  # a line break anywhere inside the number
        wrap_at = min(wrap_at, len(written) - 1)
        written = written[:wrap_at] + "\n" + written[wrap_at:]
    text = before + written + after
    masked = mask(text)
    assert len(masked) == len(text)
    shown = unicodedata.normalize("NFKC", "".join(c for c in masked if c.isalnum()))
    assert number not in shown
    assert masked.startswith(before) and masked.endswith(after)
    assert mask(masked) == masked


def test_taiwan_and_hong_kong_numbers_next_to_others() -> None:
    text = "客戶F228193748，手機0928617305、13812345678，香港身份證XA193804(2)。"
    assert [(p.kind, p.digits) for p in find_personal_data(text)] == [
        ("taiwan-id", "F228193748"), ("taiwan-mobile", "0928617305"), ("mobile", "13812345678"),
        ("hong-kong-id", "XA1938042"),
    ]
    assert mask(text) == "客戶F******748，手機0928***305、138****5678，香港身份證XA****04(2)。"
    # A digit run that starts inside the ID ("228193748 0…") does not take its digits away.
    assert [p.kind for p in find_personal_data("F228193748 0928617305")] == ["taiwan-id", "taiwan-mobile"]


taiwan_mobiles = st.builds(lambda rest: f"09{rest}", st.text("0123456789", min_size=8, max_size=8))
lettered_ids = st.sampled_from(["F228193748", "Q830641526", "M905472138", "K173506288",
                                "C668421(A)", "K507239(5)", "XA193804(2)", "G3701270", "Z683372（2）"])
traditional_fillers = st.sampled_from(["", "請撥", "身分證字號", "香港身份證：", "，", "。", " ", "電話 ", "**"])


@settings(max_examples=200, deadline=None)
@given(st.one_of(taiwan_mobiles, lettered_ids), traditional_fillers, traditional_fillers)
def test_taiwan_and_hong_kong_numbers_never_survive_mask(number: str, before: str, after: str) -> None:
    text = before + number + after
    masked = mask(text)
    assert len(masked) == len(text)
    assert number not in masked
    assert masked.startswith(before) and masked.endswith(after)
    assert list(find_personal_data(masked)) == []


@pytest.mark.parametrize(
    ("text", "column", "end_column", "masked", "message"),
    [
        ("您的身分證字號是F228193748，請核對。", 9, 19, "F******748", "存在未脱敏的台湾身份证号"),
        ("請核對香港身份證C668421(A)。", 9, 19, "C****21(A)", "存在未脱敏的香港身份证号"),
        ("專員手機為 0928-617-305，謝謝。", 7, 19, "0928-***-305", "存在未脱敏的台湾手机号"),
    ],
)
def test_pii_exposure_in_traditional_replies(text: str, column: int, end_column: int, masked: str,
                                            message: str) -> None:
    findings = [f for f in Linter().check_text(text) if f.code == "SL402"]
    assert [(f.line, f.column, f.end_line, f.end_column, f.text) for f in findings] == [
        (1, column, 1, end_column, masked)]
    assert findings[0].message.startswith(message)


def test_pii_exposure_kind_names_in_english() -> None:
    findings = Linter(Config(lang="en")).check_text("香港身份證G370127(0)，手機+886-972-115-390，身分證M905472138")
    assert [(f.code, f.column, f.text, f.message.split(";")[0]) for f in findings if f.code == "SL402"] == [
        ("SL402", 6, "G****27(0)", "Unmasked Hong Kong identity card number"),
        ("SL402", 20, "886-972-***-390", "Unmasked Taiwan mobile number"),  # the + stays outside, as with +86
        ("SL402", 39, "M******138", "Unmasked Taiwan ID number"),
    ]


# --- positions of pii-exposure findings -----------------------------------------------------


def test_pii_exposure_positions_for_every_speaker(tmp_path: Path) -> None:
    path = tmp_path / "pii.txt"
    path.write_text(
        "机器人：请拨打138 1234 5678\n"         # 机器人：请拨打 is 7 characters: 8..21
        f"客户：身份证{VALID_ID}\n"              # 客户：身份证 is 6: 7..25
        "【坐席】卡号6222-0202-0011-2345-679\n",  # 【坐席】卡号 is 6: 7..30
        encoding="utf-8",
    )
    result = Linter(Config(kind="replies", select=("SL402",))).check_paths([str(path)])
    assert [(f.line, f.column, f.end_line, f.end_column, f.code, f.text) for f in result.findings] == [
        (1, 8, 1, 21, "SL402", "138 **** 5678"),
        (2, 7, 2, 25, "SL402", "320106********4519"),
        (3, 7, 3, 30, "SL402", "6222-****-****-***5-679"),
    ]
    shown = Linter(Config(kind="replies", select=("SL402",), show_pii=True)).check_paths([str(path)])
    assert [f.text for f in shown.findings] == ["138 1234 5678", VALID_ID, "6222-0202-0011-2345-679"]


# --- no output shows the raw numbers --------------------------------------------------------

SCRIPT = (
    "机器人：您好，请记下客服电话13812345678。\n"
    "客户：我的手机是139 1234 5678，身份证320106198510204519\n"
    "机器人：请核对卡号6222 0202 0011 2345 679，或拨打+86-150-1234-5678\n"
)
TRANSCRIPT = (
    '{"call_id": "a", "role": "bot", "text": "您好，请记下客服电话13812345678。"}\n'
    '{"call_id": "a", "role": "user", "text": "我的手机是139 1234 5678，身份证320106198510204519"}\n'
)
FLOW = (
    "nodes:\n"
    "  - say: 您好，请记下客服电话13812345678。\n"
    "  - role: user\n"
    "    say: |\n"
    "      我的手机是139 1234 5678\n"
    "      身份证320106198510204519\n"
)
RAW = ["13812345678", "12345678", "139 1234 5678", "1391234", "320106198510204519", "19851020",
       "6222 0202 0011 2345 679", "0202 0011", "150-1234-5678", "1501234"]
MASKED = ["138****5678", "139 **** 5678", "320106********4519"]


def scriptlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scriptlint", "check", "--isolated", "-j", "1", *args],
                          cwd=cwd, capture_output=True, text=True, encoding="utf-8")


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize(("name", "content"), [("pii.txt", SCRIPT), ("pii.jsonl", TRANSCRIPT), ("pii.yaml", FLOW)])
def test_outputs_are_masked_by_default(tmp_path: Path, output_format: str, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    run = scriptlint("--format", output_format, "--no-color", name, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    output = run.stdout + run.stderr
    assert "SL402" in output
    for raw in RAW:
        assert raw not in output, raw
    for masked in MASKED:
        assert masked in output, masked
    if output_format == "json":
        payload = json.loads(run.stdout)
        # Whole-utterance findings (SL101 …) carry the text too: masked as well.
        assert any(f["code"] != "SL402" and "138****5678" in f["text"] for f in payload["findings"])


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_show_pii_prints_the_numbers(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "pii.txt").write_text(SCRIPT, encoding="utf-8")
    run = scriptlint("--format", output_format, "--no-color", "--show-pii", "pii.txt", cwd=tmp_path)
    assert run.returncode == 1
    for raw in ["13812345678", "139 1234 5678", "320106198510204519", "6222 0202 0011 2345 679"]:
        assert raw in run.stdout, raw


def test_show_pii_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "scriptlint.toml").write_text("show-pii = true\n", encoding="utf-8")
    (tmp_path / "pii.txt").write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scriptlint", "check", "--format", "json", "pii.txt"],
                         cwd=tmp_path, capture_output=True, text=True, encoding="utf-8")
    assert "13812345678" in run.stdout


def test_error_messages_do_not_show_numbers_either(tmp_path: Path) -> None:
    (tmp_path / "roles.jsonl").write_text('{"role": "13812345678", "text": "你好"}\n', encoding="utf-8")
    (tmp_path / "roles.yaml").write_text("nodes:\n  - role: 13912345678\n    say: 你好\n", encoding="utf-8")
    run = scriptlint("--format", "json", "roles.jsonl", "roles.yaml", cwd=tmp_path)
    assert run.returncode == 2
    assert len(run.stderr.splitlines()) == 2
    for raw in ("13812345678", "13912345678"):
        assert raw not in run.stdout + run.stderr
    assert "138****5678" in run.stderr and "139****5678" in run.stderr


TRADITIONAL_SCRIPT = (
    "機器人：您好，我是XX銀行的智能客服機器人。\n"
    "客戶：我的身分證字號是Q830641526，手機0935 271 846\n"
    "機器人：已收到香港身份證K507239(5)，專線+886-963-408-172\n"
)


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_traditional_script_outputs_are_masked(tmp_path: Path, output_format: str) -> None:
    (tmp_path / "tw.txt").write_text(TRADITIONAL_SCRIPT, encoding="utf-8")
    run = scriptlint("--format", output_format, "--no-color", "tw.txt", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    output = run.stdout + run.stderr
    for raw in ("Q830641526", "0935 271 846", "K507239(5)", "963-408-172"):
        assert raw not in output, raw
    for masked in ("Q******526", "0935 *** 846", "K****39(5)", "886-963-***-172"):
        assert masked in output, masked
    shown = scriptlint("--format", output_format, "--show-pii", "tw.txt", cwd=tmp_path)
    for raw in ("Q830641526", "0935 271 846", "K507239(5)", "886-963-408-172"):
        assert raw in shown.stdout, raw
