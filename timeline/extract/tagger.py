"""jieba's part-of-speech tagging (`jieba.posseg`, HMM on), with its tables loaded from one cache file.

Why not jieba.posseg itself: importing it reads jieba's 350,000-line dictionary for its own
module-level tagger, a tagger of ours read it a second time, and jieba's dictionary cache holds
only the word counts, so a build spent about a second of CPU before it tagged one sentence.
Here everything the tagger reads (word counts with the project lexicon added, the word tags and
the HMM tables) is one marshal file under the user's cache folder, loaded in about a third of
that; jieba is imported only to make that file, the first time or when jieba or the lexicon
changes. When no cache folder can be written the tables are made from jieba on every start,
silently, as before. The word table is kept in shards by first character, each unmarshalled
when a text first reaches that character: a build of 1 MB of news reads about half of them,
and the 0.17 s the whole table took to load shrinks with it.

The cutting is jieba 0.42's `POSTokenizer.cut` step by step (the same DAG, the same route
sums in the same order, the same tie-breaks, the same quirks), so the tags are jieba's own:
tests/test_tagger.py compares them with jieba on the seeds, a generated corpus and random text.
Two exact speed-ups: the HMM step scores only the state pairs that have a transition, and its
results are kept for recent unknown-word runs (names come back across articles).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import re
import tempfile
from collections.abc import Sequence
from math import log
from pathlib import Path
from typing import Any

from timeline.cache_dir import default_cache_dir  # the tagger's file and the lunar years' share the folder

CACHE_FORMAT = 3  # bump when the cached tuple changes shape
_CACHE_PREFIX = "jieba-pos-"
# The files of jieba the tables come from; a new jieba changes their sizes or times, and the key.
_JIEBA_SOURCES = ("dict.txt", "posseg/char_state_tab.py", "posseg/prob_start.py",
                  "posseg/prob_trans.py", "posseg/prob_emit.py")

# jieba.posseg's patterns, as it compiles them
_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile(r"[\.0-9]+")
_MIN_FLOAT, _MIN_INF = -3.14e100, float("-inf")  # jieba.posseg.viterbi's MIN_FLOAT, MIN_INF

Rows = Sequence[tuple[str, int, str]]  # the user dictionary: (word, count, tag)
Tokens = list[tuple[str, str]]


class Tagger:
    """jieba's POS tagger over loaded tables: `tag(text)` gives jieba's (word, flag) pairs."""

    def __init__(self, tables: tuple[Any, ...]) -> None:
        shards, total, tag_names, stray_tags, states, start, trans, emit = tables
        # first character -> marshal bytes of {word: its count << shift | the index of its tag in
        # tag_names (0: none, jieba's "x")}; one dict for jieba's FREQ and word_tag_tab, which
        # share their keys. Each shard is loaded on first use, into _loaded.
        self._shards: dict[str, bytes] = shards
        self._loaded: dict[str, dict[str, int]] = {}
        self._shift = max(len(tag_names) - 1, 1).bit_length()
        self._tag_mask = (1 << self._shift) - 1
        self._tag_names: list[str] = tag_names
        self._stray_tags: dict[str, str] = stray_tags  # tagged words that are no dictionary word
        self._logtotal = log(total)
        self._hmm = _Hmm(states, start, trans, emit)
        # bounded, so memory stays flat however much text is tagged. Runs of unknown characters
        # differ more than the Han blocks inside them (1月, 2月 and 12月 share 月), so the HMM's
        # words are kept per block too: a 1 MB build runs it on 443 blocks instead of 2,686.
        self._unknown = functools.lru_cache(maxsize=8192)(self._cut_unknown)
        self._han_words = functools.lru_cache(maxsize=8192)(self._cut_han)

    def _words(self, first: str) -> dict[str, int]:
        """The words (and word prefixes, count 0) that start with the character `first`."""
        words = self._loaded.get(first)
        if words is None:
            shard = self._shards.get(first)
            words = self._loaded[first] = marshal.loads(shard) if shard is not None else {}
        return words

    def count(self, word: str) -> int:
        """jieba's count of `word` (FREQ), 0 when it is none of its words."""
        return self._words(word[0]).get(word, 0) >> self._shift if word else 0

    def _tag(self, word: str) -> str:
        """jieba's word_tag_tab.get(word, "x")."""
        code = self._words(word[0]).get(word) if word else None
        if code is None:
            return self._stray_tags.get(word, "x")
        return self._tag_names[code & self._tag_mask]

    def tag(self, sentence: str) -> Tokens:
        """jieba.posseg.POSTokenizer.cut(sentence) as (word, flag) pairs."""
        out: Tokens = []
        for block in _HAN_INTERNAL.split(sentence):
            if _HAN_INTERNAL.match(block):
                self._cut_dag(block, out)
                continue
            for x in _SKIP_INTERNAL.split(block):
                if _SKIP_INTERNAL.match(x):
                    out.append((x, "x"))
                    continue
                for xx in x:
                    # jieba tests the whole piece x for letters here, not the character xx
                    out.append((xx, "m" if _NUM.match(xx) else "eng" if _ENG.match(x) else "x"))
        return out

    def _route(self, sentence: str) -> list[int]:
        """jieba's Tokenizer.get_DAG then calc: for each position, where its best word ends.

        The same candidates in the same order and the same sum, log(count or 1) - log(total) +
        the rest's score, with max over (score, end) breaking ties as jieba does."""
        shift, logtotal, loaded = self._shift, self._logtotal, self._loaded
        n = len(sentence)
        scores = [0.0] * (n + 1)
        best_end = [0] * n
        # One pass from the end: a position's words (its DAG entry) are scored as they are
        # found, since the scores of the positions after it are known. The max of distinct
        # (score, end) pairs does not depend on the order they are met in.
        for k in range(n - 1, -1, -1):
            best: tuple[float, int] | None = None
            i = k
            # every fragment from k starts with this character: one shard holds them all
            words = loaded.get(sentence[k]) or self._words(sentence[k])
            code = words.get(sentence[k])
            while code is not None:  # a word or the start of one
                count = code >> shift
                if count:
                    candidate = (log(count) - logtotal + scores[i + 1], i)
                    if best is None or candidate > best:
                        best = candidate
                i += 1
                if i >= n:
                    break
                code = words.get(sentence[k : i + 1])
            if best is None:
                # a character that is no word: jieba looks it up again, FREQ.get(c) or 1
                count = (words.get(sentence[k], 0) >> shift) or 1
                best = (log(count) - logtotal + scores[k + 1], k)
            scores[k], best_end[k] = best
        return best_end

    def _cut_dag(self, sentence: str, out: Tokens) -> None:
        """jieba.posseg.POSTokenizer.__cut_DAG: dictionary words, runs of single characters
        that are no word together go to the HMM."""
        route = self._route(sentence)
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = route[x] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append((word, self._tag(word)))
            x = y
        if buf:
            self._flush(buf, out)

    def _flush(self, buf: str, out: Tokens) -> None:
        if len(buf) == 1:
            out.append((buf, self._tag(buf)))
        elif not self.count(buf):
            out.extend(self._unknown(buf))
        else:
            out.extend((c, self._tag(c)) for c in buf)

    def _cut_unknown(self, text: str) -> tuple[tuple[str, str], ...]:
        """jieba.posseg.POSTokenizer.__cut_detail: Han runs through the HMM, digits and letters."""
        out: Tokens = []
        for block in _HAN_DETAIL.split(text):
            if _HAN_DETAIL.match(block):
                out.extend(self._han_words(block))
                continue
            for x in _SKIP_DETAIL.split(block):
                if x:
                    out.append((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x"))
        return tuple(out)


    def _cut_han(self, block: str) -> tuple[tuple[str, str], ...]:
        return tuple(self._hmm.cut(block))


class _Hmm:
    """jieba.posseg's HMM (its viterbi and __cut) over its four tables."""

    def __init__(self, states: dict[str, Any], start: dict[Any, float], trans: dict[Any, dict[Any, float]],
                 emit: dict[Any, dict[str, float]]) -> None:
        self.states, self.start, self.trans, self.emit = states, start, trans, emit
        # trans reversed (state -> {previous state: log probability}), and the states with a way out
        self.into: dict[Any, dict[Any, float]] = {}
        for y0, nexts in trans.items():
            for y, p in nexts.items():
                self.into.setdefault(y, {})[y0] = p
        self.has_out = frozenset(x for x, nexts in trans.items() if nexts)

    def cut(self, sentence: str) -> Tokens:
        """jieba.posseg.POSTokenizer.__cut: words from the B/M/E/S states of viterbi."""
        _, pos_list = self.viterbi(sentence)
        out: Tokens = []
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                out.append((sentence[begin : i + 1], pos_list[i][1]))
                nexti = i + 1
            elif pos == "S":
                out.append((char, pos_list[i][1]))
                nexti = i + 1
        if nexti < len(sentence):
            out.append((sentence[nexti:], pos_list[nexti][1]))
        return out

    def viterbi(self, obs: str) -> tuple[float, list[Any]]:
        """jieba.posseg.viterbi.viterbi over these tables, with the same result.

        jieba scores every (previous state, state) pair, and most pairs have no transition (log
        probability -inf) and cannot win. Here a state y is scored only from the previous states
        with a transition into it; y is a candidate exactly when one exists (jieba's `expect`).
        Each candidate score is the same sum in the same order, v[y0] + trans + emit, and the
        best is the maximum of (score, y0), jieba's tie-break. jieba's full expression runs only
        when no state of this character is reachable.
        """
        states, trans_p, emit_p, into, has_out = self.states, self.trans, self.emit, self.into, self.has_out
        no_way_in: dict[Any, float] = {}
        all_states = trans_p.keys()
        v: dict[Any, float] = {}
        mem_path: list[dict[Any, Any]] = [{}]
        for y in states.get(obs[0], all_states):
            v[y] = self.start[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
            mem_path[0][y] = ""
        for t in range(1, len(obs)):
            o = obs[t]
            prev = [(x, v[x]) for x in mem_path[t - 1] if x in has_out]
            prev_v = dict(prev)
            new_v: dict[Any, float] = {}
            path: dict[Any, Any] = {}
            for y in states.get(o, all_states):  # a repeated state would only be scored twice
                ways_in = into.get(y, no_way_in)
                em = emit_p[y].get(o, _MIN_FLOAT)
                best: tuple[float, Any] | None = None
                # The candidates are the previous states with a transition into y; walk the
                # shorter of the two lists (an inner or end state has one or two ways in).
                # The order does not matter: (score, y0) pairs are distinct, the max is one.
                if len(ways_in) < len(prev):
                    for y0, trans in ways_in.items():
                        score = prev_v.get(y0)
                        if score is not None:
                            candidate = (score + trans + em, y0)
                            if best is None or candidate > best:
                                best = candidate
                else:
                    for y0, score in prev:
                        way_in = ways_in.get(y0)
                        if way_in is not None:
                            candidate = (score + way_in + em, y0)
                            if best is None or candidate > best:
                                best = candidate
                if best is not None:
                    new_v[y], path[y] = best
            if not new_v:  # no state of `o` is reachable: jieba's fallback, as jieba writes it
                prev_states = [x for x, _ in prev]
                expect = {y for x in prev_states for y in trans_p[x]}
                for y in expect or set(all_states):
                    em = emit_p[y].get(o, _MIN_FLOAT)
                    new_v[y], path[y] = max((v[y0] + trans_p[y0].get(y, _MIN_INF) + em, y0) for y0 in prev_states)
            v = new_v
            mem_path.append(path)
        prob, state = max((v[y], y) for y in mem_path[-1])
        route: list[Any] = [None] * len(obs)
        for i in range(len(obs) - 1, -1, -1):
            route[i] = state
            state = mem_path[i][state]
        return prob, route


def load(rows: Rows, cache_dir: Path | None = None) -> Tagger:
    """A tagger over jieba's dictionary plus `rows`, from the cache file when there is a valid
    one, else made from jieba (and cached when `cache_dir`, default `default_cache_dir()`, can be
    written). A missing, stale, unreadable or unwritable cache only costs time."""
    folder = cache_dir if cache_dir is not None else default_cache_dir()
    slot, key = _key(rows)
    path = folder / f"{_CACHE_PREFIX}{slot}-{key}.marshal" if folder is not None else None
    if path is not None:
        tables = _read(path)
        if tables is not None:
            return Tagger(tables)
    tables = tables_from_jieba(rows)
    if path is not None:
        _write(path, tables)
    return Tagger(tables)


JIEBA_CACHE = f"jieba-timeline-{getattr(os, 'getuid', lambda: 0)()}.cache"  # one per user, in jieba's temp folder


def tables_from_jieba(rows: Rows) -> tuple[Any, ...]:
    """What `Tagger` reads, made by jieba itself: a Tokenizer of its own with `rows` added
    (jieba.add_word: the counts, the total and the prefixes) and a POSTokenizer over it."""
    import logging

    import jieba  # type: ignore[import-untyped]
    import jieba.posseg  # type: ignore[import-untyped]

    # jieba logs a traceback when it cannot write its own cache (another user's /tmp/jieba.cache):
    # a missed cache only costs time, so only a critical message may reach the user
    jieba.setLogLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()  # never jieba's global one
    tokenizer.cache_file = JIEBA_CACHE  # jieba's shared default is private to the user who wrote it first
    for word, count, tag in rows:
        tokenizer.add_word(word, count, tag)
    pos = jieba.posseg.POSTokenizer(tokenizer)
    pos.makesure_userdict_loaded()  # the user words' tags, as the first cut would take them
    tags: dict[str, str] = pos.word_tag_tab
    tag_names = ["x", *sorted(set(tags.values()) - {"x"})]
    shift = max(len(tag_names) - 1, 1).bit_length()
    index = {name: i for i, name in enumerate(tag_names)}
    words = {word: count << shift | index[tags.get(word, "x")] for word, count in tokenizer.FREQ.items()}
    stray = {word: tag for word, tag in tags.items() if word not in words}
    by_first: dict[str, dict[str, int]] = {}
    for word, code in words.items():
        if word:
            by_first.setdefault(word[0], {})[word] = code
    shards = {first: marshal.dumps(shard) for first, shard in by_first.items()}
    return (shards, tokenizer.total, tag_names, stray, jieba.posseg.char_state_tab_P,
            jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)


def _key(rows: Rows) -> tuple[str, str]:
    """(slot, key): the slot names the jieba installation and the cache format, so that two
    environments of one user, or two versions of timeline sharing one jieba (a branch and
    main), keep a file each instead of replacing each other's; the key changes with the cache
    format, Python's marshal, jieba's files and the user rows."""
    parts = [f"{CACHE_FORMAT}:{marshal.version}"]
    spec = importlib.util.find_spec("jieba")
    root = Path(spec.origin).parent if spec is not None and spec.origin else None
    slot = hashlib.sha256(f"{CACHE_FORMAT}:{root}".encode("utf-8")).hexdigest()[:8]
    if root is not None:
        for name in _JIEBA_SOURCES:
            try:
                st = (root / name).stat()
                parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append(f"{name}:-")
    parts.append(repr(tuple(rows)))
    return slot, hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def _read(path: Path) -> tuple[Any, ...] | None:
    try:
        # loads on the bytes: marshal.load on a file object reads it object by object, 2-3x slower
        tables = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    shapes = (dict, int, list, dict, dict, dict, dict, dict)
    ok = isinstance(tables, tuple) and len(tables) == len(shapes)
    return tables if ok and all(isinstance(t, shape) for t, shape in zip(tables, shapes)) else None


def _write(path: Path, tables: tuple[Any, ...]) -> None:
    """Write the cache atomically (a temporary file beside it, then os.replace) and remove the
    older files of its slot; any OSError leaves things as they were."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            marshal.dump(tables, f)
        os.replace(tmp, path)
        tmp = None
        slot = path.name[: path.name.rindex("-") + 1]
        for old in path.parent.glob(f"{slot}*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # no cache this time: the next start makes the tables again
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
