"""Rules: each one declaration of a rule type (`catalogue`); the registry derives the rest."""
from __future__ import annotations

from .base import Doc, Example, Fix, Rule, RuleContext, Scope, Span, TermHit, Text
from .catalogue import RULES
from .registry import REGISTRY, Plan, Registry

BY_CODE = REGISTRY.by_code

__all__ = [
           "BY_CODE",
           "REGISTRY",
           "RULES",
           "Doc",
           "Example",
           "Fix",
           "Plan",
           "Registry",
           "Rule",
           "RuleContext",
           "Scope",
           "Span",
           "TermHit",
           "Text",
]
