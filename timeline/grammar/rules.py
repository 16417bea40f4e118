"""Every grammar rule, in one ordered, explicit tuple.  Order breaks ties between equal matches."""

from __future__ import annotations

from timeline.grammar.compose import trigger
from timeline.grammar.rulebase import Partial, Rule, rule
from timeline.grammar.rules_dates import DATE_RULES
from timeline.grammar.rules_periods import PERIOD_RULES
from timeline.grammar.rules_relative import RELATIVE_RULES
from timeline.grammar.rules_time import TIME_RULES

RULES: tuple[Rule, ...] = (*DATE_RULES, *PERIOD_RULES, *RELATIVE_RULES, *TIME_RULES)
# Text with none of these characters holds no time expression (the resolver's prefilter).
TRIGGER = trigger(RULES)

__all__ = ["RULES", "TRIGGER", "Partial", "Rule", "rule"]
