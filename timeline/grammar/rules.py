"""Every grammar rule, in one ordered, explicit tuple.  Order breaks ties between equal matches."""

from __future__ import annotations

from timeline.grammar.rulebase import Partial, Rule, rule
from timeline.grammar.rules_dates import DATE_RULES
from timeline.grammar.rules_periods import PERIOD_RULES
from timeline.grammar.rules_relative import RELATIVE_RULES
from timeline.grammar.rules_time import TIME_RULES

RULES: tuple[Rule, ...] = (*DATE_RULES, *PERIOD_RULES, *RELATIVE_RULES, *TIME_RULES)

__all__ = ["RULES", "Partial", "Rule", "rule"]
