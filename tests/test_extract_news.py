"""Extraction on shapes of real news (made-up sentences): what is an item, and what is one item.

Each case is a sentence of our own in a shape news agencies use: an apposition 今天（11月28日）,
a dateline, a reporter's sourcing, a travel time, a count as of a day, a restatement.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from timeline.decode import normalise_chars
from timeline.extract.dedup import one_per_happening, same_happening, shares_name
from timeline.pipeline import events_of
from timeline.sentences import split_sentences
from timeline.types import SHANGHAI, Article, Certainty, Event, EventKind

from factories import make_article

REF = date(2020, 11, 30)


def items(body: str, reference: date = REF) -> list[Event]:
    article: Article = make_article("测试新闻", normalise_chars(body), reference=reference)
    return events_of(article)


def test_apposition_is_one_item_dated_by_the_bracket_and_titled_from_the_clause() -> None:
    [item] = items("今天（11月28日），某某大桥建成通车。")
    assert item.kind is EventKind.EVENT and item.when.first_day == date(2020, 11, 28)
    assert item.title == "某某大桥建成通车"


def test_apposition_keeps_the_clock_time() -> None:
    [item] = items("昨天（11月29日）9时20分，某型卫星在某发射中心发射升空。")
    assert item.when.start == datetime(2020, 11, 29, 9, 20, tzinfo=SHANGHAI)
    assert "()" not in item.title and "卫星" in item.title


@pytest.mark.parametrize(
    "body",
    [
        "本报某市11月25日电 （记者某某）某省某工程今天开工建设。",
        "记者今天（11月30日）从某某部获悉，某项政策落地见效。",
        "据某某时报27日报道，某国政府表示将延长禁令。",
        "在某某办公室今天举行的新闻发布会上，负责人介绍了情况。",
        "今天，某某线累计发送旅客突破1000万人次。",
        "截至10月底，某批项目已全部开工。",
        "通车后，两地通行时间由2小时缩短至40分钟以内。",
        "经过近30个小时连续作业，工人完成吊装。",
        "未来三天，某某地区将有大到暴雨。",
        "“十三五”期间，全省建成水库200座。",
        "会议指出，元旦春节临近，要做好保供稳价。",
        "11月28日，某某大桥施工建设正酣。",
        "在科技飞速发展的今天，出行更加便捷。",
        "会议审议通过了2021年度工作要点。",
        "建成后可以实现当天往返。",
    ],
)
def test_not_items(body: str) -> None:
    found = items(body)
    assert [e for e in found if "11月25日电" in e.evidence.text or "11月25日" == e.evidence.text] == []
    if not body.startswith("本报"):
        assert found == []


def test_dateline_is_a_sentence_of_its_own() -> None:
    body = "本报某市11月25日电 （记者某某）某省某工程今天开工建设。"
    texts = [s.text for s in split_sentences(body)]
    assert texts == ["本报某市11月25日电 （记者某某）", "某省某工程今天开工建设。"]
    [item] = items(body)
    assert item.title == "某省某工程开工建设" and item.when.first_day == REF


def test_year_inside_a_name_gives_way_to_the_day() -> None:
    [item] = items("2020年某某论坛将于12月9日至11日举行。")
    assert item.when.first_day == date(2020, 12, 9) and item.when.last_day == date(2020, 12, 11)


@pytest.mark.parametrize(
    "body, due",
    [
        ("某某铁路全线进入运行试验阶段，年底具备开通条件。", date(2020, 12, 31)),
        ("某某运河将于明年全线通航。", date(2021, 12, 31)),
        ("某某泵站预计明年投运。", date(2021, 12, 31)),
    ],
)
def test_commitments_in_common_forms_are_deadlines(body: str, due: date) -> None:
    [item] = items(body)
    assert item.kind is EventKind.DEADLINE and item.when.last_day == due


def test_done_is_not_a_commitment() -> None:
    assert items("2020年某专项督察组已全部实现进驻。") == []


def test_restatement_is_one_item_with_the_first_evidence() -> None:
    body = "今天（11月30日），某某高速某某隧道贯通。随着某某隧道今天贯通，全线建设提速。"
    [item] = items(body)
    assert item.evidence.sentence.startswith("今天")


def test_identical_sentences_are_one_item_not_a_lost_one() -> None:
    found = items("11月20日，某某公园开园。\n11月20日，某某公园开园。")
    assert len(found) == 1


def test_sub_headline_gives_way_to_the_body() -> None:
    found = items("某某高铁今日开通\n今天，某市至某县高速铁路正式开通运营。")
    assert [e.evidence.sentence for e in found] == ["今天,某市至某县高速铁路正式开通运营。"]


def test_two_happenings_on_one_day_stay_two() -> None:
    found = items("今天，某市地铁5号线开通运营。\n今天，某某机场正式通航。某省发布暴雨橙色预警。今天，气象台将暴雨预警升级为红色。")
    assert len(found) >= 3


def test_shares_name_ignores_verbs() -> None:
    assert shares_name("某某湖大桥建成通车", "随着某某湖大桥今天通车")
    assert not shares_name("某线正式开通运营", "某机场开通运营")


def test_same_happening_needs_one_kind_and_day() -> None:
    [first] = items("今天，某某隧道贯通。")
    [later] = items("随着某某隧道今天贯通，全线提速。")
    [other_day] = items("随着某某隧道昨天贯通，全线提速。")
    assert same_happening(first, later)
    assert not same_happening(first, other_day)


def test_one_per_happening_keeps_distinct_items() -> None:
    found = items("11月20日，某某公园开园。11月21日，某某广场揭牌。")
    assert one_per_happening(found) == sorted(found, key=lambda e: e.evidence.span_offset)


def test_bare_predicate_borrows_the_subject() -> None:
    found = items("根据日程，这次大会定于12月5日上午开幕，12月9日下午闭幕，会期5天。")
    titles = {e.when.first_day: e.title for e in found}
    assert titles[date(2020, 12, 9)] == "这次大会闭幕"


def test_title_drops_the_description_before_a_dash_and_a_place_clause() -> None:
    [a] = items("作为某某通道骨干工程——某某运河今天全线动工建设。")
    assert a.title == "某某运河全线动工建设"
    [b] = items("今天，在某省某市，某某大桥主桥顺利合龙。")
    assert b.title == "某某大桥主桥顺利合龙"


def test_certainty_of_apposition() -> None:
    [item] = items("今天（11月30日），某某论坛开幕。")
    assert item.when.certainty in (Certainty.INFERRED, Certainty.EXACT)


def test_a_start_on_a_past_day_is_an_event_on_that_day() -> None:
    found = items("从昨天（11月29日）开始，北方多地迎来雨雪。通知明确，自2020年8月1日起提高补助标准。")
    assert sorted(e.when.first_day for e in found) == [date(2020, 8, 1), date(2020, 11, 29)]
    assert all(e.kind is EventKind.EVENT and e.when.last_day == e.when.first_day for e in found)


def test_same_day_with_a_part_of_day_refers_to_the_day_before() -> None:
    [first, later] = items("11月20日，某代表团抵达某市。当天上午，代表团参观了博物馆。")
    assert later.when.start == datetime(2020, 11, 20, 8, tzinfo=SHANGHAI)


def test_finer_restatement_gives_the_time() -> None:
    [item] = items("今天上午，某某飞船与火箭组合体垂直转运至发射区。上午8点10分，组合体垂直转运完成。")
    assert item.when.start == datetime(2020, 11, 30, 8, 10, tzinfo=SHANGHAI)


def test_an_activity_window_under_way_is_due_at_its_end() -> None:
    [item] = items("今年10月至12月，各地开展违法线索排查。")
    assert item.kind is EventKind.DEADLINE and item.when.last_day == date(2020, 12, 31)


def test_a_plan_period_end_with_a_target_is_a_plan() -> None:
    [item] = items("预计“十三五”末，全省自来水普及率将达90%。")
    assert item.kind is EventKind.PLAN and item.when.last_day == date(2020, 12, 31)


def test_purpose_clause_with_a_completion_is_a_deadline() -> None:
    [item] = items("隧道的贯通为明年底某某高速通车奠定基础。")
    assert item.kind is EventKind.DEADLINE and item.when.last_day == date(2021, 12, 31)


def test_vague_year_aim_is_no_deadline_and_a_listed_goal_keeps_verb_and_object() -> None:
    assert items("下一步，将在年内形成更多实物工作量。") == []
    [item] = items("到2022年，推动基本形成布局合理、功能完善、安全可靠、绿色低碳的现代综合交通运输体系。")
    assert item.title == "基本形成现代综合交通运输体系"


def test_a_timed_restatement_of_a_day_item_is_compared_without_error() -> None:
    [item] = items("11月20日，某某大桥合龙。当天上午10时，某某大桥合龙仪式举行。\n") or [None]
    assert item is not None


def test_a_later_happening_that_names_the_earlier_subject_stays_its_own_item() -> None:
    found = items("2020年11月11日，某某研究院名誉院长张某某先生离世。消息传来的当天上午，某部长委托工作人员转达对张某某先生的哀悼。")
    assert len(found) == 2


def test_tonight_onwards_starts_at_evening() -> None:
    [item] = items("纪录片《某某》今晚（11月30日）起在某频道播出。")
    assert item.when.start == datetime(2020, 11, 30, 18, tzinfo=SHANGHAI)


def test_announcement_title_says_what_was_announced_and_a_region_span_is_no_title() -> None:
    [item] = items("某某总局今天（11月30日）发布，对某类设备实施强制性产品认证管理。")
    assert item.title == "某某总局发布:对某类设备实施强制性产品认证管理"
    [rain] = items("今天，从西南、华南到江南、华北，陆续出现大范围强降雨。")
    assert rain.title.endswith("陆续出现大范围强降雨")


def test_a_start_that_opens_a_window_is_no_happening() -> None:
    assert items("公告表示，某国从2020年6月24日起的6个月内，继续禁止进口某产品。") == []


@pytest.mark.parametrize(
    "body, kind, day, title",
    [
        ("专项行动将持续至明年3月底。", EventKind.DEADLINE, date(2021, 3, 31), "专项行动将持续"),
        ("某卫星将在2021年上半年发射。", EventKind.DEADLINE, date(2021, 6, 30), "某卫星发射"),
        ("2019年9月，某部与某省共建某中心。", EventKind.EVENT, date(2019, 9, 1), "某部与某省共建某中心"),
        ("今年3月，某省出台实施方案。", EventKind.EVENT, date(2020, 3, 1), "某省出台实施方案"),
        ("某大桥预计12月9日通车。", EventKind.EVENT, date(2020, 12, 9), "某大桥预计通车"),
    ],
)
def test_commitments_and_month_facts(body: str, kind: EventKind, day: date, title: str) -> None:
    [item] = items(body)
    assert item.kind is kind and item.title == title
    assert (item.when.last_day if kind is EventKind.DEADLINE else item.when.first_day) == day


def test_a_count_so_far_is_no_deadline() -> None:
    assert items("截至目前，年内已新增就业岗位100万个。") == []


def test_a_past_month_inside_a_relative_clause_is_background() -> None:
    assert items("2016年底开工建设的某某通道是一项跨海集群工程。") == []


def test_a_relative_clause_is_titled_by_its_noun_and_verb() -> None:
    [item] = items("将于明年通车的某某通道，建成后将连接两市。")
    assert item.kind is EventKind.DEADLINE and item.title == "某某通道通车"


def test_a_period_under_way_with_a_promise_is_a_plan_and_an_object_stays_put() -> None:
    [plan] = items("“十三五”期间，某县将基本实现生态环境明显改善。", date(2019, 5, 1))
    assert plan.kind is EventKind.PLAN
    [due] = items("施工方要在月底前完成某某医院的规划设计工作。")
    assert due.title.startswith("施工方") and "完成某某医院" in due.title


def test_two_spells_from_one_day_are_two_items() -> None:
    found = items("21日、22日，某局停运旅客列车100列。21日至24日，另一局停运200列旅客列车。")
    assert sorted(e.when.last_day for e in found) == [date(2020, 11, 22), date(2020, 11, 24)]
