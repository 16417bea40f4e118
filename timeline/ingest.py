"""Read news files: decode the bytes, normalise characters, split one file into Articles.

"Offset in the source file" means the index of a character in the *decoded* text of the file
after CRLF and lone CR line endings became LF (`decode_bytes`). `Article.file_offset(i)` points
at the character that became `Article.body[i]`; the two are equal except for the
length-keeping width fold of `normalise_chars` (full-width ＡＢＣ１２３，：（ to ASCII, U+3000
and NBSP to a space).

One file may hold several articles, as a page of a local paper does. An article is a headline
(optionally with an author line such as `李亚` under it) and its body paragraphs; a byline or
source line (`(阮现武 董浩)`, `(来源:人民日报)`, `来源:洛阳日报`) ends it. An article with no
headline gets a title made from its first sentence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from timeline.errors import InputError
from timeline.reference import Mapper
from timeline.types import Article
from timeline.userdates import written_date

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".json")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
# every kind `timeline.inputs` reads; a folder is searched for these
INPUT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES + FEED_SUFFIXES

# ---------------------------------------------------------------------------------------------
# Input files


def iter_input_files(paths: Sequence[Path]) -> list[Path]:
    """The news files named by `paths`: files as given, folders expanded to their input files
    (INPUT_SUFFIXES: text, HTML, JSON Lines/JSON, feeds).

    Folder contents are found recursively and sorted, so a build is deterministic; hidden
    files and folders (`.git`) are skipped, and a file named twice is read once. Raises
    InputError(path, "no such file or folder") for a missing path.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in INPUT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return list(dict.fromkeys(files))


def source_name(path: Path, root: Path | None = None) -> str:
    """`path` relative to `root` in POSIX style (`../news/a.txt` when it lies beside `root`), or
    as given when there is no root.

    A build names files relative to its store's folder, so `news/a.txt`, `./news/a.txt`, the
    absolute path and the path from another working folder are one source with the same items,
    and a project moved or cloned with its store keeps every ID. Symlinks are resolved first.
    A file on another drive than `root` (Windows) gets its absolute path.
    """
    if root is None:
        return path.as_posix()
    target = path.resolve()
    try:
        return Path(os.path.relpath(target, root.resolve())).as_posix()
    except ValueError:
        return target.as_posix()


# ---------------------------------------------------------------------------------------------
# Paragraphs and article structure


@dataclass(frozen=True, slots=True)
class _Para:
    start: int  # index of text[0] in the decoded file
    text: str  # stripped, folded
    line_end: int  # index of the "\n" ending the line (or the file length)


@dataclass(slots=True)
class _Draft:
    title: list[_Para] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    body: list[list[_Para]] = field(default_factory=list)  # paragraphs, each one or more segments
    closed: bool = False
    stated: date | None = None  # a date line under the headline
    lead: bool = False  # a source lead (`某某台消息：`) came under the title, before any body


_FINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)】》\"'"
_SOFT_PUNCT = ",，、;；:："
_HAN = r"\u3400-\u9fff"
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．]|第[一二三四五六七八九十\d]+[,，、]|其[一二三四五六七八九十][,，、])"
)
_ROLE = r"(?:本报记者|特约记者|记者|通讯员|实习生|摄影|作者|文/图|文|图|摄)"
_ROLE_WORD = re.compile(rf"^{_ROLE}[:：/]?")
_NAME = re.compile(rf"^[{_HAN}][{_HAN}·]{{1,3}}$|^[{_HAN}]{{1,6}}·[{_HAN}]{{1,8}}$")
_SOURCE_TAIL = re.compile(
    r"[(（【\[]?\s*(?:来源|稿源|转自|出处)\s*[:：]\s*[^\s()（）【】\[\]:：。]{1,24}\s*[)）】\]]?\s*$"
)
_EDITOR_TAIL = re.compile(r"[(（【\[]?\s*(?:责任编辑|编辑|审核|校对)\s*[:：]\s*[^()（）【】\[\]。]{1,24}[)）】\]]?\s*$")
_PAREN_TAIL = re.compile(r"[(（]([^()（）]{1,40})[)）]\s*$")
# A word that _SOURCE_TAIL or _EDITOR_TAIL needs (责任编辑 holds 编辑): most paragraphs have none
# and end in no bracket, and one search for these is cheaper than the three tail searches.
_TAIL_WORD = re.compile("来源|稿源|转自|出处|编辑|审核|校对")
_END_WORDS = ("完",)


def _names(text: str) -> list[str] | None:
    """The names of a byline such as `阮现武 董浩` or `本报记者 张三`; None when it is not one."""
    names = []
    for token in re.split(r"[\s、,，/]+", text.strip()):
        token = _ROLE_WORD.sub("", token)
        if not token:
            continue
        if not _NAME.match(token):
            return None
        names.append(token)
    return names or None


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _FINAL if text.rstrip(_CLOSERS) else False


def _strip_end_markers(text: str) -> tuple[str, list[str], bool]:
    """Cut byline and source markers off the end of a paragraph.

    Returns the paragraph without them, the names they held and whether any was cut. A
    marker counts only when it is the whole paragraph or follows the end of a sentence.
    """
    names: list[str] = []
    found = False
    while text:
        if text.rstrip()[-1:] not in ")）" and not _TAIL_WORD.search(text):
            break  # no tail pattern can match: each needs a tail word, else a closing bracket last
        cut: int | None = None
        people: list[str] = []
        for pattern in (_SOURCE_TAIL, _EDITOR_TAIL):
            m = pattern.search(text)
            if m:
                cut = m.start()
                break
        if cut is None:
            m = _PAREN_TAIL.search(text)
            if m:
                inner = m.group(1).strip()
                found_names = _names(inner)
                if found_names is not None or inner in _END_WORDS:
                    cut, people = m.start(), found_names or []
        if cut is None:
            break
        head = text[:cut].rstrip()
        if head and not _ends_sentence(head):
            break
        text, found = head, True
        names = people + names
    return text, names, found


def _headline_like(text: str) -> bool:
    return (
        len(text) <= 80
        and not _ends_sentence(text)
        and text[-1:] not in _SOFT_PUNCT
        and not _ENUMERATED.match(text)
        and re.search(f"[{_HAN}]", text) is not None
    )


# A short lead and a colon open many headlines: `偃师区:扎实推进重点项目 确保…`, `专访:…`.
_HEADLINE_LEAD = re.compile(rf"^[{_HAN}A-Za-z0-9“”\"]{{1,10}}[:：](?=[{_HAN}“])")


def _strict_headline(text: str) -> bool:
    """A line that starts a new article even without a byline before it."""
    rest = _HEADLINE_LEAD.sub("", text, count=1)
    return _headline_like(text) and len(text) <= 40 and not any(ch in rest for ch in _SOFT_PUNCT)


def _author_line(text: str) -> list[str] | None:
    if len(text) > 24:
        return None
    return _names(text)


def _incomplete(text: str) -> bool:
    """A paragraph cut mid-sentence: it ends in a character or a comma and reads like prose."""
    last = text[-1:]
    if not last or _ends_sentence(text) or _ENUMERATED.match(text):
        return False
    prose = any(ch in text for ch in _SOFT_PUNCT) or len(text) > 40
    return prose and (last.isalnum() or last in ",，、")


def _paragraphs(text: str, skip_to: int) -> list[_Para]:
    paras = []
    pos = skip_to
    for line in text[skip_to:].split("\n"):
        end = pos + len(line)
        stripped = line.strip(" ")
        if stripped:
            paras.append(_Para(pos + len(line) - len(line.lstrip(" ")), stripped, end))
        pos = end + 1
    return paras


# a source lead on a line of its own: `央视网消息（新闻联播）：`, `本台消息:`
_SOURCE_LEAD = re.compile(r"^[^\s。，,]{1,12}消息\s*(?:[(（][^()（）]{1,12}[)）])?\s*[:：]$")
_SEPARATOR = re.compile(r"^[-=_*~—#·•.。\s]{3,}$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_METADATA = re.compile(r"(?:来源|作者|编辑|责任编辑|发布时间|发布日期|日期|时间)\s*[:：]")
_AUTHOR_FIELD = re.compile(r"作者\s*[:：]\s*(?P<names>[^\s:：]+(?:\s[^\s:：]+)*?)(?=\s+\S+\s*[:：]|\s*$)")
_LEAD_BYLINE = re.compile(r"^(?:本报讯|本台讯|讯|(?:新华社|人民网|中新网|央视网)[^(（]{0,12}电)\s*[(（]([^()（）]{2,40})[)）]")


_LEAD_IN = ("——", "—", "--", ":", "：")


def _starts_article(text: str, following: str, draft: _Draft) -> bool:
    """A headline after a finished paragraph, followed by an author line or a body paragraph."""
    if text.startswith(("# ", "## ")):
        return True
    return (
        not text.endswith(_LEAD_IN)  # `…的步伐——` heads a section of the same article
        and _strict_headline(text)
        and _ends_sentence(draft.body[-1][-1].text)
        and (
            not _headline_like(following)
            or _author_line(following) is not None
            or _strip_end_markers(following)[0] == ""  # `来源:新华网` under the headline
            or _LEADING_DATE.match(following) is not None
        )
    )


def _header_metadata(draft: _Draft, text: str) -> bool:
    """Take a date or source line under a headline (`2020-11-30 来源:洛阳日报`) into the draft."""
    if len(text) > 80 or _ends_sentence(text) or any(ch in text for ch in ",，。"):
        return False
    date_at_start = _LEADING_DATE.match(text)
    if not (date_at_start or _METADATA.search(text)):
        return False
    found = date_at_start or re.search(_DATE, text)
    if found is not None and draft.stated is None:
        draft.stated = _written_date(found)
    author = _AUTHOR_FIELD.search(text)
    if author and (names := _names(author["names"])):
        draft.bylines.extend(n for n in names if n not in draft.bylines)
    return True


def _split(paras: list[_Para]) -> list[_Draft]:
    drafts: list[_Draft] = []
    draft = _Draft()
    for i, para in enumerate(paras):
        following = paras[i + 1].text if i + 1 < len(paras) else None
        if _SEPARATOR.match(para.text):
            drafts.append(draft)
            draft = _Draft()
            continue
        if draft.closed or (draft.body and following is not None and _starts_article(para.text, following, draft)):
            drafts.append(draft)
            draft = _Draft()
        stripped = None
        if not draft.body:
            if draft.title and _header_metadata(draft, para.text):
                continue
            if draft.title and following is not None and _SOURCE_LEAD.match(para.text):
                draft.lead = True  # `央视网消息（新闻联播）：` under a bundle's name
                continue
            if following is not None:
                if draft.title and not draft.bylines and (names := _author_line(para.text)):
                    draft.bylines.extend(names)
                    continue
                if draft.lead and _headline_like(para.text):
                    draft.title, draft.lead = [para], False  # the first story's headline, not the bundle's name
                    continue
                if not draft.bylines and len(draft.title) < 3 and _headline_like(para.text):
                    stripped = _strip_end_markers(para.text)
                    if not stripped[2]:
                        draft.title.append(para)
                        continue
        text, names, ended = stripped or _strip_end_markers(para.text)
        draft.bylines.extend(n for n in names if n not in draft.bylines)
        if not text:
            draft.closed = ended and bool(draft.body)  # a source line under a headline ends nothing
            continue
        if not draft.body and (lead := _LEAD_BYLINE.match(text)):
            draft.bylines.extend(n for n in _names(lead.group(1)) or () if n not in draft.bylines)
        segment = _Para(para.start, text, para.line_end)
        if draft.body and _incomplete(draft.body[-1][-1].text) and not _headline_like(text):
            draft.body[-1].append(segment)
        else:
            draft.body.append([segment])
        draft.closed = ended
    drafts.append(draft)
    return [d for d in drafts if d.body]


def derived_title(body: str) -> str:
    """A short title from the first sentence: `11月24日,河南省洛阳市万安山,…` -> `河南省洛阳市万安山,…`."""
    first = re.split(f"[{_FINAL}\n]", body, maxsplit=1)[0]
    first = re.sub(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[上下]午|晚|晚上|早上)?[,，]\s*", "", first)
    if not first.strip(_FINAL + _CLOSERS + _SOFT_PUNCT + " "):
        return body[:32]
    if len(first) <= 32:
        return first
    clauses = re.split(r"(?<=[,，])", first)
    title = clauses[0]
    for clause in clauses[1:]:
        if len(title) + len(clause) > 32:
            break
        title += clause
    title = title.rstrip(",，")
    return title if 0 < len(title) <= 32 else first[:31] + "…"


def _assemble(draft: _Draft) -> tuple[str, str, tuple[tuple[int, int], ...]]:
    """(title, body, offset_map) of a draft; segments of one paragraph join with no break."""
    body = ""
    breakpoints: list[tuple[int, int]] = []
    for n, paragraph in enumerate(draft.body):
        if n:
            breakpoints.append((len(body), draft.body[n - 1][-1].line_end))
            body += "\n"
        for segment in paragraph:
            breakpoints.append((len(body), segment.start))
            body += segment.text
    title = " ".join(_MD_HEADING.sub("", p.text) for p in draft.title) or derived_title(body)
    return title, body, tuple(breakpoints) or ((0, 0),)


# ---------------------------------------------------------------------------------------------
# Publication dates written in the file


_DATE = r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_DATE_LINE = re.compile(
    rf"^(?:(?:发布时间|发布日期|发表时间|出版日期|日期|时间|date|published)\s*[:：]?\s*)?{_DATE}"
    r"(?:\s*(?:[(（]?(?:星期|周|礼拜)[一二三四五六日天][)）]?)?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?)?\s*$",
    re.IGNORECASE,
)
_LEADING_DATE = re.compile(rf"^(?:(?:发布时间|发布日期|日期|时间)\s*[:：]\s*)?{_DATE}")
_FRONT_MATTER = re.compile(r"\A\s*---[ ]*\n(?P<fields>(?:.*\n){0,40}?)---[ ]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"^\s*(?:date|published|pubdate|发布时间|日期)\s*[:：]\s*['\"]?(?P<value>[^'\"\n]+)",
                          re.IGNORECASE | re.MULTILINE)
_FRONT_DATE = re.compile(rf"^\s*(?:date|published|pubdate|发布时间|日期)\s*[:：]\s*['\"]?{_DATE}", re.IGNORECASE | re.MULTILINE)


def _written_date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def front_matter_date(text: str) -> tuple[date | None, int]:
    """The publication date a file states at its top, and where the articles start.

    YAML-ish front matter (`---\\ndate: 2021-03-05\\n---`) is skipped whole; a first line that is
    only a date (`2021年3月5日`, `2021-03-05`, `发布时间: 2021-03-05 10:00`) is skipped too.
    """
    fm = _FRONT_MATTER.match(text)
    if fm:
        found = _FRONT_DATE.search(fm["fields"])
        if found:
            return _written_date(found), fm.end()
        # any other notation of a whole date (`Nov 25, 2020`, `25.11.2020`) through dateparser
        field = _FRONT_FIELD.search(fm["fields"])
        return (written_date(field["value"]) if field else None), fm.end()
    offset = len(text) - len(text.lstrip(" \n"))
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    m = _DATE_LINE.match(text[offset:line_end].strip())
    if m and (when := _written_date(m)):
        return when, line_end
    return None, 0


# ---------------------------------------------------------------------------------------------
# The pieces of one text


@dataclass(frozen=True, slots=True)
class Piece:
    """One article as the text lays it out, before any date is read: its title, its body (every
    offset points into it), the map from body to text offsets, the people of its bylines and
    the date line under its headline, if any."""

    title: str
    body: str
    offset_map: tuple[tuple[int, int], ...]
    bylines: tuple[str, ...]
    stated: date | None


def split_text(text: str) -> tuple[date | None, list[Piece]]:
    """The date a decoded, normalised text states at its top (front matter or a date line) and
    its articles, in order. [] for a text with no body."""
    stated, body_start = front_matter_date(text)
    drafts = _split(_paragraphs(text, body_start))
    pieces = []
    for d in drafts:
        title, body, offsets = _assemble(d)
        d.body.clear()  # memory: its paragraphs are in the assembled body now
        pieces.append(Piece(title, body, offsets, tuple(d.bylines), d.stated))
    return stated, pieces


def read_articles(
    path: Path,
    root: Path | None = None,
    published: date | None = None,
    *,
    fallback: date | None = None,
    fallback_note: str = "--today",
    mapper: Mapper = map,
    fields: Mapping[str, str] | None = None,
) -> list[Article]:
    """The articles of one news file (text, HTML, JSON Lines, feed), in file order, each with
    its reference date and why: see `timeline.inputs.read_file`, which this calls."""
    # imported here: timeline.inputs reads text through this module's split_text
    from timeline.inputs import read_file

    return read_file(path, root, published, fallback=fallback, fallback_note=fallback_note, mapper=mapper,
                     fields=fields)


