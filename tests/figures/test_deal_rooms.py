"""The deal rooms' debrief chart: every agreement with the frontier, Nash and the fair price."""

from __future__ import annotations

from numpy.testing import assert_allclose

from negotiation_lib.debrief_rooms import RoomsChart, rooms_chart
from negotiation_lib.figures.deal_rooms import deal_rooms_chart
from negotiation_lib.figures.style import BAD, GOOD, WARN
from tests.figures import MALICIOUS, assert_no_markup_injection, title_text, trace
from tests.test_debrief_rooms import CUSTOMER, SELLER, VALTORA_MIDDLE, Room, raw

CASE = "valtora_brightmoor"


def _chart() -> RoomsChart:
    """Room 1 agrees on the middle package, room 2 walks away, room 3 takes a frontier deal."""
    agreed = Room(CASE, MALICIOUS, "Turbine")
    offer = agreed.add("offered", CUSTOMER, {"values": VALTORA_MIDDLE, "utility": 67})
    agreed.add("accepted", SELLER, {"offer": offer})
    walked = Room(CASE, "Cast", "Grid")
    walked.add("walked_away", CUSTOMER, {})
    efficient = Room(CASE, "Mould", "Rotor")
    nash = rooms_chart(raw(CASE), []).nash[0].values
    offer = efficient.add("offered", SELLER, {"values": nash, "utility": 80})
    efficient.add("accepted", CUSTOMER, {"offer": offer})
    debriefs = [agreed.debrief(1), walked.debrief(2), efficient.debrief(3)]
    return rooms_chart(raw(CASE), debriefs)


def test_the_chart_draws_the_frontier_nash_fair_price_and_walk_away_point() -> None:
    chart = _chart()
    fig = deal_rooms_chart(chart)
    frontier = trace(fig, "Pareto frontier")
    assert_allclose(frontier.x, [o.seller_utility for o in chart.frontier])
    assert_allclose(frontier.y, [o.customer_utility for o in chart.frontier])
    nash = trace(fig, "Nash point")
    assert_allclose(nash.x, [o.seller_utility for o in chart.nash])
    fair = trace(fig, "Fair price: 27,148 EUR per housing")
    assert chart.fair is not None
    assert_allclose((fair.x[0], fair.y[0]), (59.375, 77.0))
    walked = trace(fig, "Walk-away point (rooms that ended without an agreement: 2)")
    assert_allclose((walked.x[0], walked.y[0]), (40, 30))
    assert "2 agreements against the Pareto frontier" in title_text(fig)


def test_each_agreement_is_a_numbered_point_coloured_by_what_it_left() -> None:
    fig = deal_rooms_chart(_chart())
    middle = trace(fig, "Room 1:")
    assert_allclose((middle.x[0], middle.y[0]), (60.5, 67.277777778))
    assert middle.text[0] == "<b>1</b>"
    assert middle.marker.color == WARN  # it left 5.1 points each on the table
    assert "Value left on the table: 5.1 utility points each" in middle.customdata[0]
    on_frontier = trace(fig, "Room 3:")
    assert on_frontier.marker.color == GOOD
    assert BAD not in {t.marker.color for t in fig.data if t.name and t.name.startswith("Room")}
    assert_no_markup_injection(fig)
