"""Every grammar rule, in one ordered, explicit tuple.  Order breaks ties between equal matches."""

from __future__ import annotations

from timeline.grammar.key_index import key_index, trigger
from timeline.grammar.rulebase import Partial, Rule, rule
from timeline.grammar.rules_dates import DATE_RULES
from timeline.grammar.rules_periods import PERIOD_RULES
from timeline.grammar.rules_relative import RELATIVE_RULES
from timeline.grammar.rules_time import TIME_RULES

RULES: tuple[Rule, ...] = (*DATE_RULES, *PERIOD_RULES, *RELATIVE_RULES, *TIME_RULES)
# Text with none of these characters holds no time expression (the resolver's prefilter).
TRIGGER = trigger(RULES)
# Key character -> the rules it keys: a text runs only the rules whose keys it contains.
KEY_INDEX = key_index(RULES)

__all__ = ["KEY_INDEX", "RULES", "TRIGGER", "Partial", "Rule", "rule"]
