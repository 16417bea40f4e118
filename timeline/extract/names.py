"""People, projects and places named in a sentence.

People come from jieba's part-of-speech tags (`nr`), from a position title right before a
name (管委会主任张向阳: jieba tags 张 as a measure word) and from the article's bylines.
Projects and places come from the lexicon in timeline/data/places.txt and from name endings
(…项目, …馆, …中心, …公园). Tagging is the slow part (timeline/extract/tagger.py), so only
sentences that produce an item are tagged, and the tagger's tables are loaded at the first one;
project lookups over other sentences (the antecedent of 该项目) use the regex path alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from timeline.extract.cues import (
    ADMIN_PLACE_ENDINGS,
    GENERIC_PLACE_STARTS,
    GENERIC_PLACES,
    GENERIC_PROJECT_ENDINGS,
    GENERIC_PROJECTS,
    NAME_MAX_WORD_FREQ,
    NAME_NOT_LAST,
    PERSON_TITLES,
    PLACE_ENDINGS,
    PROJECT_ENDINGS,
    PROJECT_LEFT_STOPS,
    PROJECT_MAX_LEN,
    PROJECT_PHASE,
    SURNAMES,
)
from timeline.extract.tagger import Tagger
from timeline.extract.tagger import load as load_tagger

_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_PROJECT_ENDING = re.compile("|".join(map(re.escape, PROJECT_ENDINGS)))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The user dictionary: place names (tag ns) and project names (tag nz)."""

    places: frozenset[str]
    projects: frozenset[str]
    rows: tuple[tuple[str, int, str], ...]
    project_pattern: re.Pattern[str]  # the project names, longest first


@functools.cache
def lexicon() -> Lexicon:
    """Return the rows of timeline/data/places.txt; comment lines start with #."""
    text = resources.files("timeline").joinpath("data/places.txt").read_text(encoding="utf-8")
    rows: list[tuple[str, int, str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, freq, tag = (line.split() + ["1000", "ns"])[:3]
        rows.append((word, int(freq), tag))
    names = sorted((w for w, _, t in rows if t != "ns"), key=len, reverse=True)
    return Lexicon(
        places=frozenset(w for w, _, t in rows if t == "ns"),
        projects=frozenset(names),
        rows=tuple(rows),
        project_pattern=re.compile("|".join(map(re.escape, names)) or r"(?!)"),
    )


@functools.cache
def _tagger() -> Tagger:
    """One tagger per process: jieba's dictionary with the lexicon added (see extract/tagger.py)."""
    return load_tagger(lexicon().rows)


def warm_up() -> None:
    """Load the tagger's tables now, e.g. in a worker process before its first task."""
    _tagger()


def tag(text: str) -> list[tuple[str, str]]:
    """Return jieba's (word, flag) pairs for `text`."""
    return _tagger().tag(text)


def people(tokens: list[tuple[str, str]], bylines: Iterable[str] = ()) -> tuple[str, ...]:
    """Return the people a tagged sentence names, in order of appearance, then the bylines.

    A name right after a position title is joined from jieba's pieces (主任/张/向阳 ->
    张向阳); a name inside a longer name is dropped (向阳 inside 张向阳).
    >>> people(tag("区党工委副书记、管委会主任张向阳深入现场"))
    ('张向阳',)
    """
    found: list[str] = []
    for i, (word, flag) in enumerate(tokens):
        if word in PERSON_TITLES or (word in ("副", "正") and i + 1 < len(tokens) and tokens[i + 1][0] in PERSON_TITLES):
            name = _name_after(tokens, i + 1)
            if name and _has_surname(name):
                found.append(name)
        elif flag == "nr" and _HAN_NAME.match(word) and _has_surname(word) and not _is_place(word):
            found.append(word)
    found = [n[:-1] if len(n) == 3 and n[-1] in NAME_NOT_LAST else n for n in found]
    found.extend(b for b in bylines if b)
    unique = list(dict.fromkeys(found))
    return tuple(n for n in unique if not any(n != other and n in other for other in unique))


def _is_place(word: str) -> bool:
    """高新区 starts with the family name 高 but ends like a district."""
    known = lexicon()
    return word in known.places or word in known.projects or word.endswith(ADMIN_PLACE_ENDINGS)


def _has_surname(name: str) -> bool:
    """Whether `name` starts with a family name and is not a common dictionary word."""
    common = _tagger().count(name) > NAME_MAX_WORD_FREQ
    return not common and (name[0] in SURNAMES or name[:2] in SURNAMES)


def _name_after(tokens: list[tuple[str, str]], start: int) -> str:
    """The 2-3 character name starting at token `start`, or "" when none stands there."""
    name = ""
    for word, flag in tokens[start:]:
        if word in PERSON_TITLES or flag in ("x", "uj", "p", "c") or not re.match(r"^[\u4e00-\u9fff]+$", word):
            break
        if name and flag.startswith("v"):
            break
        if len(name) + len(word) > 3:
            break
        name += word
        if len(name) == 3:
            break
    return name if len(name) >= 2 else ""


def projects(text: str) -> tuple[str, ...]:
    """Return the project names in `text`: lexicon names, then names read left from an ending.

    A trailing 项目 is dropped when the rest still ends like a name (洛阳市科技馆新馆项目 ->
    洛阳市科技馆新馆). Generic words (重点项目, 主体工程) are not names.
    >>> projects("何武周来到洛阳市科技馆新馆项目现场")
    ('洛阳市科技馆新馆',)
    """
    found = [(m.start(), m.group()) for m in lexicon().project_pattern.finditer(text)]
    taken = [(start, start + len(name)) for start, name in found]
    for m in _PROJECT_ENDING.finditer(text):
        start = _left_edge(text, m.start())
        if start < 0 or any(a < m.end() and start < b for a, b in taken):
            continue
        name = _trim_project(text[start : m.end()])
        generic = name in GENERIC_PROJECTS or name.endswith(GENERIC_PROJECT_ENDINGS) or not PROJECT_PHASE.sub("", name)
        if len(name) >= 3 and not generic and not name.startswith(("重点", "相关", "部分", "各")):
            found.append((start, name))
            taken.append((start, m.end()))
    return tuple(dict.fromkeys(name for _, name in sorted(found)))


def _left_edge(text: str, end: int) -> int:
    """Where a name ending at `end` starts: just after the last stop word before it."""
    window_start = max(0, end - PROJECT_MAX_LEN)
    start = 0 if window_start == 0 else -1
    for m in PROJECT_LEFT_STOPS.finditer(text, window_start, end):
        start = m.end()
    return start


def _trim_project(name: str) -> str:
    """洛阳市科技馆新馆项目 -> 洛阳市科技馆新馆; 立雪公园一期项目 -> 立雪公园; 613项目 stays."""
    base = PROJECT_PHASE.sub("", name)
    if base != name and len(base) >= 3:
        name = base
    if name.endswith("项目") and name[:-2].endswith(PROJECT_ENDINGS[:-1]):
        return name[:-2]
    return name


def places(tokens: list[tuple[str, str]]) -> tuple[str, ...]:
    """Return the place names of a tagged sentence: lexicon places and jieba `ns` words with a
    place ending (寇店镇, 河南省), never generic nouns (城市, 山区).

    A lexicon project is one token, so its parts are never places (洛阳市科技馆新馆).
    """
    known = lexicon().places
    found = [
        word
        for word, flag in tokens
        if (word in known or (flag == "ns" and word.endswith(PLACE_ENDINGS) and word not in GENERIC_PLACES))
        and len(word) >= 2
        and not word.startswith(GENERIC_PLACE_STARTS)
    ]
    return tuple(dict.fromkeys(found))
