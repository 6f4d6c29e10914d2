"""The case's identifiers, and finding them in what a page shows (issue 16, point 5).

A page must show labels, never the keys, ids and codes behind them: ``price_per_pump``,
``payment_terms``, ``pumpco_acme_foods``, ``discount_exceeds_saving``. :func:`identifiers`
collects every ``snake_case`` word a user could be shown by mistake: the case schema's property
names and codes, the sample cases' keys, issue ids and names, the report's keys, and the
domain's codes (flags, verdicts, sensitivity inputs, ...). :func:`shown_identifiers` finds
them in a page's text. The no-identifier tests (fast, over the built widgets, and in Chromium
over ``document.body.innerText``) share both.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import typing
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import negotiation_lib.domain
from negotiation_lib.datasets import load_sample_case, sample_case_names, sample_case_path
from negotiation_lib.report import build_report
from negotiation_lib.schema import case_json_schema

SNAKE_CASE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
"""A word written as an identifier: lower-case parts joined by underscores."""


def _strings(node: Any) -> Iterator[str]:
    """Every key and string value in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


def _domain_codes() -> Iterator[str]:
    """The values of every ``Literal`` alias in the domain (flag codes, verdicts, kinds...)."""
    for info in pkgutil.walk_packages(negotiation_lib.domain.__path__, "negotiation_lib.domain."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if typing.get_origin(value) is typing.Literal:
                yield from (str(a) for a in typing.get_args(value))


def _snake(words: Iterable[str]) -> set[str]:
    return {w for word in words for w in SNAKE_CASE.findall(word)}


@cache
def identifiers() -> frozenset[str]:
    """Every ``snake_case`` identifier of the schema, the samples, the report and the domain."""
    words: list[str] = list(_strings(case_json_schema()))
    for name in sample_case_names():
        words.append(name)
        words += _strings(json.loads(sample_case_path(name).read_text("utf-8")))
        words += _strings(build_report(load_sample_case(name), paths=200))
    words += _domain_codes()
    return frozenset(_snake(words))


def shown_identifiers(text: str) -> list[str]:
    """The identifiers a page's text shows, each once, in order of appearance.

    Examples
    --------
    >>> shown_identifiers("Payment terms: net 30 (payment_terms); price_per_pump")
    ['payment_terms', 'price_per_pump']
    """
    known = identifiers()
    return list(dict.fromkeys(w for w in SNAKE_CASE.findall(text) if w in known))


def context(text: str, word: str, width: int = 60) -> str:
    """Where ``word`` first appears in ``text``, with some text around it (for a message)."""
    at = text.find(word)
    return text[max(0, at - width) : at + len(word) + width].replace("\n", " ")
