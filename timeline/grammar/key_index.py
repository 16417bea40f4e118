"""The key-character index: which rules a text can match at all, and where in a long text.

Every rule names `keys`, characters one of which each of its matches contains, and its
pattern tells what else a text needs (pattern_checks.required_chars).  A text runs only the
rules it keys and whose needs it meets, and a long text only in windows around the keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from timeline.grammar.pattern_checks import Needs, meets_needs
from timeline.grammar.rulebase import WINDOW, Rule, char_class


def key_pattern(keys: str) -> re.Pattern[str]:
    """A character class of `keys`."""
    return re.compile(f"[{char_class(keys)}]")


def windows(text: str, keys: re.Pattern[str]) -> list[tuple[int, int]]:
    """Merged [start, end) windows of WINDOW characters around the key characters.

    `keys` (Rule.key_re) matches a whole cluster of key characters at once, each within
    2 * WINDOW characters of the next, so the merging happens inside the regex engine.
    """
    spans: list[tuple[int, int]] = []
    size = len(text)
    for m in keys.finditer(text):
        lo, hi = max(0, m.start() - WINDOW), min(size, m.end() + WINDOW)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


# Distinct sets of checked characters a memo of KeyIndex.wanted keeps; then it starts afresh.
PLAN_MEMO = 4096


@dataclass(frozen=True, slots=True)
class KeyIndex:
    """For each key character, the positions in a rule tuple of the rules it keys, and what
    each rule needs besides a key (Rule.needs)."""

    # Every character of a key or a need: wanted() depends on which of them a text holds only.
    chars: frozenset[str]
    # A plain dict behind a read-only type, never changed after key_index builds it: lookups
    # through a MappingProxyType cost about 0.5 µs more per short text.
    rules_of: Mapping[str, tuple[int, ...]]
    needs: tuple[Needs, ...] = ()
    # present characters -> wanted(): texts hold few distinct sets of them (a sentence with a
    # date holds digits, 年, 月, 日), and working the rules out costs several µs a text
    memo: dict[frozenset[str], tuple[int, ...]] = field(default_factory=dict)

    def wanted(self, text: str) -> tuple[int, ...]:
        """The positions of the rules keyed by a character of `text` and whose needs `text`
        meets, in rule order: the others cannot match it."""
        present = self.chars.intersection(text)
        plan = self.memo.get(present)
        if plan is None:
            ids: set[int] = set()
            for ch in present:
                ids.update(self.rules_of.get(ch, ()))
            plan = tuple(i for i in sorted(ids) if i >= len(self.needs) or meets_needs(self.needs[i], present))
            if len(self.memo) >= PLAN_MEMO:
                self.memo.clear()
            self.memo[present] = plan
        return plan


def key_index(rules: tuple[Rule, ...]) -> KeyIndex:
    """For each key character, the positions in `rules` of the rules it keys."""
    index: dict[str, list[int]] = {}
    for i, r in enumerate(rules):
        for ch in r.key_set:
            index.setdefault(ch, []).append(i)
    chars = frozenset(index).union(*(need for r in rules for alts in r.needs for alt in alts for need in alt))
    return KeyIndex(chars, {ch: tuple(ids) for ch, ids in index.items()}, tuple(r.needs for r in rules))


def trigger(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """Any key character of any rule: text without one holds no time expression."""
    return key_pattern("".join(r.keys for r in rules))
