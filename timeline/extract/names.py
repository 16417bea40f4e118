"""People, projects and places named in a sentence.

People come from jieba's part-of-speech tags (`nr`), from a position title right before a
name (管委会主任张向阳: jieba tags 张 as a measure word) and from the article's bylines.
Projects and places come from the lexicon in timeline/data/places.txt and from name endings
(…项目, …馆, …中心, …公园). jieba is slow, so only sentences that produce an item are tagged;
project lookups over other sentences (the antecedent of 该项目) use the regex path alone.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

import jieba  # type: ignore[import-untyped]
import jieba.posseg  # type: ignore[import-untyped]

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
def _tagger() -> jieba.posseg.POSTokenizer:
    """One tagger per process, over its own Tokenizer (never jieba's global one)."""
    # jieba logs a traceback when it cannot write its cache (another user's /tmp/jieba.cache):
    # a missed cache only costs time, so only a critical message may reach the user
    jieba.setLogLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    # one cache per user: jieba's shared default is private to the user who wrote it first
    tokenizer.cache_file = f"jieba-timeline-{getattr(os, 'getuid', lambda: 0)()}.cache"
    for word, freq, tag in lexicon().rows:
        tokenizer.add_word(word, freq, tag)
    return _Tagger(tokenizer)


class _Tagger(jieba.posseg.POSTokenizer):  # type: ignore[misc]
    """jieba's POSTokenizer with a faster HMM step for words missing from the dictionary.

    jieba.posseg's viterbi scores every (previous state, state) pair, most of which have no
    transition (log probability -inf) and cannot win; `_viterbi` scores only the pairs with a
    transition. Same states, same sums in the same order, same tie-breaking: the same tags
    (tests/test_names_viterbi.py compares it with jieba's own on the seeds).
    """

    def _POSTokenizer__cut(self, sentence: str) -> Iterator[jieba.posseg.pair]:
        # jieba.posseg.POSTokenizer.__cut with viterbi replaced by _viterbi
        _, pos_list = _viterbi(sentence)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield jieba.posseg.pair(sentence[begin : i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield jieba.posseg.pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield jieba.posseg.pair(sentence[nexti:], pos_list[nexti][1])


@functools.cache
def _into() -> tuple[dict[object, dict[object, float]], frozenset[object]]:
    """jieba.posseg.trans_P reversed (state -> {previous state: log probability}), and the
    states with any transition out."""
    into: dict[object, dict[object, float]] = {}
    for y0, nexts in jieba.posseg.trans_P.items():
        for y, p in nexts.items():
            into.setdefault(y, {})[y0] = p
    return into, frozenset(x for x, nexts in jieba.posseg.trans_P.items() if nexts)


def _viterbi(obs: str) -> tuple[float, list[tuple[str, str]]]:
    """jieba.posseg.viterbi.viterbi over jieba's own tables, with the same result.

    jieba scores every (previous state, state) pair, and most pairs have no transition (log
    probability -inf) and cannot win. Here a state y is scored only from the previous states
    with a transition into it; y is a candidate exactly when one exists (jieba's `expect`).
    Each candidate score is the same sum in the same order, v[y0] + trans + emit, and the best
    is the maximum of (score, y0), jieba's tie-break. jieba's full expression runs only when no
    state of this character is reachable.
    """
    states, start_p, trans_p, emit_p = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P,
                                        jieba.posseg.trans_P, jieba.posseg.emit_P)
    min_float, min_inf = -3.14e100, float("-inf")  # jieba.posseg.viterbi's MIN_FLOAT, MIN_INF
    into, has_out = _into()
    no_way_in: dict[object, float] = {}
    all_states = trans_p.keys()
    v: dict[object, float] = {}
    mem_path: list[dict[object, object]] = [{}]
    for y in states.get(obs[0], all_states):
        v[y] = start_p[y] + emit_p[y].get(obs[0], min_float)
        mem_path[0][y] = ""
    for t in range(1, len(obs)):
        o = obs[t]
        prev = [(x, v[x]) for x in mem_path[t - 1] if x in has_out]
        new_v: dict[object, float] = {}
        path: dict[object, object] = {}
        for y in set(states.get(o, all_states)):
            ways_in = into.get(y, no_way_in)
            em = emit_p[y].get(o, min_float)
            best: tuple[float, object] | None = None
            for y0, score in prev:
                trans = ways_in.get(y0)
                if trans is not None:
                    candidate = (score + trans + em, y0)
                    if best is None or candidate > best:
                        best = candidate
            if best is not None:
                new_v[y], path[y] = best
        if not new_v:  # no state of `o` is reachable: jieba's fallback, as jieba writes it
            prev_states = [x for x, _ in prev]
            expect = {y for x in prev_states for y in trans_p[x]}
            for y in expect or set(all_states):
                em = emit_p[y].get(o, min_float)
                new_v[y], path[y] = max((v[y0] + trans_p[y0].get(y, min_inf) + em, y0) for y0 in prev_states)
        v = new_v
        mem_path.append(path)
    prob, state = max((v[y], y) for y in mem_path[-1])
    route: list[object] = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return prob, route  # type: ignore[return-value]


def warm_up() -> None:
    """Load jieba's dictionary now (about a second), e.g. in a worker process before its first task."""
    _tagger()


def tag(text: str) -> list[tuple[str, str]]:
    """Return jieba's (word, flag) pairs for `text`."""
    return [(pair.word, pair.flag) for pair in _tagger().cut(text)]


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
    common = _tagger().tokenizer.FREQ.get(name, 0) > NAME_MAX_WORD_FREQ
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
