"""The deal rooms' debrief (issue 18): each figure against values computed here by hand.

Every expected value is computed in this file from the sample role-play case files with plain
arithmetic, never with the library's functions:

* utilities by Raiffa's additive scoring, ``U = Σ w_k s_k(x_k) / Σ w_k`` with scores read off
  the points by linear interpolation, held flat beyond the ends (H. Raiffa, *The Art and
  Science of Negotiation*, 1982; DESIGN §3 "Win-win");
* the seller's profit ``V(P − c) − F``, the customer's net benefit ``V(E − P) − K`` with the
  evidence-weighted EVE ``E = reference + Σ confidence·value``, gains over the BATNAs, the
  seller's share and the ZOPA (DESIGN §3 "Economics", after Marn & Rosiello's pocket price and
  Nagle & Holden's EVE);
* NPVs by the closed form of DESIGN §3 "Projection": retention ``p = p_fair + min(1,
  |s − s*|/0.5)(p_one − p_fair)``, ``q = p(1+g)/(1+d)``, NPV ``= v(1 − q^N)/(1 − q)`` less the
  one-time cost; a BATNA every period: ``B(1 − k^N)/(1 − k)`` with ``k = (1+g)/(1+d)``;
* the value left on the table by brute force over every outcome of the case: the largest
  ``min(f_S − u_S, f_C − u_C)`` over the feasible outcomes ``f`` (Raiffa, "Post-Settlement
  Settlements", *Negotiation Journal* 1(1), 1985: the improvement both sides share equally);
* the Pareto frontier and the Nash point (Nash, *Econometrica* 1950) by the same brute force.

The rooms are written event by event, as the store records them.
"""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from negotiation_lib.debrief_rooms import (
    RoomDebrief,
    room_debrief,
    rooms_chart,
    seconds_text,
    workshop_room_debriefs,
)
from negotiation_lib.domain.case import PartyDefinition
from negotiation_lib.domain.roles import truth
from negotiation_lib.domain.rooms import RoomEvent, RoomState, RoomTerms, fold
from negotiation_lib.domain.seal import definition_sha256
from negotiation_lib.domain.validation import parse_case

CASES = Path(__file__).resolve().parent.parent / "data" / "cases"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SELLER, CUSTOMER = 11, 12


def raw(name: str) -> dict[str, Any]:
    """A role-play case file, as JSON."""
    loaded: dict[str, Any] = json.loads((CASES / f"{name}.json").read_text("utf-8"))
    return loaded


def parts(name: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    roles = raw(name)["roles"]
    return roles["public"], roles["seller"]["private"], roles["customer"]["private"]


# --------------------------------------------------------------------------- by hand


def score(points_or_options: Any, x: Any) -> float:
    """A score read off points (linear between them, flat beyond) or an option's score."""
    if isinstance(points_or_options, dict):
        return float(points_or_options[x])
    pts = points_or_options
    if x <= pts[0][0]:
        return float(pts[0][1])
    if x >= pts[-1][0]:
        return float(pts[-1][1])
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if x0 <= x <= x1:
            return float(y0 + (x - x0) / (x1 - x0) * (y1 - y0))
    raise AssertionError(x)


def hand_utility(definition: dict[str, Any], package: dict[str, Any]) -> float:
    weights = definition["weights"]
    total = sum(weights.values())
    return float(
        sum(w * score(definition["scores"][k], package[k]) for k, w in weights.items()) / total
    )


def must_haves_hold(definition: dict[str, Any], package: dict[str, Any]) -> bool:
    for issue, rule in definition.get("must_haves", {}).items():
        x = package[issue]
        if "allowed" in rule and x not in rule["allowed"]:
            return False
        if "min" in rule and x < rule["min"]:
            return False
        if "max" in rule and x > rule["max"]:
            return False
    return True


def outcomes(name: str) -> list[dict[str, Any]]:
    """Every package of the case's issues (numeric issues stepped from min to max)."""
    public, _, _ = parts(name)
    levels = []
    for issue in public["win_win"]["issues"]:
        if issue["kind"] == "options":
            levels.append([(issue["name"], o) for o in issue["options"]])
        else:
            n = round((issue["max"] - issue["min"]) / issue["step"])
            levels.append([(issue["name"], issue["min"] + k * issue["step"]) for k in range(n + 1)])
    return [dict(combo) for combo in itertools.product(*levels)]


def feasible_points(name: str) -> list[tuple[float, float, dict[str, Any]]]:
    _, seller, customer = parts(name)
    ds, dc = seller["win_win"]["seller"], customer["win_win"]["customer"]
    out = []
    for package in outcomes(name):
        us, uc = hand_utility(ds, package), hand_utility(dc, package)
        if (
            must_haves_hold(ds, package)
            and must_haves_hold(dc, package)
            and us >= ds["reservation_utility"] - 1e-9
            and uc >= dc["reservation_utility"] - 1e-9
        ):
            out.append((us, uc, package))
    return out


def hand_value_left(name: str, point: tuple[float, float]) -> float:
    return max(0.0, max(min(us - point[0], uc - point[1]) for us, uc, _ in feasible_points(name)))


def hand_frontier(name: str) -> set[tuple[float, float]]:
    points = {(round(us, 6), round(uc, 6)) for us, uc, _ in feasible_points(name)}
    return {p for p in points if not any(q[0] >= p[0] and q[1] >= p[1] and q != p for q in points)}


def eve_expected(name: str) -> float:
    public, _, customer = parts(name)
    drivers = public["value"]["drivers"] + customer["value"]["drivers"]
    reference = public["value"]["reference"]["price_per_unit"]
    return float(reference + sum(d["confidence"] * d["value_per_unit"] for d in drivers))


def hand_money(name: str, price: float, fair_share: float = 0.5) -> dict[str, float]:
    """Per-period values, gains, share and NPVs at a price, by DESIGN §3's formulas."""
    public, seller, customer = parts(name)
    volume = public["economics"]["volume_per_period"]
    se, ce = seller["economics"], customer["economics"]
    rel = public["relationship"]
    b_s = seller["relationship"]["seller_batna_per_period"]
    b_c = customer["relationship"]["customer_batna_per_period"]
    profit = volume * (price - se["variable_cost_per_unit"]) - se["fixed_cost_per_period"]
    benefit = volume * (eve_expected(name) - price) - ce["customer_cost_per_period"]
    gain_s, gain_c = profit - b_s, benefit - b_c
    share = gain_s / (gain_s + gain_c)
    p_fair, p_one = rel["retention_fair"], rel["retention_one_sided"]
    p = p_fair + min(1.0, abs(share - fair_share) / 0.5) * (p_one - p_fair)
    q = p * (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    n = rel["repetitions"]
    annuity = (1 - q**n) / (1 - q)
    return {
        "profit": profit,
        "benefit": benefit,
        "gain_s": gain_s,
        "gain_c": gain_c,
        "joint": gain_s + gain_c,
        "share": share,
        "npv_s": profit * annuity - se["seller_one_time_cost"],
        "npv_c": benefit * annuity - ce["customer_one_time_cost"],
    }


def hand_batna_npv(name: str, side: str) -> float:
    public, seller, customer = parts(name)
    rel = public["relationship"]
    k = (1 + rel["growth_rate"]) / (1 + rel["discount_rate"])
    private = seller if side == "seller" else customer
    batna = private["relationship"][f"{side}_batna_per_period"]
    return float(batna * (1 - k ** rel["repetitions"]) / (1 - k))


def hand_zopa(name: str) -> tuple[float, float]:
    public, seller, customer = parts(name)
    volume = public["economics"]["volume_per_period"]
    floor = (
        seller["economics"]["variable_cost_per_unit"]
        + (
            seller["economics"]["fixed_cost_per_period"]
            + seller["relationship"]["seller_batna_per_period"]
        )
        / volume
    )
    ceiling = (
        eve_expected(name)
        - (
            customer["economics"]["customer_cost_per_period"]
            + customer["relationship"]["customer_batna_per_period"]
        )
        / volume
    )
    return floor, ceiling


# --------------------------------------------------------------------------- rooms


class Room:
    """A room's log written by hand, event by event, a minute apart unless told."""

    def __init__(self, name: str, seller: str = "Forge", customer: str = "Turbine") -> None:
        self.name = name
        self.terms = RoomTerms.from_case(parse_case(truth(raw(name))))
        self.events: list[RoomEvent] = []
        self.clock = T0
        self.add("joined", SELLER, {"name": seller}, side="seller")
        self.add("joined", CUSTOMER, {"name": customer}, side="customer")

    def add(
        self,
        kind: str,
        team: int,
        payload: dict[str, Any],
        *,
        side: str | None = None,
        after: timedelta = timedelta(minutes=1),
    ) -> int:
        if self.events:
            self.clock += after
        who = side or ("seller" if team == SELLER else "customer")
        event_id = len(self.events) + 1
        self.events.append(RoomEvent(event_id, kind, who, team, payload, 1, self.clock))  # type: ignore[arg-type]
        return event_id

    def state(self) -> RoomState:
        return fold(self.terms, self.events)

    def debrief(self, number: int = 1) -> RoomDebrief:
        return room_debrief(self.state(), raw(self.name), number=number, started_at=T0)


VALTORA_MIDDLE: dict[str, Any] = {
    "price_per_housing": 27500,
    "lead_time_weeks": 8,
    "contract_years": 3,
    "payment_terms": "60 days",
}


@pytest.fixture
def valtora_agreed() -> Room:
    """The customer's offer of the middle package accepted, after two disclosures."""
    room = Room("valtora_brightmoor")
    # The customer understates how bad its alternative is; the seller tells its true cost.
    room.add("shared", CUSTOMER, {"path": "relationship.customer_batna_per_period", "value": -1e5})
    room.add("shared", SELLER, {"path": "economics.variable_cost_per_unit", "value": 19400})
    fast = {**VALTORA_MIDDLE, "price_per_housing": 28250, "lead_time_weeks": 6}
    room.add("offered", SELLER, {"values": fast, "utility": 70})
    offer = room.add("offered", CUSTOMER, {"values": VALTORA_MIDDLE, "utility": 67})
    room.add("accepted", SELLER, {"offer": offer}, after=timedelta(minutes=8, seconds=34))
    return room


def test_an_agreement_is_scored_by_each_sides_true_definition(valtora_agreed: Room) -> None:
    d = valtora_agreed.debrief()
    _, seller, customer = parts("valtora_brightmoor")
    assert d.agreed
    assert d.status == "agreed"
    assert d.package == {
        k: float(v) if not isinstance(v, str) else v for k, v in VALTORA_MIDDLE.items()
    }
    # Seller: 0.5·50 + 0.1·50 + 0.25·80 + 0.15·70 = 60.5 (price 27,500 halfway from 25,500 to
    # 29,500; eight weeks halfway from 20 at six to 80 at ten).
    assert d.seller.utility == pytest.approx(60.5)
    assert d.seller.utility == pytest.approx(
        hand_utility(seller["win_win"]["seller"], VALTORA_MIDDLE)
    )
    # Customer: 0.4·(100 − 2,500/4,500·100) + 0.4·85 + 0.05·70 + 0.15·80 = 67.28.
    assert d.customer.utility == pytest.approx(0.4 * (100 - 250000 / 4500) + 34 + 3.5 + 12)
    assert d.customer.utility == pytest.approx(
        hand_utility(customer["win_win"]["customer"], VALTORA_MIDDLE)
    )
    assert (d.seller.team, d.customer.team) == ("Forge", "Turbine")
    assert d.package_text.startswith("Price per housing 27,500 EUR per housing;")
    # A label that names its unit loses it: the value says it ("8 weeks", not "(weeks) 8 weeks").
    assert "(weeks)" not in d.package_text
    assert "weeks" in d.package_text


def test_an_agreement_gives_both_values_per_period_npvs_and_the_split(
    valtora_agreed: Room,
) -> None:
    d = valtora_agreed.debrief()
    money = hand_money("valtora_brightmoor", 27500)
    # 120·(27,500 − 19,400) − 420,000 = 552,000; 120·(28,030 − 27,500) − 36,000 = 27,600.
    assert money["profit"] == pytest.approx(552000)
    assert money["benefit"] == pytest.approx(27600)
    assert d.seller.value_per_period == pytest.approx(money["profit"])
    assert d.customer.value_per_period == pytest.approx(money["benefit"])
    assert d.seller.gain_per_period == pytest.approx(552000 - 180000)
    assert d.customer.gain_per_period == pytest.approx(27600 + 260000)
    assert d.joint_gain_per_period == pytest.approx(659600)
    assert d.seller_share == pytest.approx(372000 / 659600)
    assert d.seller.npv == pytest.approx(money["npv_s"], rel=1e-9)
    assert d.customer.npv == pytest.approx(money["npv_c"], rel=1e-9)
    assert d.price_per_unit == pytest.approx(27500)
    floor, ceiling = hand_zopa("valtora_brightmoor")
    assert (floor, ceiling) == pytest.approx((24400, 29896.666666666668))
    assert d.fair_share == 0.5
    assert d.fair_price_per_unit == pytest.approx(floor + 0.5 * (ceiling - floor))


def test_an_agreement_inside_the_frontier_left_value_on_the_table(valtora_agreed: Room) -> None:
    d = valtora_agreed.debrief()
    assert d.seller.utility is not None
    assert d.customer.utility is not None
    expected = hand_value_left("valtora_brightmoor", (d.seller.utility, d.customer.utility))
    assert expected > 0.5  # the middle package is not efficient: the check can tell
    assert d.value_left == pytest.approx(expected)
    better = d.better_for_both
    assert better is not None
    gains = (better.seller_utility - d.seller.utility, better.customer_utility - d.customer.utility)
    assert min(gains) == pytest.approx(expected)


def test_offers_time_and_disclosures_that_differed(valtora_agreed: Room) -> None:
    d = valtora_agreed.debrief()
    assert d.offers == 2
    # Joined at 9:00, then a minute per event, the acceptance 8 min 34 s after the last offer.
    assert d.seconds_to_agree == 5 * 60 + 8 * 60 + 34
    assert seconds_text(d.seconds_to_agree) == "13 min 34 s"
    assert [(x.side, x.path, x.differs) for x in d.disclosures] == [
        ("customer", "relationship.customer_batna_per_period", True),
        ("seller", "economics.variable_cost_per_unit", False),
    ]
    (lie,) = d.misstated
    assert (lie.team, lie.stated, lie.true) == ("Turbine", -1e5, -260000)
    assert (lie.stated_shown, lie.true_shown) == ("−100,000", "−260,000")
    assert "BATNA" in lie.label
    assert (d.seller.goalposts_moved, d.customer.goalposts_moved) == (0, 0)


def _sealed(room: Room, team: int, sealed: dict[str, Any], version: int, **extra: Any) -> None:
    sha = definition_sha256(PartyDefinition.model_validate(sealed))
    kind = "sealed" if version == 1 else "amended"
    payload = {"version": version, "sha256": sha, "sealed_at": room.clock.isoformat(), **extra}
    room.add(kind, team, payload)


def test_a_walk_away_leaves_both_at_their_batnas_and_counts_moved_goalposts() -> None:
    room = Room("valtora_brightmoor", "Cast", "Grid")
    _, seller, _ = parts("valtora_brightmoor")
    first = seller["win_win"]["seller"]
    _sealed(room, SELLER, first, 1)
    room.add("revealed", SELLER, {"version": 1, "definition": first})
    tougher = {**first, "win_threshold": 75}
    _sealed(room, SELLER, tougher, 2, reason="The board wants more.", definition=tougher)
    top = {"price_per_housing": 29500, "lead_time_weeks": 14, "contract_years": 5}
    room.add("offered", SELLER, {"values": {**top, "payment_terms": "30 days"}, "utility": 95})
    room.add("walked_away", CUSTOMER, {"reason": "Too dear."})

    d = room.debrief(2)
    assert (d.status, d.agreed, d.package, d.package_text) == ("walked_away", False, None, "")
    # Each side at its walk-away utility (40 and 30), its BATNA per period and as an NPV.
    assert (d.seller.utility, d.customer.utility) == (40, 30)
    assert (d.seller.value_per_period, d.customer.value_per_period) == (180000, -260000)
    assert (d.seller.gain_per_period, d.customer.gain_per_period) == (0, 0)
    assert d.seller.npv == pytest.approx(hand_batna_npv("valtora_brightmoor", "seller"))
    assert d.customer.npv == pytest.approx(hand_batna_npv("valtora_brightmoor", "customer"))
    assert d.joint_gain_per_period == 0
    assert d.seller_share is None
    assert d.seconds_to_agree is None
    assert d.offers == 1
    # Everything the frontier offered both, over the walk-away point, was left on the table.
    assert d.value_left == pytest.approx(hand_value_left("valtora_brightmoor", (40, 30)))
    assert d.value_left is not None
    assert d.value_left > 10
    # One amendment after the definition was shown: the goalposts moved once.
    assert (d.seller.goalposts_moved, d.customer.goalposts_moved) == (1, 0)


CORVANE_STOCK: dict[str, Any] = {
    "price_per_tonne": 1175,
    "contract_years": 2,
    "recycled_content": "15% recycled",
    "consignment_stock": "yes",
}


@pytest.fixture
def corvane_pact() -> Room:
    """A fairness pact at 45%, a misstated value driver, the customer's offer accepted."""
    room = Room("corvane_bluewell", "Resin team", "Bottling team")
    room.add("pact", SELLER, {"fair_share": 0.45})
    room.add("pact", CUSTOMER, {"fair_share": 0.45})
    driver = "Bale format that needs a changeover on line 2"
    path = f'value.drivers["{driver}"]'
    _, _, customer = parts("corvane_bluewell")
    true_driver = customer["value"]["drivers"][0]
    room.add("shared", CUSTOMER, {"path": path, "value": {**true_driver, "value_per_unit": -20}})
    offer = room.add("offered", CUSTOMER, {"values": CORVANE_STOCK, "utility": 81.5})
    room.add("accepted", SELLER, {"offer": offer})
    return room


def test_a_pact_sets_the_fair_share_of_the_room(corvane_pact: Room) -> None:
    d = corvane_pact.debrief()
    _, seller, customer = parts("corvane_bluewell")
    # Seller: 0.45·(85/210·100) + 0.35·80 + 0.1·70 + 0.1·30 = 56.21.
    assert d.seller.utility == pytest.approx(0.45 * 8500 / 210 + 28 + 7 + 3)
    assert d.seller.utility == pytest.approx(
        hand_utility(seller["win_win"]["seller"], CORVANE_STOCK)
    )
    # Customer: 0.55·(100 − 25/110·100) + 0.05·80 + 0.25·80 + 0.15·100 = 81.5.
    assert d.customer.utility == pytest.approx(81.5)
    assert d.customer.utility == pytest.approx(
        hand_utility(customer["win_win"]["customer"], CORVANE_STOCK)
    )
    money = hand_money("corvane_bluewell", 1175, fair_share=0.45)
    # E = 1,240 + 0.7·52 + 0.8·22 − 0.9·6 = 1,288.6; 18,000·(1,175 − 1,105) − 270,000 = 990,000.
    assert money["profit"] == pytest.approx(990000)
    assert money["benefit"] == pytest.approx(18000 * (1288.6 - 1175) - 54000)
    assert d.seller.value_per_period == pytest.approx(money["profit"])
    assert d.customer.value_per_period == pytest.approx(money["benefit"])
    assert d.joint_gain_per_period == pytest.approx(2914800)
    assert d.seller_share == pytest.approx((990000 + 420000) / 2914800)
    # The retention, and so the NPVs, follow the pact's 45%, not the case's 50%.
    assert d.fair_share == pytest.approx(0.45)
    assert d.seller.npv == pytest.approx(money["npv_s"], rel=1e-9)
    assert d.customer.npv == pytest.approx(money["npv_c"], rel=1e-9)
    assert d.seller.npv != pytest.approx(hand_money("corvane_bluewell", 1175)["npv_s"])
    floor, ceiling = hand_zopa("corvane_bluewell")
    assert d.fair_price_per_unit == pytest.approx(floor + 0.45 * (ceiling - floor))
    agreed = (0.45 * 8500 / 210 + 38, 81.5)  # the two utilities above
    assert d.value_left == pytest.approx(hand_value_left("corvane_bluewell", agreed))


def test_a_misstated_value_driver_is_shown_with_both_values(corvane_pact: Room) -> None:
    d = corvane_pact.debrief()
    (lie,) = d.misstated
    assert lie.side == "customer"
    assert lie.team == "Bottling team"
    assert lie.stated["value_per_unit"] == -20
    assert lie.true["value_per_unit"] == -6
    assert "−20" in lie.stated_shown
    assert "−6" in lie.true_shown


@pytest.mark.parametrize("name", ["valtora_brightmoor", "corvane_bluewell"])
def test_the_chart_holds_the_frontier_nash_and_fair_price_computed_by_hand(name: str) -> None:
    room = Room(name)
    chart = rooms_chart(raw(name), [room.debrief(3)])
    assert {(round(o.seller_utility, 6), round(o.customer_utility, 6)) for o in chart.frontier} == (
        hand_frontier(name)
    )
    _, seller, customer = parts(name)
    d = (
        seller["win_win"]["seller"]["reservation_utility"],
        customer["win_win"]["customer"]["reservation_utility"],
    )
    assert chart.disagreement == d
    best = max((us - d[0]) * (uc - d[1]) for us, uc, _ in feasible_points(name))
    assert chart.nash
    for o in chart.nash:
        assert (o.seller_utility - d[0]) * (o.customer_utility - d[1]) == pytest.approx(best)
    floor, ceiling = hand_zopa(name)
    assert chart.fair_price_per_unit == pytest.approx((floor + ceiling) / 2)
    assert chart.fair is not None
    step = 250 if name == "valtora_brightmoor" else 5
    assert abs(chart.fair.price_per_unit - (floor + ceiling) / 2) <= step
    assert [r.number for r in chart.rooms] == [3]
    assert chart.rooms[0].status == "negotiating"
    assert chart.rooms[0].value_left == pytest.approx(hand_value_left(name, d))


def test_a_workshops_rooms_are_debriefed_by_case(valtora_agreed: Room, corvane_pact: Room) -> None:
    class Listed:
        def __init__(self, id_: int, number: int, case_name: str) -> None:
            self.id, self.number, self.case_name, self.opened_at = id_, number, case_name, T0

    rooms = [Listed(7, 2, "corvane_bluewell"), Listed(5, 1, "valtora_brightmoor")]
    states = {5: valtora_agreed.state(), 7: corvane_pact.state()}
    charts = workshop_room_debriefs(rooms, states, raw)
    assert sorted(charts) == ["corvane_bluewell", "valtora_brightmoor"]
    (valtora,) = charts["valtora_brightmoor"].rooms
    assert (valtora.number, valtora.seconds_to_agree) == (1, 13 * 60 + 34)
    assert valtora == valtora_agreed.debrief(1)
    assert charts["corvane_bluewell"].rooms[0].number == 2
