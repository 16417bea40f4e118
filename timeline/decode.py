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
    else GB18030 (which covers GBK and GB2312) or Big5 as charset-normalizer judges.

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
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return _strict(data, "big5", path)
    if not _decodes(data, "big5"):
        return gb
    return gb if _guess_chinese(data) == "gb18030" else data.decode("big5")


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


def _guess_chinese(data: bytes) -> str:
    """GB18030 or Big5 for bytes both decode: ask charset-normalizer, limited to the two."""
    from charset_normalizer import from_bytes

    if len(data) < 32:  # too short to judge; mainland news is the common case
        return "gb18030"
    best = from_bytes(data, cp_isolation=["gb18030", "big5"]).best()
    if best is not None and best.encoding in ("big5", "big5hkscs", "cp950"):
        return "big5"
    return "gb18030"


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
    return text.translate(_FOLD)
