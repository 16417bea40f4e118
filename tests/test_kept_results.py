"""KeptResults: results kept in a marshal file of the cache folder, read back unchanged; a stale file is not read."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest

from timeline.kept_results import KeptResults


def _kept(version: str | None) -> KeptResults:
    def valid(key: Any, value: Any) -> bool:
        return isinstance(key, str) and isinstance(value, int)

    return KeptResults("test-", lambda: None if version is None else [version], valid)


@pytest.fixture(autouse=True)
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_result_is_worked_out_once_then_read_back_from_the_file() -> None:
    calls: list[str] = []
    kept = _kept("v1")
    assert kept.get("a", lambda: calls.append("a") or 1) == 1
    kept.flush()
    again = _kept("v1")
    assert again.get("a", lambda: calls.append("again") or 2) == 1
    assert calls == ["a"]


def test_what_the_results_depend_on_names_the_file(cache: Path) -> None:
    kept = _kept("v1")
    kept.get("a", lambda: 1)
    kept.flush()
    assert _kept("v2").get("a", lambda: 2) == 2  # another version: the v1 file is not read
    assert _kept("v1").path() != _kept("v2").path()
    assert _kept(None).path() is None
    assert _kept(None).get("a", lambda: 3) == 3


def test_an_entry_of_the_wrong_shape_discards_the_file(cache: Path) -> None:
    kept = _kept("v1")
    path = kept.path()
    assert path is not None
    path.write_bytes(marshal.dumps({"a": "not an int"}))
    assert kept.get("a", lambda: 4) == 4


def test_the_file_keeps_keep_unasked_entries_this_process_did_not_look_up(cache: Path) -> None:
    for keep, expected in ((0, {"c"}), (1, {"c", "b"}), (5, {"a", "b", "c"})):
        for old_file in cache.glob("test-*"):
            old_file.unlink()
        for key in ("a", "b", "c"):  # one process each: "a" written first, "c" last
            kept = KeptResults("test-", lambda: ["v1"], lambda k, v: True, keep_unasked=keep)
            kept.get(key, lambda: 1)
            kept.flush()
        assert set(kept._read(kept.path())) == expected
