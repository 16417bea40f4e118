"""Chinese numerals to int: 二〇二二, 二十三, 两, 廿, 卅, and Arabic digits; nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Digits as they appear in dates: 〇/零/○ are zero, 两/俩/仨 are colloquial 2/2/3.
DIGIT_VALUES: Mapping[str, int] = MappingProxyType({
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "俩": 2, "三": 3, "仨": 3,
    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
})
UNIT_VALUES: Mapping[str, int] = MappingProxyType({"十": 10, "拾": 10, "百": 100, "千": 1000, "万": 10000})
# 廿 (20) and 卅 (30) are written before a digit: 廿三 = 23.
TENS_SHORTHAND: Mapping[str, int] = MappingProxyType({"廿": 20, "卅": 30})
# A numeral with one of these is positional (二十三), else digit by digit (二〇二二).
POSITIONAL_CHARS = frozenset(UNIT_VALUES).union(TENS_SHORTHAND)

# Full-width digits and date punctuation folded to ASCII, one character for one character,
# so every offset into the folded text is still an offset into the original.
# Traditional forms of the characters the grammar reads fold to simplified ones the same way
# (週 -> 周, 號 -> 号, 點 -> 点), so one grammar reads mainland, Hong Kong and Taiwan text.
# Only characters that change are listed: resolver.FOLDED_CHARS skips translate() for a text with none.
FULLWIDTH_FOLD: Mapping[int, int] = MappingProxyType(str.maketrans(
    "０１２３４５６７８９：／．－～，　週號禮後點時鐘個兩這節聖誕勞萬國慶來間內裡裏開東曆陰農臘會屆畫歲際歡樂愛兒婦黃劃歷執從現當晝",
    "0123456789:/.-~, 周号礼后点时钟个两这节圣诞劳万国庆来间内里里开东历阴农腊会届画岁际欢乐爱儿妇黄划历执从现当昼",
))


def fold_width(text: str) -> str:
    """Return `text` with full-width digits, date punctuation and traditional characters folded
    to ASCII and simplified forms, one character for one (the length and offsets are kept)."""
    return text.translate(FULLWIDTH_FOLD)


def cn_int(text: str) -> int:
    """Return the integer a numeral writes: digit by digit or positional.

    Digit by digit when there is no unit (二〇二二 -> 2022, 2020 -> 2020); positional
    otherwise (二十三 -> 23, 十一 -> 11, 一百零五 -> 105, 廿三 -> 23). Raises ValueError on
    anything else, e.g. cn_int("十一月") fails because 月 is not a numeral.
    """
    if not text:
        raise ValueError("empty numeral")
    if text.isascii() and text.isdigit():
        return int(text)
    if POSITIONAL_CHARS.isdisjoint(text):  # a set test in C, where a generator costs a call
        value = 0
        for ch in text:
            if ch.isdigit() and ch.isascii():
                value = value * 10 + int(ch)
            elif ch in DIGIT_VALUES:
                value = value * 10 + DIGIT_VALUES[ch]
            else:
                raise ValueError(f"not a numeral: {text!r}")
        return value
    return _positional(text)


def _positional(text: str) -> int:
    total = 0  # completed groups of 万
    section = 0  # below 万
    digit: int | None = None
    for ch in text:
        if ch in DIGIT_VALUES or (ch.isascii() and ch.isdigit()):
            if digit is not None and digit != 0 and DIGIT_VALUES.get(ch, 1) != 0:
                raise ValueError(f"two digits in a row: {text!r}")
            digit = DIGIT_VALUES[ch] if ch in DIGIT_VALUES else int(ch)
        elif ch in TENS_SHORTHAND:
            if digit:
                raise ValueError(f"digit before {ch}: {text!r}")
            section += TENS_SHORTHAND[ch]
            digit = None
        elif ch in UNIT_VALUES:
            unit = UNIT_VALUES[ch]
            if unit == 10000:
                section += digit or 0
                total = (total + section) * 10000
                section, digit = 0, None
                continue
            section += (1 if digit is None else digit) * unit
            digit = None
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + (digit or 0)


def cn_int_or_none(text: str | None) -> int | None:
    """cn_int, or None for a missing or unreadable numeral."""
    if not text:
        return None
    try:
        return cn_int(text)
    except ValueError:
        return None


_WRITE_DIGITS = "零一二三四五六七八九"


def to_cn(n: int) -> str:
    """Write 0 <= n < 100000 the way news text does: 23 -> 二十三, 10 -> 十, 105 -> 一百零五."""
    if not 0 <= n < 100000:
        raise ValueError(f"out of range: {n}")
    if n == 0:
        return "零"
    parts: list[str] = []
    units = ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, ""))
    zero_pending = False
    for value, name in units:
        d, n = divmod(n, value)
        if d:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(_WRITE_DIGITS[d] + name)
        elif parts:
            zero_pending = True
        if not n:
            break
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def to_cn_digits(n: int) -> str:
    """Write a year digit by digit: 2022 -> 二〇二二."""
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
