"""Named sub-patterns shared by the rules: numbers, years, months, days, hours.

Each piece is wrapped in (?:...) so a quantifier after it applies to the whole piece.
Guards keep a number from starting or ending inside a longer number.
"""

from __future__ import annotations

CN_DIGIT = "〇零○一二两三四五六七八九"
CN_NUM = "〇零○一二两俩仨三四五六七八九十廿卅百千"
NOT_AFTER_DIGIT = r"(?<![0-9.])"
NOT_AFTER_CN = rf"(?<![{CN_NUM}第])"
NOT_BEFORE_DIGIT = r"(?![0-9])"

YEAR_NUM = (
    rf"(?:{NOT_AFTER_DIGIT}(?:1[0-9]|20|21)[0-9]{{2}}{NOT_BEFORE_DIGIT}"
    rf"|{NOT_AFTER_CN}(?=[0{CN_DIGIT}]*[{CN_DIGIT}])[0{CN_DIGIT}]{{4}}{NOT_BEFORE_DIGIT}"  # 二0一五: an ASCII 0 among Chinese digits
    rf"|{NOT_AFTER_CN}[一二两]千[零〇]?[一二三四五六七八九十]{{0,3}})"
)
SHORT_YEAR_NUM = rf"(?:{NOT_AFTER_DIGIT}[0-9]{{2}}|{NOT_AFTER_CN}[〇零○一二三四五六七八九]{{2}})"
MONTH_NUM = (
    rf"(?:{NOT_AFTER_DIGIT}(?:1[0-2]|0?[1-9]){NOT_BEFORE_DIGIT}"
    rf"|{NOT_AFTER_CN}(?:十[一二]?|[一二三四五六七八九]))"
)
DAY_NUM = (
    rf"(?:{NOT_AFTER_DIGIT}(?:3[01]|[12][0-9]|0?[1-9]){NOT_BEFORE_DIGIT}"
    rf"|{NOT_AFTER_CN}(?:三十一?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|十[一二三四五六七八九]?"
    rf"|[一二三四五六七八九]))"
)
HOUR_NUM = (
    rf"(?:{NOT_AFTER_DIGIT}(?:2[0-4]|[01]?[0-9]){NOT_BEFORE_DIGIT}"
    rf"|{NOT_AFTER_CN}(?:二十[一二三四]?|十[一二三四五六七八九]?|[零〇一二两三四五六七八九]))"
)
MINUTE_NUM = (
    rf"(?:[0-5]?[0-9]{NOT_BEFORE_DIGIT}"
    r"|[二三四五]十[一二三四五六七八九]?|十[一二三四五六七八九]?|[零〇][一二三四五六七八九]|[一二三四五六七八九](?=分))"
)
# A count: 3, 两, 十五, 二十, 半.
COUNT_NUM = rf"(?:{NOT_AFTER_DIGIT}[0-9]{{1,4}}{NOT_BEFORE_DIGIT}|{NOT_AFTER_CN}[一二两俩仨三四五六七八九十百]{{1,4}})"

YEAR_SUFFIX = r"\s?年(?!代|级|龄|纪|份额|薪|金|鉴|报|会|轻|华|货|夜饭)"
MONTH_SUFFIX = r"月份?(?!份额|薪|饼|票|嫂|亮|光|球|台|子|利率|天(?!气))"  # 五月天 (a band), not 五月天气
DAY_SUFFIX = (r"(?:日|号|號)(?!线|楼|文件|院|机|馆|店|门|桥|车|位|台(?!风)|口|码|令|元|币|本|志|语|军|常|益|用|均|产|选手|病房|窗口|种子|运动员|会议室"
              # after 号 a numbered thing, not a day (issue 13): 23号球衣, 15号地, 第1号洪水, 3号机组;
              # after 日 the same words follow a date (12日地震, 8日台风登陆, 3月5日公告称)
              r"|(?<=[号號])(?:球衣|战袍|队服|球员|队员|门将|前锋|后卫|中锋|地(?![区震方面下])|台风|洪水|公告|决议|提案|议案|机组"
              r"|泊位|展位|摊位|舱|井|仓|床))")

# 上半年, 年底, 内... right after a year (2022年底, 明年上半年)
YEAR_PART = r"(?P<year_part>初|底|末|上半年|下半年|前半年|后半年|内|全年|年底|年末|年初|年中)"
WEEK_WORD = r"(?:星期|礼拜|禮拜|周|週)"
RANGE_JOIN = r"\s?(?:至|到|——|—|–|~|-|－|～|－)\s?"

# Characters after which a day written with 号 but no month (15号, 十九号) is a day: a date word,
# a preposition or punctuation.  After any other Han character it is a numbered name or thing:
# 神舟十九号, 穿23号, 出让15号 (issue 13).  日 keeps working after names: 北京15日电.
HAO_DAY_AFTER = frozenset("月日天周期号是在于到至从自的和及与或同前今本当该这那截止间等起为即、，。；：！？（("
                          "了迟晚定计将要会能再才就也都还已约延推改选订预原")  # 最迟15号, 原定15号, 过了15号
