"""A hand-written model of DESIGN §3 and a plain bisection, to check the flips independently.

The case has no discounts and drivers held with full confidence, so the pocket price is the
list price and the evidence-weighted EVE is the reference plus the drivers: every formula below
is DESIGN §3 written out by hand, not the library's code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from negotiation_lib.domain.case import Case

INPUTS: dict[str, float] = {
    "reference": 10_000.0,
    "driver": 2_500.0,
    "volume": 40.0,
    "list_price": 11_500.0,
    "variable_cost": 7_000.0,
    "fixed_cost": 60_000.0,
    "seller_one_time": 20_000.0,
    "customer_cost": 5_000.0,
    "customer_one_time": 15_000.0,
    "fair_share": 0.5,
    "repetitions": 100,
    "discount_rate": 0.08,
    "growth_rate": 0.0,
    "retention_fair": 0.95,
    "retention_one_sided": 0.6,
    "seller_batna": 10_000.0,
    "customer_batna": 0.0,
    "seller_batr": 500_000.0,
    "customer_batr": 0.0,
}


def case_of(**changes: float) -> Case:
    """The hand-modelled case as the library reads it, with some inputs changed."""
    m = {**INPUTS, **changes}
    document: dict[str, Any] = {
        "title": "Flip test",
        "seller": "Seller & Co",
        "customer": "Buyer <Ltd>",
        "currency": "EUR",
        "unit": "pump",
        "period": "year",
        "value": {
            "reference": {"name": "Rival", "price_per_unit": m["reference"]},
            "drivers": [{"name": "Energy", "value_per_unit": m["driver"], "confidence": 1.0}],
        },
        "economics": {
            "volume_per_period": m["volume"],
            "list_price_per_unit": m["list_price"],
            "variable_cost_per_unit": m["variable_cost"],
            "fixed_cost_per_period": m["fixed_cost"],
            "seller_one_time_cost": m["seller_one_time"],
            "customer_cost_per_period": m["customer_cost"],
            "customer_one_time_cost": m["customer_one_time"],
            "fair_share": m["fair_share"],
        },
        "relationship": {
            "repetitions": int(m["repetitions"]),
            "discount_rate": m["discount_rate"],
            "growth_rate": m["growth_rate"],
            "retention_fair": m["retention_fair"],
            "retention_one_sided": m["retention_one_sided"],
            "seller_batna_per_period": m["seller_batna"],
            "customer_batna_per_period": m["customer_batna"],
            "seller_batr_npv": m["seller_batr"],
            "customer_batr_npv": m["customer_batr"],
        },
    }
    return Case.model_validate(document)


class Hand:
    """DESIGN §3 by hand for one set of inputs."""

    def __init__(self, **changes: float) -> None:
        self.m = m = {**INPUTS, **changes}
        self.eve = m["reference"] + m["driver"]
        self.floor = m["variable_cost"] + (m["fixed_cost"] + m["seller_batna"]) / m["volume"]
        self.ceiling = self.eve - (m["customer_cost"] + m["customer_batna"]) / m["volume"]
        self.fair = self.floor + m["fair_share"] * (self.ceiling - self.floor)

    def npvs(self, price: float) -> tuple[float, float]:
        """Both parties' NPVs of the relationship at one pocket price."""
        m = self.m
        profit = m["volume"] * (price - m["variable_cost"]) - m["fixed_cost"]
        benefit = m["volume"] * (self.eve - price) - m["customer_cost"]
        joint = profit - m["seller_batna"] + benefit - m["customer_batna"]
        if joint > 0:
            gap = min(1.0, abs((profit - m["seller_batna"]) / joint - m["fair_share"]) / 0.5)
        else:
            gap = 1.0  # an undefined share counts as one-sided
        p = m["retention_fair"] + gap * (m["retention_one_sided"] - m["retention_fair"])
        q = p * (1 + m["growth_rate"]) / (1 + m["discount_rate"])
        weight = sum(q**t for t in range(int(m["repetitions"])))
        return (
            profit * weight - m["seller_one_time"],
            benefit * weight - m["customer_one_time"],
        )

    def batna_npv(self, party: str) -> float:
        m = self.m
        k = (1 + m["growth_rate"]) / (1 + m["discount_rate"])
        return m[f"{party}_batna"] * sum(k**t for t in range(int(m["repetitions"])))

    def trust_beats_cpt(self) -> bool:
        return self.npvs(self.fair)[0] > self.npvs(self.ceiling)[0]


def bisect(
    holds: Callable[[float], bool], a: float, b: float, *, tol: float = 1e-11, integer: bool = False
) -> float:
    """The first value from ``a`` towards ``b`` at which ``holds`` differs from ``holds(a)``."""
    start = holds(a)
    assert holds(b) != start, "no change in the bracket"
    while abs(b - a) > (1 if integer else tol):
        # For whole numbers at least 2 apart, the floor of the midpoint lies strictly between.
        mid = float(math.floor((a + b) / 2)) if integer else (a + b) / 2
        if holds(mid) == start:
            a = mid
        else:
            b = mid
    return b
