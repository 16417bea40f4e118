"""names._Tagger: jieba's tagger with a faster HMM step gives jieba's own tags."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import jieba  # type: ignore[import-untyped]
import jieba.posseg  # type: ignore[import-untyped]

from timeline.extract import names

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_tags_are_jiebas_on_every_seed_sentence() -> None:
    tokenizer = jieba.Tokenizer()  # its own tokenizer: the first tagger of one takes its user tags
    for word, freq, tag in names.lexicon().rows:
        tokenizer.add_word(word, freq, tag)
    plain = jieba.posseg.POSTokenizer(tokenizer)
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    sentences = [s for s in re.split(r"[。！？\n]", text) if s.strip()]
    assert sentences
    for sentence in sentences:
        assert names.tag(sentence) == [(p.word, p.flag) for p in plain.cut(sentence)], sentence


def test_viterbi_is_jiebas_on_random_strings() -> None:
    viterbi = sys.modules["jieba.posseg.viterbi"].viterbi
    text = (SEEDS / "000_c2943cd1c302380c.txt").read_text(encoding="utf-8")
    chars = sorted(set(re.sub(r"[^\u4e00-\u9fff]", "", text))) + ["𠀀", "鿿"]
    rng = random.Random(7)
    tables = (jieba.posseg.char_state_tab_P, jieba.posseg.start_P, jieba.posseg.trans_P, jieba.posseg.emit_P)
    for _ in range(500):
        obs = "".join(rng.choice(chars) for _ in range(rng.randint(1, 10)))
        assert names._viterbi(obs) == viterbi(obs, *tables), obs
