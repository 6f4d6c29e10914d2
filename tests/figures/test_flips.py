"""The flip map drawn: its z is the model by hand, its boundary where the sign changes."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_lib.domain.flips import CPT_PRICE, find_flips, flip_map
from negotiation_lib.figures.flips import flip_map_figure, flip_rows, flips_chart
from tests.flips_model import Hand, case_of

RETENTION = "relationship.retention_one_sided"
PRICES = [9_000.0, 10_000.0, 10_562.5, 11_000.0, 11_500.0, 12_000.0, 12_300.0]
RETENTIONS = [0.2, 0.5, 0.8, 0.85, 0.9, 0.95]


def _seller(retention_one_sided: float, price: float) -> float:
    return Hand(retention_one_sided=retention_one_sided).npvs(price)[0]


@pytest.fixture(scope="module")
def price_map() -> object:
    return flip_map(case_of(), CPT_PRICE, RETENTION, x=PRICES, y=RETENTIONS)


def test_the_heat_map_is_the_seller_npv_by_hand(price_map: object) -> None:
    fig = flip_map_figure(price_map, case_of())  # type: ignore[arg-type]
    z = np.asarray(fig.data[0].z)
    assert z.shape == (len(RETENTIONS), len(PRICES))
    assert list(fig.data[0].x) == PRICES
    assert list(fig.data[0].y) == RETENTIONS
    for i, j in [(0, 0), (1, 4), (3, 2), (5, 6), (2, 5)]:
        expected = Hand(retention_one_sided=RETENTIONS[i]).npvs(PRICES[j])[0]
        assert z[i, j] == pytest.approx(expected, rel=1e-10)


def test_the_boundary_is_where_the_sign_changes(price_map: object) -> None:
    fig = flip_map_figure(price_map, case_of())  # type: ignore[arg-type]
    xs, ys = np.asarray(fig.data[1].x, dtype=float), np.asarray(fig.data[1].y, dtype=float)
    # By hand: the fair deal's NPV less the tough deal's at each grid point.
    fair = Hand().fair  # the retentions do not move the fair price
    gap = np.array([[_seller(y, fair) - _seller(y, p) for p in PRICES] for y in RETENTIONS])
    wins = gap > 0
    assert np.array_equal(price_map.trust_beats_cpt, wins)  # type: ignore[attr-defined]
    # Along each row, left to right, where the sign changes: crossing of a straight line.
    expected = [
        (PRICES[j] + gap[i, j] / (gap[i, j] - gap[i, j + 1]) * (PRICES[j + 1] - PRICES[j]), y)
        for i, y in enumerate(RETENTIONS)
        for j in range(len(PRICES) - 1)
        if wins[i, j] != wins[i, j + 1]
    ]
    # Then down each column, between rows whose signs differ.
    expected += [
        (PRICES[j], RETENTIONS[i] + gap[i, j] / (gap[i, j] - gap[i + 1, j])
         * (RETENTIONS[i + 1] - RETENTIONS[i]))
        for i in range(len(RETENTIONS) - 1)
        for j in range(len(PRICES))
        if wins[i, j] != wins[i + 1, j]
    ]  # fmt: skip
    assert len(expected) >= 2, "the grid crosses the boundary"
    assert len(xs) == len(expected)
    for x, y, (ex, ey) in zip(xs, ys, expected, strict=True):
        assert x == pytest.approx(ex, rel=1e-9)
        assert y == pytest.approx(ey, rel=1e-9)


def test_a_map_of_two_case_inputs_is_the_model_at_the_case_price() -> None:
    volumes, retentions = [20.0, 40.0, 80.0], [0.3, 0.6, 0.9]
    m = flip_map(case_of(), "economics.volume_per_period", RETENTION, x=volumes, y=retentions)
    fig = flip_map_figure(m, case_of())
    z = np.asarray(fig.data[0].z)
    for i, j in [(0, 0), (1, 1), (2, 2), (0, 2)]:
        h = Hand(volume=volumes[j], retention_one_sided=retentions[i])
        assert z[i, j] == pytest.approx(h.npvs(11_500.0)[0], rel=1e-10)
        assert m.trust_beats_cpt[i, j] == h.trust_beats_cpt()
    assert not m.x.flags.writeable


def test_the_heat_map_reads_in_plain_words_with_units(price_map: object) -> None:
    fig = flip_map_figure(price_map, case_of())  # type: ignore[arg-type]
    assert "EUR per pump" in fig.layout.xaxis.title.text
    assert "0–1" in fig.layout.yaxis.title.text
    assert "EUR" in fig.data[0].colorbar.title.text
    # Party names are typed by trainees: escaped before plotly reads them.
    assert "Seller &amp; Co" in fig.layout.title.text
    assert "_" not in fig.layout.title.text + fig.layout.xaxis.title.text
    # The case's own point: the map's inputs as the case holds them (no tough price set: the
    # ZOPA ceiling, as the page's CPT deal uses).
    star = fig.data[2]
    assert (list(star.x), list(star.y)) == ([Hand().ceiling], [0.6])


def test_a_map_with_no_boundary_says_so() -> None:
    m = flip_map(case_of(), CPT_PRICE, RETENTION, x=[10_700.0, 11_000.0], y=[0.1, 0.2])
    fig = flip_map_figure(m, case_of())
    assert len(fig.data[1].x) == 0
    assert "always" in fig.layout.annotations[0].text


def test_bad_map_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="two different inputs"):
        flip_map(case_of(), RETENTION, RETENTION)
    with pytest.raises(ValueError, match="at least two"):
        flip_map(case_of(), CPT_PRICE, RETENTION, x=[1.0], y=[0.5, 0.6])
    with pytest.raises(ValueError, match=r"outside what relationship\.retention_one_sided"):
        flip_map(case_of(), CPT_PRICE, RETENTION, x=[1.0, 2.0], y=[0.5, 1.5])


def test_the_flips_read_as_rows_and_a_chart() -> None:
    case = case_of()
    flips = find_flips(case, RETENTION, recommendations=["trust_beats_cpt", "zopa_exists"])
    rows = flip_rows(flips, case)
    assert len(rows) == 4
    up = next(
        r for r in rows if r["question"].startswith("Fair deal") and r["direction"] == "higher"
    )
    assert up["before"].startswith("The fair deal pays Seller &amp; Co more")
    assert up["after"].startswith("The tough deal pays")
    (flip,) = [f for f in flips.of("trust_beats_cpt") if f.direction == "up"]
    assert flip.value is not None
    assert up["flips_at"] == f"{flip.value:.4f}".rstrip("0")
    closed = next(r for r in rows if r["question"] == "Zone of agreement")
    assert closed["flips_at"].startswith("does not change between")
    fig = flips_chart(flips, case)
    assert list(fig.data[1].x) == [flip.value]
    assert "_" not in " ".join(str(v) for r in rows for v in r.values())
