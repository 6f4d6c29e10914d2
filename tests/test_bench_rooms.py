"""The deal-room benchmark's arithmetic: latencies, percentiles, CPU rates and its figures.

The benchmark itself drives a server and 20 browser pages (``python -m benchmarks --only
rooms``); here its pure parts get readings made up by hand, and the expected figures are
worked out independently (by hand or with numpy), never by the benchmark's own functions.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from benchmarks import bench_rooms
from benchmarks.bench_rooms import (
    PLANS,
    Measured,
    Phase,
    Room,
    Team,
    figures,
    latencies,
    per_minute,
    spread,
)
from benchmarks.harness import markdown, percentile
from benchmarks.processes import TreeSample


def _sample(at: float, cpu_s: float, root_cpu_s: float = 0.0) -> TreeSample:
    return TreeSample(
        at=at,
        cpu_s=cpu_s,
        last_seen_cpu_s=cpu_s,
        rss_mb=0.0,
        root_rss_mb=0.0,
        root_cpu_s=root_cpu_s,
        kernels=(),
        kernel_ids=frozenset(),
        runnable=False,
        pids=frozenset(),
    )


def _phase(start: float, end: float, cpu: tuple[float, float], root: float = 0.0) -> Phase:
    return Phase(
        first=_sample(start, cpu[0]),
        last=_sample(end, cpu[1], root),
        browser_cpu_s=10.0,
        # 2 cores over the span; busy = the tree + the browsers + 0.5 core of other work
        machine_busy_s=(cpu[1] - cpu[0]) + 10.0 + 0.5 * (end - start),
        machine_s=2 * (end - start),
        load=(3.0, 2.0, 1.0),
    )


def _room(number: int, base: float) -> Room:
    seller = Team("S", 1, "A")
    buyer = Team("B", 2, "B")
    # Offer 1 by the seller shows on the buyer's page; offer 2 and the acceptance likewise
    # on the other side.
    buyer.seen = {"offer 1": base + 900, "acceptance": base + 5_400}
    seller.seen = {"offer 1": base + 300, "offer 2": base + 3_700}
    room = Room(number, number, seller, buyer)
    room.clicked = {"offer 1": base, "offer 2": base + 2_000, "acceptance": base + 4_000}
    room.recorded = {"offer 1": base + 200, "offer 2": base + 2_500, "acceptance": base + 4_600}
    return room


def test_a_latency_runs_from_the_store_stamp_to_the_counterpart_page() -> None:
    found = latencies([_room(1, 1_000_000.0)])
    by_move = {x.move: x for x in found}
    assert set(by_move) == {"offer 1", "offer 2", "acceptance"}
    # offer 1: recorded at +200, shown on the buyer's page at +900
    assert by_move["offer 1"].from_record_ms == pytest.approx(700)
    assert by_move["offer 1"].from_click_ms == pytest.approx(900)
    assert by_move["offer 1"].own_page_ms == pytest.approx(300)
    # offer 2 by the buyer: recorded at +2,500, shown on the seller's page at +3,700
    assert by_move["offer 2"].from_record_ms == pytest.approx(1_200)
    assert by_move["offer 2"].own_page_ms is None  # the buyer's page noted nothing for it
    # acceptance by the seller: recorded at +4,600, shown on the buyer's page at +5,400
    assert by_move["acceptance"].from_record_ms == pytest.approx(800)
    assert by_move["acceptance"].from_click_ms == pytest.approx(1_400)


def test_a_move_never_shown_or_never_recorded_is_left_out() -> None:
    room = _room(2, 0.0)
    del room.buyer.seen["acceptance"]
    del room.recorded["offer 2"]
    assert [x.move for x in latencies([room])] == ["offer 1"]


@pytest.mark.parametrize("q", [50, 95, 99])
def test_percentile_agrees_with_numpy_linear(q: float) -> None:
    samples = [812.0, 95.0, 1_430.0, 377.0, 2_210.0, 640.0, 1_020.0]
    assert percentile(samples, q) == pytest.approx(float(np.percentile(samples, q)))


def test_spread_says_p50_p95_and_max() -> None:
    # Sorted 100..1000 by 100: p95 at position 8.55 → 900 + 0.55 × 100 = 955.
    samples = [float(v) for v in range(1000, 0, -100)]
    assert spread(samples) == "p50 550 ms, p95 955 ms, max 1,000 ms"
    assert spread([]) == "none"


def test_per_minute_scales_cpu_seconds_to_a_minute() -> None:
    tree, root = per_minute(_sample(10.0, 5.0, 1.0), _sample(40.0, 8.0, 1.5))
    assert tree == pytest.approx(6.0)  # 3 CPU-s in 30 s
    assert root == pytest.approx(1.0)  # 0.5 CPU-s in 30 s


def _measured(rooms: list[Room]) -> Measured:
    teams = [t for r in rooms for t in (r.seller, r.buyer)]
    for t in teams:
        t.open_ms = 4_000.0
    return Measured(
        plan=PLANS[False],
        teams=teams,
        rooms=rooms,
        agreed=len(rooms),
        pool=8,
        pool_idle=0.01,
        waves_s=[40.0],
        opens=_phase(0, 100, (0.0, 50.0)),
        idle=_phase(100, 160, (50.0, 62.0), root=1.0),  # 12 CPU-s a minute
        negotiation=_phase(160, 180, (62.0, 70.0), root=1.0),  # 8 CPU-s in 20 s
        floor=[],
        floor_waves_s=[],
        floor_idle=_phase(200, 260, (80.0, 80.6)),  # 0.6 CPU-s a minute
        elapsed_s=300.0,
    )


def test_figures_report_latency_against_two_seconds_and_cpu_per_room() -> None:
    rooms = [_room(k, 1e6 * k) for k in (1, 2)]
    rooms[1].buyer.seen["offer 1"] += 2_000  # room 2's offer 1 takes 2,700 ms
    found = {f.name.split(",")[0]: f for f in figures(_measured(rooms), [])}
    offers = found["offer → counterpart's page"]
    # offers: 700, 1,200 (room 1), 2,700, 1,200 (room 2) → sorted 700, 1200, 1200, 2700;
    # p95 at position 2.85 → 1,200 + 0.85 × 1,500 = 2,475
    assert offers.runs == 4
    assert offers.p95 == pytest.approx(2_475)
    assert offers.met is False
    assert "max 2,700 ms" in offers.note
    accept = found["acceptance → counterpart's page"]
    assert accept.p95 == pytest.approx(800)
    assert accept.met is True
    cpu = found["negotiation"]
    assert cpu.median == pytest.approx(4.0)  # 8 CPU-s for 2 rooms
    # idle pages: 12 CPU-s a minute = 0.2 a second, 4 CPU-s over the 20 s taken off
    assert "2.00 CPU-s a room with the idle" in cpu.note
    assert "other work on the machine used 0.50 cores of 2" in cpu.note
    idle = next(f for f in found.values() if "deal-room pages open and idle" in f.name)
    assert idle.median == pytest.approx(12.0)
    assert "3.000 CPU-s a minute a page" in idle.note  # 12 for 4 pages
    floor = next(f for f in found.values() if f.name.startswith("floor"))
    assert floor.median == pytest.approx(0.6)
    assert "11.40 CPU-s a minute more" in floor.note
    assert found["every room agreed"].met is True
    table = markdown(list(found.values()), "python -m benchmarks --only rooms")
    assert (
        "| rooms | offer → counterpart's page, 2 rooms at once | 1,200.00 ms | 2,475.00 ms |"
        in (table)
    )


def test_a_run_that_cannot_finish_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick run is part of every test run: a page that did not open in time on a loaded
    machine gives a row that says so, and the benchmarks after it still run."""

    async def cannot_finish(*_args: object) -> object:
        raise TimeoutError("Timeout 150000ms exceeded.\nCall log: …")

    monkeypatch.setattr(bench_rooms, "_measure", cannot_finish)
    monkeypatch.setattr(bench_rooms, "CHROMIUM", __file__)  # any file that exists
    (figure,) = bench_rooms.run(quick=True)
    assert figure.met is False
    assert figure.note == "failed: TimeoutError: Timeout 150000ms exceeded."


def test_floor_pages_that_did_not_open_are_named_in_the_floors_row() -> None:
    rooms = [_room(k, 1e6 * k) for k in (1, 2)]
    measured = _measured(rooms)
    floor = [Team(f"Floor {k:02d}", 0, "") for k in (1, 2)]
    floor[1].error = "TimeoutError: the slider never showed"
    measured = dataclasses.replace(measured, floor=floor)
    row = next(f for f in figures(measured, []) if f.name.startswith("floor"))
    assert "**1 of 2 floor pages did not open**: TimeoutError" in row.note
    whole = next(f for f in figures(_measured(rooms), []) if f.name.startswith("floor"))
    assert "did not open" not in whole.note
