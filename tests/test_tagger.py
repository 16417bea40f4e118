"""extract/tagger.py: jieba's own tags from cached tables, and a cache that only ever costs time."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import jieba  # type: ignore[import-untyped]
import jieba.posseg  # type: ignore[import-untyped]
import pytest

from timeline.extract import names, tagger

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# made-up sentences of news shapes the seeds lack: numbers and Latin letters inside Han text,
# full-width and ASCII punctuation, spaces, line breaks, unknown names, a lone character
SHAPES = [
    "2021年3月5日上午9:30,市长王建国在G20峰会上说,5G基站已建成1200个(同比增长12.5%)。",
    "据新华社电 记者从市发改委获悉:今年1-10月,全市完成投资358.6亿元!",
    "区委书记欧阳明辉、副区长司马青一行到伊滨区调研\r\nAI+医疗项目。",
    "薛睿到寇店镇检查工作,要求iPhone 15、C919和“十四五”规划同步推进",
    "啊", "", "  ", "abc def", "3.14", "＃＆a.b_c+d",
]


@pytest.fixture(scope="module")
def plain() -> jieba.posseg.POSTokenizer:
    """jieba's own tagger with the lexicon added, as the project used it before."""
    tokenizer = jieba.Tokenizer()  # its own tokenizer: the first tagger of one takes its user tags
    for word, freq, tag in names.lexicon().rows:
        tokenizer.add_word(word, freq, tag)
    return jieba.posseg.POSTokenizer(tokenizer)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。！？\n]", text) if s.strip()]


def test_tags_are_jiebas_on_every_seed_sentence(plain: jieba.posseg.POSTokenizer) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    sentences = _sentences(text) + SHAPES
    assert len(sentences) > 50
    for sentence in sentences:
        assert names.tag(sentence) == [(p.word, p.flag) for p in plain.cut(sentence)], sentence


def test_tags_are_jiebas_on_a_generated_corpus(plain: jieba.posseg.POSTokenizer) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_corpus  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    text, _, _ = make_corpus.generate(150_000, seed=3)
    sentences = _sentences(text)
    assert len(sentences) > 300
    for sentence in sentences:
        assert names.tag(sentence) == [(p.word, p.flag) for p in plain.cut(sentence)], sentence


def test_tags_are_jiebas_on_random_text(plain: jieba.posseg.POSTokenizer) -> None:
    """Random runs of seed characters, digits, letters and punctuation: unknown words, the HMM
    and every branch of the cutting; the same strings twice, so cached HMM results are checked."""
    text = (SEEDS / "000_c2943cd1c302380c.txt").read_text(encoding="utf-8")
    chars = sorted(set(text) - {"\n"}) + list("09aZ. \r\n，。𠀀鿿")
    rng = random.Random(11)
    strings = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 30))) for _ in range(400)]
    for s in strings + strings:
        assert names.tag(s) == [(p.word, p.flag) for p in plain.cut(s)], s


def test_counts_and_tags_are_jiebas(plain: jieba.posseg.POSTokenizer) -> None:
    plain.makesure_userdict_loaded()
    mine = names._tagger()
    words = sorted(plain.tokenizer.FREQ)
    sample = random.Random(5).sample(words, 20_000) + [w for w, _, _ in names.lexicon().rows] + ["不是词语", "𠀀"]
    for word in sample:
        assert mine.count(word) == (plain.tokenizer.FREQ.get(word) or 0), word
        assert mine._tag(word) == plain.word_tag_tab.get(word, "x"), word


def test_viterbi_is_jiebas_on_random_strings() -> None:
    viterbi = sys.modules["jieba.posseg.viterbi"].viterbi
    text = (SEEDS / "000_c2943cd1c302380c.txt").read_text(encoding="utf-8")
    chars = sorted(set(re.sub(r"[^\u4e00-\u9fff]", "", text))) + ["𠀀", "鿿"]
    rng = random.Random(7)
    tables = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    hmm = tagger._Hmm(*tables)
    for _ in range(500):
        obs = "".join(rng.choice(chars) for _ in range(rng.randint(1, 10)))
        assert hmm.viterbi(obs) == viterbi(obs, *tables), obs


ROWS = (("伊滨区", 1000, "ns"), ("测试新馆", 2000, "nz"))


def test_cache_is_written_once_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tagger.load(ROWS, tmp_path)
    files = list(tmp_path.glob("jieba-pos-*.marshal"))
    assert len(files) == 1
    assert first.tag("测试新馆在伊滨区开工") == tagger.Tagger(tagger.tables_from_jieba(ROWS)).tag("测试新馆在伊滨区开工")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]

    def no_jieba(rows: object) -> object:
        raise AssertionError("jieba was read although the cache is valid")

    monkeypatch.setattr(tagger, "tables_from_jieba", no_jieba)
    second = tagger.load(ROWS, tmp_path)
    sentence = "测试新馆在伊滨区开工"
    assert second.tag(sentence) == first.tag(sentence)
    assert ("测试新馆", "nz") in second.tag(sentence)
    assert second._shards == first._shards
    assert second.count("测试新馆") == 2000


def test_other_rows_make_a_new_cache_and_drop_the_old(tmp_path: Path) -> None:
    # another installation of jieba (another venv of the same user) keeps its own file
    elsewhere = tmp_path / "jieba-pos-00000000-0123456789abcdef.marshal"
    elsewhere.write_bytes(b"theirs")
    tagger.load(ROWS, tmp_path)
    old = {p.name for p in tmp_path.glob("jieba-pos-*.marshal")} - {elsewhere.name}
    other = tagger.load(ROWS[:1], tmp_path)
    new = {p.name for p in tmp_path.glob("jieba-pos-*.marshal")} - {elsewhere.name}
    assert len(new) == 1 and new != old
    assert other.count("测试新馆") == 0
    assert elsewhere.read_bytes() == b"theirs"


def test_another_cache_format_keeps_its_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger, "CACHE_FORMAT", tagger.CACHE_FORMAT - 1)
    tagger.load(ROWS, tmp_path)
    monkeypatch.undo()
    tagger.load(ROWS, tmp_path)
    assert len(list(tmp_path.glob("jieba-pos-*.marshal"))) == 2


def test_a_damaged_cache_is_made_again(tmp_path: Path) -> None:
    tagger.load(ROWS, tmp_path)
    (path,) = tmp_path.glob("jieba-pos-*.marshal")
    for damage in (b"", b"\x00garbage", path.read_bytes()[:1000]):
        path.write_bytes(damage)
        assert tagger.load(ROWS, tmp_path).tag("测试新馆") == [("测试新馆", "nz")]
        assert len(path.read_bytes()) > 1_000_000


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc, which nobody can write, root included")
def test_an_unwritable_cache_folder_is_skipped_silently() -> None:
    folder = Path("/proc/self/timeline-cache")
    assert tagger.load(ROWS, folder).tag("测试新馆") == [("测试新馆", "nz")]
    assert not folder.exists()


def test_a_cache_path_that_is_a_file_is_skipped_silently(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert tagger.load(ROWS, blocker / "cache").tag("测试新馆") == [("测试新馆", "nz")]
    assert blocker.read_text() == "not a folder"


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIMELINE_CACHE_DIR", str(tmp_path / "mine"))
    assert tagger.default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("TIMELINE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert tagger.default_cache_dir() == tmp_path / "xdg" / "timeline"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert tagger.default_cache_dir() == tmp_path / "home" / ".cache" / "timeline"


def test_the_hmm_runs_once_per_han_block(tmp_path: Path) -> None:
    tagged = tagger.load(ROWS, tmp_path)
    blocks: list[str] = []
    cut = tagged._hmm.cut

    def counted(block: str) -> list[tuple[str, str]]:
        blocks.append(block)
        return cut(block)

    tagged._hmm.cut = counted  # type: ignore[method-assign]
    first, second = tagged.tag("1月鍪"), tagged.tag("2月鍪")  # two unknown runs, one Han block
    assert blocks == ["月鍪"]
    assert [w for w, _ in first][1:] == [w for w, _ in second][1:]
