"""What would give a role-play case's secrets away on a page: each side's private values.

Shared by the widget-level tests and the browser test of the practice pages. A private value is
looked for raw (as the case file holds it) and as the workbook writes it; numbers only above 100
(scores run from 0 to 100) and texts only from 12 characters, because a weight of 3, a score of
100 or a word such as "yes" is on every page and proves nothing.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

from negotiation_lib.datasets import load_role_play_case
from negotiation_lib.domain.roles import SIDES, private_facts
from negotiation_lib.formatting import number
from tests.worksheets.helpers import models_of

_MIN_NUMBER = 100
_MIN_TEXT = 12


def _leaves(value: Any) -> Iterator[Any]:
    """The numbers and texts inside a fact's value (a dict's keys are issue names: public)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    elif not isinstance(value, bool):
        yield value


def _number_pattern(x: float) -> re.Pattern[str]:
    written = {repr(x), str(abs(x)), number(x), number(abs(x)), f"{abs(x):,}"}
    if float(x).is_integer():
        written |= {str(int(abs(x))), f"{int(abs(x)):,}"}
    alternatives = "|".join(re.escape(w) for w in sorted(written, key=len, reverse=True))
    # Not part of a longer number: 1105 must not match inside 11050 or 1,105,000.
    return re.compile(rf"(?<![\d.,])(?:{alternatives})(?![\d]|[.,]\d)")


def secrets(name: str) -> list[tuple[str, re.Pattern[str] | str]]:
    """Every private value of both sides of a role-play sample case, with its fact's label.

    Each value comes as a pattern (a number, matched whole) or a text (matched as written, and
    HTML-escaped as a page writes it).
    """
    doc = load_role_play_case(name)
    found: list[tuple[str, re.Pattern[str] | str]] = []
    for side in SIDES:
        for fact in private_facts(doc, side):
            label = f"{side}: {fact.label}"
            for leaf in _leaves(fact.value):
                if isinstance(leaf, int | float) and abs(leaf) > _MIN_NUMBER:
                    found.append((label, _number_pattern(leaf)))
                elif isinstance(leaf, str) and len(leaf) >= _MIN_TEXT:
                    found.extend((label, t) for t in {leaf, html.escape(leaf)})
            if len(fact.shown) >= _MIN_TEXT:
                found.extend((label, t) for t in {fact.shown, html.escape(fact.shown)})
    return found


_MODEL_ID = re.compile(r"[0-9a-f]{32}")
"""A widget model's id (random hex), in references and class names: set aside before matching."""


def leaked(text: str, name: str) -> list[str]:
    """The private facts of the role-play case ``name`` whose value ``text`` holds.

    Widget model ids are random hex: one that happened to hold a secret's digits between two
    letters (``a2600f``) read as a leak, in about one run in ten. They are removed first.
    """
    text = _MODEL_ID.sub("", text)
    hits = []
    for label, secret in secrets(name):
        hit = secret.search(text) if isinstance(secret, re.Pattern) else secret in text
        if hit:
            hits.append(label)
    return sorted(set(hits))


def widget_states(page: widgets.Widget) -> str:
    """Every widget model's state a page sends to the browser, as one JSON text."""
    states = [m.get_state() for m in models_of(page)]
    return json.dumps(states, ensure_ascii=False, default=str)
