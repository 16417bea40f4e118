"""What a rule's pattern tells before any search: the characters a match can start with
(first_chars, compile_checked) and the characters a text must hold for a match (required_chars).

Both read the parsed pattern (re._parser), so a rule states only its regex; pattern_memo keeps
their results across processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as sre  # type: ignore[attr-defined]  # parsed-pattern node types (CPython 3.11+)
from re import _parser as sre_parse  # type: ignore[attr-defined]  # typeshed has only the deprecated sre_parse
from typing import Any

from timeline.grammar.pattern_memo import compiled, remembered

# The first-character check.  Most rule patterns open with look-behinds or alternatives, so
# the regex engine has no prefix to skip ahead with and tries the whole pattern at every
# position of a text; a look-ahead for the characters a match can start with turns most
# positions away at once.  Every rule a text keys is searched, most find nothing, and the
# searches were about a fifth of a short text's time.

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


class _Opaque(Exception):
    """A pattern node whose first character first_chars does not work out (a back-reference, ".")."""


def _class_items(items: list[tuple[Any, Any]]) -> list[str]:
    """The items of a parsed [...] class as class syntax; a negated class is opaque."""
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:
            raise _Opaque(op)
    return out


def _first_of_sequence(nodes: Iterable[tuple[Any, Any]]) -> tuple[list[str], bool]:
    """The class items a match of the node sequence can start with, and whether it can be empty."""
    firsts: list[str] = []
    for op, av in nodes:
        items, can_be_empty = _first_of_node(op, av)
        firsts += items
        if not can_be_empty:
            return firsts, False
    return firsts, True


def _first_of_node(op: Any, av: Any) -> tuple[list[str], bool]:
    if op is sre.LITERAL:
        return [re.escape(chr(av))], False
    if op is sre.IN:
        return _class_items(av), False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return [], True  # consumes nothing: the match goes on with the next node
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        if add_flags or del_flags:  # (?i:...), (?a:...): the class below would not mean the same
            raise _Opaque(op)
        return _first_of_sequence(body.data)
    if op is sre.ATOMIC_GROUP:
        return _first_of_sequence(av.data)
    if op is sre.BRANCH:
        firsts, can_be_empty = [], False
        for branch in av[1]:
            items, empty = _first_of_sequence(branch.data)
            firsts += items
            can_be_empty = can_be_empty or empty
        return firsts, can_be_empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = av
        items, empty = _first_of_sequence(body.data)
        return items, empty or low == 0
    raise _Opaque(op)


def first_chars(pattern: str) -> str | None:
    """The body of a character class holding the first character of every non-empty match of
    `pattern`, or None when the pattern can match empty, sets flags, or has a node not worked out."""
    return remembered(("first", pattern), lambda: _first_chars(pattern))


def _first_chars(pattern: str) -> str | None:
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags != re.UNICODE:  # (?i), (?x)... at the start; a str pattern is UNICODE
        return None
    try:
        items, can_be_empty = _first_of_sequence(parsed.data)
    except _Opaque:
        return None
    return None if can_be_empty or not items else "".join(dict.fromkeys(items))


def compile_checked(pattern: str) -> re.Pattern[str]:
    """re.compile(pattern) behind a look-ahead for its first character: the same matches, found sooner.

    A match of `pattern` at a position starts with the character there, so the look-ahead
    fails only where `pattern` cannot match.  Plain re.compile when first_chars() gives None.
    The compiled program comes from pattern_memo's cache file: the Pattern equals re.compile's.
    """
    firsts = first_chars(pattern)
    return compiled(pattern if firsts is None else f"(?=[{firsts}])(?:{pattern})")


# The character checks.  A rule a text keys is searched even when the text lacks what the
# rule needs besides its key (民国 for roc-year, 最/近/过/未 for count-span, 初/底/末 after
# 年 for year-part); most of those searches find nothing, at about half a µs each.  What a
# match needs is read off the parsed pattern: for each node of its top sequence (and of the
# groups it opens) a few alternatives, one per branch of an alternation, each a tuple of
# character sets the text must hit one character of.  It depends on which characters a text
# holds, not on their order, so KeyIndex.wanted works it out once per set of characters.

Alternatives = tuple[tuple[frozenset[str], ...], ...]  # any alternative whose every set the text hits
Needs = tuple[Alternatives, ...]  # all of them
ANYTHING: Alternatives = ((),)  # one alternative that asks for nothing

MAX_RANGE = 5000  # a class range wider than this (a CJK block) is not spelled out: no check
# The alternatives kept for one alternation; beyond, they merge into one (merged): more
# check little more, and cost import time and time per new set of characters.
MAX_ALTERNATIVES = 16
# What \s matches in a str pattern: str.isspace(), and no such character lies above U+3000.
WHITESPACE = frozenset(ch for ch in map(chr, range(0x3001)) if ch.isspace())


def _class_set(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The characters of a parsed [...] class, None for a negated, very wide or category one (\\s aside)."""
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] <= MAX_RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is sre.CATEGORY and av is sre.CATEGORY_SPACE:
            chars |= WHITESPACE
        else:
            return None
    return frozenset(chars)


class _NeedsReader:
    """Reads what a parsed pattern needs.  `keys` (a text that runs the rule holds one) and
    `common` (most texts hold them) are the last choices for the one set a merge keeps of
    each alternative."""

    def __init__(self, keys: frozenset[str], common: frozenset[str]) -> None:
        self.keys = keys
        self.common = common

    def sequence(self, nodes: Iterable[tuple[Any, Any]]) -> list[Alternatives]:
        needs: list[Alternatives] = []
        for op, av in nodes:
            needs += self.node(op, av)
        return needs

    def node(self, op: Any, av: Any) -> list[Alternatives]:
        """What every match of the node needs; [] where that is unknown.
        A look-ahead or look-behind reads characters of the text too: what it needs counts."""
        if op is sre.LITERAL:
            return [((frozenset(chr(av)),),)]
        if op is sre.IN:
            chars = _class_set(av)
            return [((chars,),)] if chars else []
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, body = av
            return [] if add_flags or del_flags else self.sequence(body.data)
        if op is sre.ATOMIC_GROUP:
            return self.sequence(av.data)
        if op is sre.ASSERT:
            _direction, body = av
            return self.sequence(body.data)
        if op is sre.BRANCH:  # what some branch needs
            either = self.fewest(alt for branch in av[1] for alt in self.all_of(self.sequence(branch.data)))
            return [] if either == ANYTHING else [either]
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, _high, body = av
            return self.sequence(body.data) if low >= 1 else []
        return []  # a negative look-around, an anchor, a back-reference: nothing of its own

    def all_of(self, needs: list[Alternatives]) -> Alternatives:
        """`needs` as one list of alternatives (each needs met by one of them)."""
        out = ANYTHING
        for alts in needs:
            if len(out) * len(alts) > MAX_ALTERNATIVES:  # merge the side with more alternatives
                out, alts = (self.merged(out), alts) if len(out) >= len(alts) else (out, self.merged(alts))
                if len(out) * len(alts) > MAX_ALTERNATIVES:
                    out, alts = self.merged(out), self.merged(alts)
            out = self.fewest(x + y for x in out for y in alts)
        return out

    def fewest(self, alternatives: Iterable[tuple[frozenset[str], ...]]) -> Alternatives:
        """The alternatives, minus any that asks for all another asks for and more (it adds
        no way to match); merged when too many are left."""
        kept: list[frozenset[frozenset[str]]] = []
        for alt in sorted({frozenset(alt) for alt in alternatives}, key=len):
            if not any(k <= alt for k in kept):
                kept.append(alt)
        out = tuple(tuple(sorted(alt, key=sorted)) for alt in kept)
        return self.merged(out) if len(out) > MAX_ALTERNATIVES else out

    def merged(self, alternatives: Alternatives) -> Alternatives:
        """One alternative each of `alternatives` implies: the sets all of them ask for, and one
        character of the union of a set each asks for besides (its rarest)."""
        if not all(alternatives):
            return ANYTHING
        shared = frozenset.intersection(*map(frozenset, alternatives))
        rest = [[need for need in alt if need not in shared] for alt in alternatives]
        if all(rest):
            shared |= {frozenset().union(*(min(alt, key=self.commonness) for alt in rest))}
        return (tuple(sorted(shared, key=sorted)),)

    def commonness(self, need: frozenset[str]) -> tuple[int, int, int, list[str]]:
        return len(need), len(need & self.keys), len(need & self.common), sorted(need)


def required_chars(pattern: str, keys: Iterable[str] = "", common: Iterable[str] = "") -> Needs:
    """What a text needs for `pattern` to match in it (meets_needs): each item is alternatives,
    each a tuple of character sets the text must hit one character of.  Where alternatives
    merge, a set without `keys` (the rule's) or `common` characters is kept.  () when flags are set.
    required_chars("民国[0-9]{1,2}年") -> ((({民},),), (({国},),), (({0..9},),), (({年},),));
    required_chars("(?:今|明日)天") -> ((({今},), ({日}, {明})), (({天},),))."""
    key_chars, common_chars = "".join(sorted(set(keys))), "".join(sorted(set(common)))
    return remembered(("needs", pattern, key_chars, common_chars),
                      lambda: _required_chars(pattern, key_chars, common_chars))


def _required_chars(pattern: str, keys: str, common: str) -> Needs:
    parsed = sre_parse.parse(pattern)
    if parsed.state.flags != re.UNICODE:
        return ()
    return tuple(dict.fromkeys(_NeedsReader(frozenset(keys), frozenset(common)).sequence(parsed.data)))


def meets_needs(needs: Needs, chars: frozenset[str] | set[str] | str) -> bool:
    """Whether `chars` (a text, or the set of its characters) meets every item of `needs`:
    hits every set of one of its alternatives."""
    return all(any(all(not need.isdisjoint(chars) for need in alt) for alt in alts) for alts in needs)
