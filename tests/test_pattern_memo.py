"""pattern_memo: what pattern_checks reads off a pattern, kept in a cache file that gives it back unchanged."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import empty_cache
from timeline.grammar import pattern_memo
from timeline.grammar.pattern_checks import _first_chars, _required_chars, first_chars, required_chars
from timeline.grammar.pattern_memo import compiled
from timeline.grammar.rules import RULES

# made-up patterns of the grammar's shapes: a look-behind, an alternation, a class, an optional part
PATTERNS = ("(?<![0-9])(?P<n>[0-9]{1,2})月(?:份)?", "(?:今|明日)天", "民国[0-9]{1,2}年", "(?i)q[1-4]")


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    with empty_cache(monkeypatch, tmp_path, pattern_memo.KEPT) as folder:
        yield folder


KEYS, COMMON = "月年天", "年月日年"
SORTED_KEYS, SORTED_COMMON = "天年月", "年日月"  # the key names each character once, in order


def _ask_all() -> list[object]:
    return [(first_chars(p), required_chars(p, KEYS, COMMON)) for p in PATTERNS]


def test_results_read_back_from_the_file_equal_the_worked_out_ones(cache: Path) -> None:
    first = _ask_all()
    pattern_memo.KEPT.flush()
    pattern_memo.KEPT.forget()
    assert pattern_memo.KEPT._read(pattern_memo.KEPT.path()).keys() == {
        key for p in PATTERNS for key in (("first", p), ("needs", p, SORTED_KEYS, SORTED_COMMON))}
    assert _ask_all() == first == [(_first_chars(p), _required_chars(p, SORTED_KEYS, SORTED_COMMON)) for p in PATTERNS]


def test_the_file_keeps_what_the_last_writer_asked_for(cache: Path) -> None:
    first_chars("旧[0-9]")
    pattern_memo.KEPT.flush()
    pattern_memo.KEPT.forget()
    first_chars("新[0-9]")
    pattern_memo.KEPT.flush()
    assert pattern_memo.KEPT._read(pattern_memo.KEPT.path()).keys() == {("first", "新[0-9]")}


def test_a_broken_or_foreign_file_is_worked_out_again(cache: Path) -> None:
    path = pattern_memo.KEPT.path()
    assert path is not None
    for junk in (b"not marshal", b"\xe9" * 10, marshal.dumps({("first", PATTERNS[0]): 7}),
                 marshal.dumps({("needs", PATTERNS[0], "", ""): (("not sets",),)})):
        path.write_bytes(junk)
        pattern_memo.KEPT.forget()
        assert first_chars(PATTERNS[0]) == _first_chars(PATTERNS[0])
        assert required_chars(PATTERNS[0]) == _required_chars(PATTERNS[0], "", "")


def test_an_unwritable_cache_folder_only_costs_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(blocker / "cache"))
    pattern_memo.KEPT.forget()
    try:
        assert first_chars(PATTERNS[1]) == _first_chars(PATTERNS[1])
        pattern_memo.KEPT.flush()
    finally:
        pattern_memo.KEPT.forget()


def test_the_grammar_asks_the_same_in_every_process_so_one_file_serves_them_all(tmp_path: Path) -> None:
    """Rule patterns must not depend on the string hash seed, or each process would miss the file."""
    files = []
    for seed in ("1", "2"):
        folder = tmp_path / seed
        env = {**os.environ, "TIMELINE_CACHE_DIR": str(folder), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", "import timeline.resolver"], check=True, env=env, timeout=120)
        [path] = folder.glob("pattern-checks-*.marshal")
        files.append(pattern_memo.KEPT._read(path))
    assert files[0] and files[0].keys() == files[1].keys()


def _same_pattern(mine: re.Pattern[str], theirs: re.Pattern[str]) -> bool:
    """Pattern == compares the pattern, flags and compiled code; the group names besides."""
    return mine == theirs and (mine.groups, mine.groupindex) == (theirs.groups, theirs.groupindex)


def test_a_program_read_back_from_the_file_compiles_to_re_compiles_pattern(cache: Path) -> None:
    patterns = [*PATTERNS, "(?P<a>x)(?P<b>y)?\\s+[^0-9]", "(?P<y>[0-9]{4})年(?P=y)"]
    first = [compiled(p) for p in patterns]
    pattern_memo.KEPT.flush()
    pattern_memo.KEPT.forget()
    again = [compiled(p) for p in patterns]
    assert pattern_memo.KEPT._read(pattern_memo.KEPT.path()).keys() >= {("compiled", p) for p in patterns}
    for p, mine, kept in zip(patterns, first, again, strict=True):
        assert _same_pattern(mine, re.compile(p)) and _same_pattern(kept, re.compile(p))
    assert again[-1].fullmatch("2021年2021") and not again[-1].fullmatch("2021年2022")


def test_every_rules_pattern_is_the_one_re_compile_gives() -> None:
    for r in RULES:
        assert _same_pattern(r.pattern, re.compile(r.pattern.pattern)), r.name


def test_a_program_sre_refuses_falls_back_to_re_compile(cache: Path) -> None:
    pattern = "(?P<m>[0-9]{1,2})月"
    path = pattern_memo.KEPT.path()
    assert path is not None
    path.write_bytes(marshal.dumps({("compiled", pattern): (32, [999999], 0, {"m": 1}, (None, "m"))}))
    pattern_memo.KEPT.forget()
    assert _same_pattern(compiled(pattern), re.compile(pattern))


def test_a_program_of_non_numbers_falls_back_to_re_compile(cache: Path) -> None:
    pattern = "[0-9]{4}年"
    path = pattern_memo.KEPT.path()
    assert path is not None
    path.write_bytes(marshal.dumps({("compiled", pattern): (32, ["not", "code"], 0, {}, (None,))}))
    pattern_memo.KEPT.forget()
    assert _same_pattern(compiled(pattern), re.compile(pattern))
