"""Bytes of a news file to text: encoding detection, line endings, length-keeping width fold.

"Offset in the source file" means the index of a character in the text `decode_bytes`
returns: the decoded file after CRLF and lone CR line endings became LF. `normalise_chars`
keeps lengths, so every offset into the folded text is an offset into the decoded one.
"""

from __future__ import annotations

import re

from timeline.errors import InputError

_UNDECODABLE = "not UTF-8, GB18030 or Big5 text"
_BINARY = "binary file, not text"

def decode_bytes(data: bytes, path: object = "") -> str:
    """The text of a news file with LF line endings: UTF-8 (BOM or not), UTF-16 with a BOM,
    else GB18030 (which covers GBK and GB2312) or Big5 as charset-normalizer judges; a file
    no Chinese encoding fits (latin-1, Shift-JIS) is an InputError.

    Big5 text stays Traditional. Raises InputError naming `path` for binary or undecodable
    bytes.

    >>> decode_bytes("11月30日\\r\\n".encode("gb18030"))
    '11月30日\\n'
    """
    text = _decode(data, path)
    if _looks_binary(text):
        raise InputError(path, _BINARY)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, path: object) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path)
    if b"\x00" in data:
        raise InputError(path, _BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _chinese_encoding(data, path)
    return data.decode(encoding)


def _strict(data: bytes, encoding: str, path: object) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(path, _UNDECODABLE) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


# charset-normalizer's names for the Chinese encodings, and the codec that reads each family
_CHINESE = {"gb18030": "gb18030", "gbk": "gb18030", "gb2312": "gb18030", "big5": "big5", "cp950": "cp950",
            "big5hkscs": "big5hkscs"}
_KANA = re.compile(r"[\u3041-\u3096\u30a1-\u30fa]")


def _chinese_encoding(data: bytes, path: object) -> str:
    """The Chinese encoding of bytes that are not UTF-8, as charset-normalizer judges them.

    Bytes that are all GB2312 (the common simplified characters) are GB18030, however short;
    Big5 text almost never is, as its second bytes often lie below 0xA1. Otherwise
    charset-normalizer's matches come best first and the first Chinese one wins, so a short
    Big5 file is not read as GB18030 just because GB18030 decodes it too. Text in Japanese (kana once read as
    Shift-JIS) or in a Western encoding (latin-1) is an error: GB18030 decodes almost any
    bytes, and would turn them into Chinese-looking nonsense without a word.
    """
    from charset_normalizer import from_bytes

    if _decodes(data, "cp932") and _KANA.search(data.decode("cp932")):
        raise InputError(path, "Japanese text (Shift-JIS), not Chinese")
    if _decodes(data, "gb2312"):  # every character a common simplified one: mainland news, however short
        return "gb18030"
    matches = list(from_bytes(data))
    for match in matches:
        codec = _CHINESE.get(match.encoding)
        if codec and _decodes(data, codec):
            return codec
    if not matches:
        raise InputError(path, _UNDECODABLE)
    raise InputError(path, f"{_UNDECODABLE}: no Chinese encoding fits (it reads as {matches[0].encoding})")


_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")  # Cc without tab, LF, VT, FF, CR


def _looks_binary(text: str) -> bool:
    """NUL, or more than one character in twenty a control character (tabs and breaks aside)."""
    if "\x00" in text:
        return True
    return len(_CONTROL.findall(text)) * 20 > len(text)


# Length-keeping: every offset into the folded text is an offset into the decoded text.
_FOLD = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20, 0xA0: 0x20, 0x09: 0x20}
# Controls never reach an export: calendar parsers refuse a form feed (Home Assistant drops the
# whole feed) and lose text at U+2028 (node-ical). Those that break a line become one (pdftotext
# ends every page with a form feed, often mid-sentence, where the paragraph rejoining applies);
# the others become a space. One character for one, so offsets still hold.
_LINE_BREAKS = (0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029)
_CONTROLS = {c: 0x20 for c in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))}
_FOLD |= _CONTROLS | dict.fromkeys(_LINE_BREAKS, 0x0A)


def normalise_chars(text: str) -> str:
    """Fold full-width ASCII (ＡＢＣ１２３，：（) to ASCII and U+3000, NBSP and tabs to a space;
    a control that breaks a line (form feed, vertical tab, NEL, U+2028, U+2029) becomes a line
    break and any other C0/C1 control a space.

    The result has the same length as `text`; NFKC is not used because it can change it.

    >>> normalise_chars("１１月３０日（星期一）\\u3000来源：洛阳日报")
    '11月30日(星期一) 来源:洛阳日报'
    """
    # str.translate looks every character up in the table; the few to fold, found by one
    # character class, cost a third of that on real news (one in twenty characters).
    return _FOLDED.sub(_fold_one, text)


_FOLD_CHARS = {chr(code): chr(folded) for code, folded in _FOLD.items()}
_FOLDED = re.compile("[" + "".join(map(re.escape, _FOLD_CHARS)) + "]")


def _fold_one(m: re.Match[str]) -> str:
    return _FOLD_CHARS[m.group()]
