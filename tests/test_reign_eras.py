"""The Ming and Qing reign table: each reign begins where the one before it ended."""

from __future__ import annotations

from itertools import pairwise

from timeline.grammar.tables import REIGN_ERAS

MING = ("建文", "永乐", "洪熙", "宣德", "正统", "景泰", "天顺", "成化", "弘治", "正德", "嘉靖", "隆庆", "万历", "泰昌",
        "天启", "崇祯")
QING = ("天命", "天聪", "崇德", "顺治", "康熙", "雍正", "乾隆", "嘉庆", "道光", "咸丰", "同治", "光绪", "宣统")


def _last(era: str) -> int:
    first, length = REIGN_ERAS[era]
    return first + length - 1


def test_each_reign_starts_the_year_its_predecessor_ends_or_the_next() -> None:
    # a reign that changed in mid-year shares that year with the next one (景泰八年 = 天顺元年 = 1457)
    for dynasty in (MING, QING):
        for before, after in pairwise(dynasty):
            assert REIGN_ERAS[after][0] in (_last(before), _last(before) + 1), (before, after)
    assert set(MING) | set(QING) | {"洪武"} == set(REIGN_ERAS)


def test_known_years() -> None:
    assert REIGN_ERAS["洪武"][0] == 1368 and _last("洪武") == _last("建文") == 1402  # 洪武三十五年: 建文's years renamed
    assert _last("崇祯") == REIGN_ERAS["顺治"][0] == 1644
    assert _last("宣统") == 1911  # the Republic counts from 1912
    assert REIGN_ERAS["康熙"][0] + 20 - 1 == 1681
