"""A case file's revised figures worked out by hand, for the tests of the brief, files and debrief.

DESIGN §3 written out plainly over the JSON document, with a brute-force loop over prices and
repetitions where the library has a search or a closed form. Nothing here imports
``negotiation_lib``: the consumers' tests compare what they show with these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Deal:
    """One price's figures for both parties."""

    price: float
    seller_profit: float
    customer_benefit: float
    seller_gain: float
    customer_gain: float
    seller_share: float | None
    retention: float
    seller_npv: float
    customer_npv: float
    seller_colr: float
    customer_colr: float


@dataclass(frozen=True)
class HandCase:
    """The price-independent figures of a case file, and its relationship inputs."""

    data: dict[str, Any]
    pocket: float
    eve_expected: float
    floor: float
    ceiling: float
    fair_price: float

    @property
    def rel(self) -> dict[str, Any]:
        """The relationship section (every sample case has one)."""
        rel: dict[str, Any] = self.data["relationship"]
        return rel

    @property
    def econ(self) -> dict[str, Any]:
        """The economics section."""
        econ: dict[str, Any] = self.data["economics"]
        return econ

    def batna_npv(self, party: str) -> float:
        """The BATNA taken every period for N periods, summed repetition by repetition."""
        rel = self.rel
        k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
        batna = float(rel[f"{party}_batna_per_period"])
        return float(sum(batna * k**t for t in range(rel["repetitions"])))

    def at(self, price: float, retention_one_sided: float | None = None) -> Deal:
        """Both parties' figures at one price (a loop over the repetitions)."""
        deals = self.grid(np.array([price]), retention_one_sided)
        return deals[0]

    def grid(self, prices: np.ndarray, retention_one_sided: float | None = None) -> list[Deal]:
        """Both parties' figures at many prices at once (one row of repetitions per price)."""
        e, rel = self.econ, self.rel
        volume = e["volume_per_period"]
        profit = volume * (prices - e["variable_cost_per_unit"]) - e["fixed_cost_per_period"]
        benefit = volume * (self.eve_expected - prices) - e["customer_cost_per_period"]
        seller_gain = profit - rel["seller_batna_per_period"]
        customer_gain = benefit - rel["customer_batna_per_period"]
        joint = seller_gain + customer_gain
        fair_share = e["fair_share"]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(joint > 0, seller_gain / joint, np.nan)
        # An undefined share counts as fully one-sided.
        distance = np.where(np.isnan(share), 1.0, np.minimum(1.0, np.abs(share - fair_share) / 0.5))
        p_one = rel["retention_one_sided"] if retention_one_sided is None else retention_one_sided
        p = rel["retention_fair"] + distance * (p_one - rel["retention_fair"])
        t = np.arange(rel["repetitions"])
        weights = (p[:, None] ** t) * ((1 + rel["growth_rate"]) / (1 + rel["discount_rate"])) ** t
        total = weights.sum(axis=1)
        later = total - 1.0  # repetitions t >= 1
        return [
            Deal(
                price=float(prices[i]),
                seller_profit=float(profit[i]),
                customer_benefit=float(benefit[i]),
                seller_gain=float(seller_gain[i]),
                customer_gain=float(customer_gain[i]),
                seller_share=None if np.isnan(share[i]) else float(share[i]),
                retention=float(p[i]),
                seller_npv=float(profit[i] * total[i] - e["seller_one_time_cost"]),
                customer_npv=float(benefit[i] * total[i] - e["customer_one_time_cost"]),
                seller_colr=float(profit[i] * later[i]),
                customer_colr=float(benefit[i] * later[i]),
            )
            for i in range(len(prices))
        ]

    def seller_optimal_price(
        self, retention_one_sided: float | None = None, steps: int = 20_001
    ) -> tuple[float, float]:
        """The best seller price on a fine grid of the ZOPA, and the grid's spacing."""
        prices = np.linspace(self.floor, self.ceiling, steps)
        npvs = np.array([d.seller_npv for d in self.grid(prices, retention_one_sided)])
        best = int(np.argmax(npvs))  # the first, so ties go to the lowest price
        return float(prices[best]), (self.ceiling - self.floor) / (steps - 1)


def hand_case(data: dict[str, Any]) -> HandCase:
    """Work out a case file's pocket price, evidence-weighted EVE, ZOPA and fair price."""
    e, rel, value = data["economics"], data["relationship"], data["value"]
    volume, list_price = e["volume_per_period"], e["list_price_per_unit"]
    # Percent discounts come off list (not compounded); lump ones are spread over the volume.
    off = {
        "percent": lambda d: d["amount"] / 100 * list_price,
        "per_unit": lambda d: d["amount"],
        "per_period": lambda d: d["amount"] / volume,
    }
    pocket = list_price - sum(off[d["kind"]](d) for d in e["discounts"])
    eve_expected = value["reference"]["price_per_unit"] + sum(
        d["confidence"] * d["value_per_unit"] for d in value["drivers"]
    )
    floor = (
        e["variable_cost_per_unit"]
        + (e["fixed_cost_per_period"] + rel["seller_batna_per_period"]) / volume
    )
    ceiling = eve_expected - (e["customer_cost_per_period"] + rel["customer_batna_per_period"]) / (
        volume
    )
    fair = floor + e["fair_share"] * (ceiling - floor)
    return HandCase(data, pocket, eve_expected, floor, ceiling, fair)
