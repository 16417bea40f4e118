"""The cue tables that decide whether a time mention is an item, and which kind and category.

Every decision the extractor makes is a lookup in one of these tables, so a wrong item is
fixed by adding a row here (and a test line), not by a new branch in the code. Chinese stays
Chinese; each table says why it exists. Rows were pinned against the Luoyang seed
(seeds/000_c2943cd1c302380c.txt); the comment names the seed phrase where one row exists
for it.
"""

from __future__ import annotations

import re

from timeline.types import Category

# Words that contain time-looking characters but name something else. A span overlapping one
# of them is dropped even when the resolver matched it: 明日新城 is a district, 百年大计 a
# motto. (The resolver should not match them at all; this is the second line of defence.)
NOT_TIMES = ("明日新城", "百年大计", "一期", "二期", "前期", "日间照料", "当天往返", "当日往返")

# Characters that end a clause. A clause is the unit the cues are read in: in
# "该项目计划2022年6月底前完成布展并开始测试运营,目前年底前主体工程有望达到“正负零”" each deadline
# owns its own clause, so the second one does not borrow the first one's verb.
CLAUSE_BREAKS = ",,;;::。!!?? \u3000\n"  # a space separates the halves of a headline

# Span texts (after the prefix 党的 is dropped) that only say "now" or "some while": they place
# the sentence in time but promise nothing on a date. 目前 in 目前年底前主体工程…, 前期 in
# 前期招商引资工作, 全年 in 确保完成全年目标任务.
CONTEXT_SPANS = frozenset(
    {
        "当前", "目前", "现在", "此刻", "此时", "此时此刻", "而家", "依家", "前期", "近期", "今后", "今后一个时期", "当前和今后一个时期",
        "这些年", "近年来", "近年", "长期", "日常", "全年", "早日", "尽快", "随后", "此前", "期间",
        # parts of the day used as scenery or manner, not as a time: 夜幕下的伊滨大剧院, 昼夜施工
        "夜幕", "夜幕下", "昼夜", "日夜", "白天黑夜",
    }
)

# Endings of a span text that make it history when the span starts before the reference:
# 党的十八大以来, “十三五”以来, 党的十九大后, and a congress named as the source of a policy
# (党的十九届五中全会明确了…, 十九大): the resolver dates these anchors, but the article
# cites them, it does not report them.
HISTORY_SUFFIXES = ("以来", "以后", "之后", "后", "全会", "大")

# Words of an aim with nothing to check on its due day: a year-scoped 年内形成更多实物工作量 is
# no deadline (a number or a named result would be).
VAGUE_AIMS = ("更多", "更大", "更好", "进一步", "一批")

# Endings of a day span that start a happening on that day (从昨天开始, 自8月1日起), not history.
START_SUFFIXES = ("开始", "起")

# Text right after a span that turns the span into a topic, not a date: a plan document
# (编制“十四五”规划), a target named as a noun (2035年远景目标), this year's list of projects
# (今年确定的…重点项目), or the span as the subject of 是. (A plan period followed by a noun
# phrase, “十四五”时期经济社会发展的基本思路, needs no row: it has no goal verb, see GOAL_VERBS.)
CONTEXT_AFTER = (
    "规划", "远景目标", "目标任务", "确定的", "开局",
    "将是", "是",  # a span that is the subject of 是 is described, not scheduled: “十四五”时期将是…阶段
)

# Text right before a span that makes it a topic: 为“十四五”… (a purpose), 编制“十四五”….
CONTEXT_BEFORE = ("编制", "为", "奋斗", "融入", "是")  # 是: 5月5日是“五一”假期最后一天

# Text right after a span that makes it no item of its own (read by classify.not_an_item):
NOT_ITEM_AFTER = re.compile(
    r"^(?:"
    r"电(?:$|[\s（(])"  # a dateline: 本报北京12月25日电, 新华社北京6月11日电
    r"|0?\d{1,2}版"  # a print edition's page: 《人民日报》（2026年06月12日01版）
    r"|报道"  # sourcing: 据《某报》17日报道
    r"|记者"  # the reporter's own visit or sourcing: 20日，记者前往…
    r"|(?:举行|召开)的(?:新闻)?发布会"  # the press conference the news was given at
    r"|度"  # a year inside a name: 2023年度工作要点
    r")"
)

# Words in a span's clause that make it a count or a state as of that time, not a happening:
# 今天，中老铁路累计发送旅客突破…, 截至6月底…已全部开工 (see classify.not_an_item).
AS_OF_WORDS = ("累计",)
AS_OF_PREFIXES = ("截至", "截止", "截止到", "截止至")

# Words that make a statement about a period under way a promise, not a look back:
# “十四五”时期，某镇将基本实现… is a plan; “十四五”期间，我国建成… is statistics.
FUTURE_WORDS = ("将", "要", "力争", "计划", "预计", "确保", "有望", "争取")

# Words right after a festival that only name it as approaching: 元旦春节临近 (no date promised).
APPROACHING = ("临近", "将至", "来临", "即将到来")

# Words of work going on, the caption of a photo: 3月15日，大桥施工建设正酣.
ONGOING = ("正酣", "如火如荼", "正忙")

# Units of a length counted in hours or minutes: 40分钟内 and 缩短至2小时以内 are durations and
# travel times, never due times of an item.
SHORT_UNITS = re.compile(r"(?:小时|分钟|钟头)")

# Verbs of finishing. After a future span in the same clause they make a commitment:
# 2022年6月底前完成布展, 年底前主体工程有望达到“正负零”, 确保2022年…建成投用.
COMPLETION_VERBS = (
    "完成", "建成", "投用", "投产", "竣工", "达到", "通车", "运营", "开业", "交付", "落地",
    "开工", "启动", "完工", "封顶", "实现", "到位", "见效", "投入使用", "投入运营", "交付使用",
    # works coming into service: 年底具备开通条件, 今年全线通航, 5月底试航, 明年投运, 年底并网发电
    "开通", "通航", "试航", "投运", "并网", "贯通", "合龙", "蓄水", "通水", "投入运行", "具备", "上线",
    "发射",  # 将在2025年上半年发射
)

# Words right before a span that bound an activity: 持续至今年12月底, 延续实施至2027年底.
UNTIL_WORDS = ("至", "到", "截止到", "持续到", "延续到")

# Actions after a past month that make it a dated fact: 2024年9月，某部与某省共建…
PAST_ACTIONS = ("出台", "印发", "发布", "共建", "签署", "成立", "启动", "开通", "建成", "通车", "投产", "揭牌", "开工", "上线", "实施")

# Words before a span in its clause that announce a commitment (确保2022年…, 力争明年…).
DEADLINE_CUES = ("确保", "力争", "争取", "计划", "务必", "必须", "要在", "预计", "有望")

# Verbs of a long-range goal. A far span (PLAN grain, a DECADE, or at least FAR_YEARS ahead)
# is a plan only when one of these follows it in the clause: 到2035年要基本实现现代化,
# 到本世纪中叶要全面建成…现代化强市. Without one the span is context: “十四五”时期将是…重要阶段.
GOAL_VERBS = (
    "实现", "建成", "达到", "完成", "突破", "翻番", "成为", "迈入", "进入", "跻身",
    "新建", "提高到", "提升到", "增长", "超过", "控制在", "降低",  # numeric targets: 将新建学校50所
    "达", "更加",  # 某某率将达96%, 到2035年更加健全
)

# How many years past the reference a YEAR-grain span must lie to count as a long-range plan
# rather than a deadline: 2022 seen from 2020 is a deadline, 2035 is a plan.
FAR_YEARS = 5

# Phrases naming a dated occasion, written between the span and the verb: the deadline is that
# occasion, which the text does not date. 确保2022年省运会召开之际建成投用. The pattern takes
# the shortest run of Han characters ending in one of these endings.
ANCHOR_EVENT = re.compile(r"^(?P<anchor>[\u4e00-\u9fff“”\"]{0,12}?(?:召开之际|开幕之际|举办之际|召开前|开幕前|之际))")

# The category of an event, by the first table row whose cue appears. Order matters: a
# meeting sentence also mentions its inspections (11月30日,我区组织召开第18次重点项目推进会,
# …深入…项目现场,察进度), and the meeting is what the sentence reports.
CATEGORY_CUES: tuple[tuple[Category, tuple[str, ...]], ...] = (
    (Category.CEREMONY, ("开工仪式", "签约", "揭牌", "仪式", "奠基", "开幕式", "启动仪式", "竣工仪式")),
    (Category.MEETING, ("推进会", "座谈会", "会议", "召开", "主持", "研讨会", "论坛", "大会", "例会")),
    (Category.INSPECTION, ("调研", "督导", "检查", "察看", "视察", "督查", "巡查", "现场办公")),
    (Category.VISIT, ("参观", "考察", "来到", "莅临", "走访", "看望", "慰问", "观摩")),
    (Category.REPORT, ("据了解", "记者", "来源", "摄", "图为")),
)

# Words that tell what a clause says: hedges and modals dropped from a title, so
# 主体工程有望达到“正负零” reads 主体工程达到“正负零” and 要基本实现现代化 reads 基本实现现代化.
TITLE_DROP_WORDS = ("有望", "力争", "争取", "确保", "计划", "预计", "将要", "将", "要", "能够", "可")

# Endings dropped from a title: 到2035年建成具有全国影响力的现代化都市圈之日.
TITLE_DROP_ENDINGS = ("之日", "之时", "等工作", "等")

# Prepositions left dangling when the span is cut out of an event title:
# 伊滨医院将于11月10日正式投用 -> 伊滨医院正式投用, 贺现武一行于下周日来到… -> 贺现武一行来到….
TITLE_DANGLING_BEFORE_SPAN = ("将于", "已于", "定于", "拟于", "计划于", "于", "在", "北京时间", "从")

# Subjects dropped from an event title: the reporting body, not the actor.
# 我区组织召开第18次重点项目推进会 -> 第18次重点项目推进会.
TITLE_DROP_SUBJECT = re.compile(r"^(?:我|全)[区市县镇省州](?:组织)?(?:召开|举行|举办)?")

# Administrative prefixes dropped from report titles: every seed article is in 河南省洛阳市.
TITLE_DROP_PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{2,3}省)?(?:[\u4e00-\u9fff]{2,3}市)?")

# A title longer than this is cut at the last 、 or at this length.
TITLE_MAX = 32

# Anaphors that name the project of an earlier sentence of the paragraph: 该项目计划….
# The explicit ones (该项目) send even an event back to the paragraph's project; the bare
# ones only stand as the subject of a deadline (项目年底前建成).
EXPLICIT_ANAPHORS = ("该项目", "该工程")
ANAPHORS = EXPLICIT_ANAPHORS + ("项目", "工程")

# A phase of a project names the project: 立雪公园一期项目 -> 立雪公园.
PROJECT_PHASE = re.compile(r"[一二三四五六七八九十\d]期(?:工程|项目)?$")

# How far left of its ending a project name may start. A name that finds no stop word in
# this window has no clear start and is skipped rather than cut at an arbitrary character.
PROJECT_MAX_LEN = 20

# Long-range horizons: a deadline span written with one of these is a goal, not a due date,
# when it lies far ahead (到2035年要基本实现现代化). 2024年底前 stays a deadline however far.
GOAL_HORIZON_PREFIXES = ("到", "至")

# The first characters of a predicate that has no subject of its own, so the title needs the
# project: 完成布展并开始测试运营 -> 洛阳市科技馆新馆完成布展并开始测试运营.
VERB_HEADS = ("完成", "建成", "开始", "投用", "投入", "实现", "达到", "启动", "开工", "竣工", "全面", "基本")

# Position titles that stand right before a person's name: 区党工委书记何武周, 管委会主任张向阳.
PERSON_TITLES = (
    "书记", "副书记", "主任", "副主任", "市长", "副市长", "区长", "副区长", "县长", "镇长",
    "主席", "部长", "局长", "厅长", "省长", "总书记", "委员", "领导", "代表", "总经理", "董事长",
)

# Family names a person's name starts with. jieba tags many common words `nr` (文明, 布展,
# 惠民, 承载力), so a tagged name counts only when it starts with one of these. The list is
# the common single-character surnames plus the compound ones; extend it when a name is missed.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
) | frozenset({"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯"})

# Characters that end a sentence's next word, not a name: jieba's HMM reads 薛睿到 as one name.
NAME_NOT_LAST = "到在于和与及来"

# A word jieba's dictionary counts more often than this is a common word even when tagged `nr`
# (文明 6584, 向阳 671); unknown names (何武周) and rare ones (李强 159) stay below.
NAME_MAX_WORD_FREQ = 500

# Generic place nouns jieba tags `ns`: not a named place.
GENERIC_PLACES = frozenset({"城市", "都市", "城区", "山区", "社区", "市区", "地区", "景区", "美丽", "中部"})

# First characters of a collective, not a place: 各县区, 全市.
GENERIC_PLACE_STARTS = ("各", "全", "本", "我")

# Last characters of a place name read from jieba's `ns` tags; 洛阳 and other bare names come
# from the lexicon (timeline/data/places.txt).
ADMIN_PLACE_ENDINGS = tuple("省市区县镇乡村")
PLACE_ENDINGS = ADMIN_PLACE_ENDINGS + tuple("山河湖路街道州岛")

# Endings that make a project-like phrase generic: a kind of project, not one project
# (公共服务类项目, 确保重点项目, 目前年底前主体工程).
GENERIC_PROJECT_ENDINGS = ("类项目", "个项目", "重点项目", "主体工程", "配套工程", "民生工程", "重大项目", "支撑项目")

# Endings of a project or place name. 项目 comes last: 洛阳市科技馆新馆项目 is the project
# 洛阳市科技馆新馆, and the title uses the name without 项目.
PROJECT_ENDINGS = (
    "大剧院", "音乐厅", "产业园", "科技馆新馆", "新馆", "科技馆", "博物馆", "体育馆", "馆", "中心",
    "公园", "基地", "广场", "机场", "小镇", "医院", "学校", "联络站", "号线", "公寓", "示范园", "物流园",
    "游园", "园区", "枢纽", "平台", "街区", "处理厂", "廊道", "大桥", "隧道", "管廊", "体育场", "工程", "项目",
)

# Generic words that end like a project but name none: 重点项目, 部分重点企业和项目.
GENERIC_PROJECTS = frozenset(
    {"重点项目", "项目", "该项目", "工程", "民生工程", "主体工程", "配套工程", "重大项目",
     "重点企业和项目", "支撑项目", "一期项目", "二期项目", "基坑降水工程", "桩基工程"}
)

# Characters and words a project name never spans when read leftwards from its ending.
PROJECT_LEFT_STOPS = re.compile(
    r"(?:来到|察看了|察看|考察了|考察|参观了|参观|实地|位于|解决|研究|推进|新建|改造|扩建|完成|实现|加快|"
    r"推动|启动|开展|做好|抓好|确保|力争|底前|月前|对接|衔接|连接|走访|调研|督导|检查|观摩|在|到|了|的|和|及|与|、|是|等|为|对|将|把|"
    r"还|也|上|[^\u4e00-\u9fff0-9A-Za-z])"
)
