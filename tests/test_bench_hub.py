"""The hub benchmark's arithmetic: its parts of a server tree, its change check and its figures.

The benchmark itself runs a JupyterHub, ``serve`` and Chromium (``python -m benchmarks --only
hub``); here its pure parts get numbers made up by hand, and the expected figures are worked
out by hand, never by the benchmark's own functions.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from benchmarks.bench_hub import PLANS, Run, figures
from benchmarks.harness import Figure, markdown
from benchmarks.hub_trainees import change_kept, component


def _run(kind: str, **changes: Any) -> Run:
    """A run of 4 trainees, all usable, each change kept; ``changes`` replace fields."""
    base = Run(
        kind=kind,
        trainees=4,
        arrivals_s=0.0,
        usable_ms=(1000.0, 2000.0, 3000.0, 4000.0),
        save_ms=(600.0, 700.0, 800.0, 900.0),
        errors=(),
        reloads=0,
        console_errors=(),
        idle_before=0.5,
        # 22 CPU-s over 20 s with 0.5 CPU-s/s idle: 12 CPU-s of joining, 3 per trainee.
        join_cpu_s=22.0,
        join_wall_s=20.0,
        join_settled=True,
        join_parts={"kernels": 8.0, "Voila server": 14.0},
        idle_open=0.1,
        changes=4,
        # 1.0 CPU-s over 6 s with 0.1 CPU-s/s idle: 0.4 CPU-s of changes, 0.1 per change.
        change_cpu_s=1.0,
        change_wall_s=6.0,
        base_rss_mb=600.0,
        steady_rss_mb=1000.0,
        peak_rss_mb=1200.0,
        steady_pss_mb=800.0,
        steady_parts={"kernels": (900.0, 10), "Voila server": (100.0, 1)},
        kernels=10,
        kept=4,
        kept_problems=(),
        tracebacks=(),
        elapsed_s=60.0,
    )
    return dataclasses.replace(base, **changes)


def _row(rows: list[Figure], name: str) -> Figure:
    found = [r for r in rows if r.name.startswith(name)]
    assert len(found) == 1, [r.name for r in rows]
    return found[0]


@pytest.mark.parametrize(
    ("cmdline", "part"),
    [
        ("/v/bin/python -m ipykernel_launcher -f /tmp/nw-hub-x/1/kernel-ab12.json", "kernels"),
        ("/v/bin/python /v/bin/jupyterhub-singleuser --ServerApp.port=4", "single-user servers"),
        ("node /r/.node/node_modules/.bin/configurable-http-proxy --ip=", "proxy"),
        ("/v/bin/python -m jupyterhub -f /s/hub/jupyterhub_config.py", "hub"),
        ("/v/bin/python -m negotiation_lib.serving /r/notebooks --no-browser", "Voila server"),
        ("/usr/bin/sleep 5", "other"),
    ],
)
def test_each_process_of_a_server_tree_is_named_by_its_part(cmdline: str, part: str) -> None:
    assert component(cmdline) == part


def test_a_change_is_kept_only_with_two_versions_the_newest_holding_the_value() -> None:
    assert change_kept([1, 2], 2510, 1, 2510)
    assert not change_kept([1, 2], 2500, 1, 2510)  # the save holds the old value
    assert not change_kept([1], None, 1, 2510)  # the save never reached the store
    assert not change_kept([1, 2, 3], 2510, 1, 2510)  # a save more than was made


def test_cpu_per_trainee_takes_the_idle_rate_off_and_divides_by_the_usable() -> None:
    serve = _run("serve")
    assert serve.join_per_trainee == pytest.approx(3.0)
    assert serve.per_change == pytest.approx(0.1)
    # One of four never got in: the same CPU over three trainees.
    short = _run("serve", usable_ms=(1000.0, 2000.0, 3000.0))
    assert short.join_per_trainee == pytest.approx(4.0)


def test_the_hub_is_held_against_twice_serves_cpu_per_trainee() -> None:
    serve = _run("serve")
    # 58 CPU-s over 20 s with no idle: 14.5 CPU-s per trainee, more than 2 × 3.
    costly = _run("hub", join_cpu_s=58.0, idle_before=0.0)
    row = _row(figures(costly, serve), "hub: server CPU per trainee")
    assert row.median == pytest.approx(14.5)
    assert row.target == "≤ 2 × serve (6.00)"
    assert row.met is False
    assert "4.8 × serve" in row.note
    # 22 CPU-s with no idle: 5.5 per trainee, within 2 × 3.
    cheap = _run("hub", join_cpu_s=22.0, idle_before=0.0)
    assert _row(figures(cheap, serve), "hub: server CPU per trainee").met is True
    # Serve's own row is the reference: no target.
    reference = _row(figures(cheap, serve), "serve: server CPU per trainee")
    assert reference.median == pytest.approx(3.0)
    assert reference.met is None


def test_memory_per_trainee_divides_the_tree_by_the_trainees() -> None:
    rows = figures(_run("hub"), _run("serve"))
    steady = _row(rows, "serve: memory per trainee, steady")
    assert steady.median == pytest.approx(250.0)  # 1000 MB ÷ 4
    assert "each trainee added 100 MB" in steady.note  # (1000 − 600) ÷ 4
    assert "200 MB per trainee" in steady.note  # proportional: 800 ÷ 4
    assert _row(rows, "serve: memory per trainee, peak").median == pytest.approx(300.0)
    assert _row(rows, "serve: processes in the server tree").median == 11


def test_a_trainee_not_usable_or_a_change_lost_misses_its_target() -> None:
    hub = _run(
        "hub",
        usable_ms=(1000.0, 2000.0, 3000.0),
        errors=("Team 04: workbook load: TimeoutError: 180000 ms exceeded",),
        kept=2,
        kept_problems=("Team 02: versions [1], newest holds 2500",),
        tracebacks=("sqlite3.OperationalError: database is locked",),
    )
    rows = figures(hub, _run("serve"))
    usable = _row(rows, "hub: every trainee usable")
    assert (usable.median, usable.target, usable.met) == (3, "4 of 4", False)
    assert "Team 04" in usable.note
    kept = _row(rows, "hub: every change kept")
    assert (kept.median, kept.target, kept.met) == (2, "3 of 3", False)
    assert "Team 02" in kept.note
    logged = _row(rows, "hub: tracebacks in the hub's log")
    assert (logged.median, logged.met) == (1, False)
    assert "database is locked" in logged.note
    assert _row(rows, "serve: every trainee usable").met is True


def test_wall_times_are_the_median_and_the_95th_percentile() -> None:
    row = _row(figures(_run("hub"), _run("serve")), "hub: wall time to a usable workbook")
    assert row.median == pytest.approx(2500.0)
    # p95 of 1000…4000 by linear interpolation: 3000 + 0.85 × 1000.
    assert row.p95 == pytest.approx(3850.0)


def test_every_figure_is_a_row_of_the_results_table() -> None:
    rows = figures(_run("hub"), _run("serve"))
    table = markdown(rows, "python -m benchmarks --only hub")
    assert all(r.group == "hub" for r in rows)
    assert table.count("\n| hub | ") == len(rows)


def test_the_quick_run_has_three_trainees_at_once_and_the_full_thirty_over_a_minute() -> None:
    assert (PLANS[True].trainees, PLANS[True].arrivals_s) == (3, 0.0)
    assert (PLANS[False].trainees, PLANS[False].arrivals_s) == (30, 60.0)


def test_reloads_of_a_stuck_starting_page_are_counted_with_what_the_page_logged() -> None:
    hub = _run(
        "hub",
        reloads=2,
        console_errors=(
            "hub page: Error: Load timeout for modules: jhapi",
            "hub page: Error: Load timeout for modules: jhapi",
            "workbook page: Error: widget model not found",
        ),
    )
    rows = figures(hub, _run("serve"))
    row = _row(rows, "hub: reloads of the 'server is starting' page")
    assert (row.median, row.runs) == (2, 4)
    assert "1 distinct console errors: hub page: Error: Load timeout" in row.note
    assert "widget model" not in row.note
    usable = _row(rows, "hub: every trainee usable")
    assert "workbook page: Error: widget model not found" in usable.note
