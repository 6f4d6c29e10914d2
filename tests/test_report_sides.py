"""``report CASE --side seller|customer``: a side's brief and facts, never the other side's.

For every role-play sample case and each side, every private value of the other side that the
side does not itself know (numbers and text) is looked for in the output: as JSON writes it,
and as the workbook writes numbers (``−260,000``, ``90%``).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from negotiation_lib.cli import main
from negotiation_lib.datasets import (
    load_sample_case,
    role_play_case_names,
    sample_case_path,
)
from negotiation_lib.formatting import escape
from negotiation_lib.report import build_report

EXE = Path(sys.executable).with_name("negotiation-workbook")
SIDES = ("seller", "customer")
ROLE_PLAY = role_play_case_names()

# A number as JSON or the workbook writes it: an optional minus (either sign), digits with or
# without thousands separators, decimals, an optional percent sign.
NUMBER = re.compile(r"(?<![\w.])([-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(%?)")


def numbers_in(text: str) -> set[float]:
    """Every number a text shows; a percentage as the share it stands for (90% is 0.9)."""
    out: set[float] = set()
    for sign, whole, decimals, pct in NUMBER.findall(text):
        x = float(whole.replace(",", "") + (decimals or ""))
        x = -x if sign else x
        out.add(round(x / 100, 9) if pct else x)
    return out


def leaves(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in leaves(v)]
    if isinstance(node, list):
        return [x for v in node for x in leaves(v)]
    return [node]


def secrets(name: str, side: str) -> tuple[set[float], set[str]]:
    """The other side's private numbers and texts that this side does not know itself.

    Worked out from the file alone: the side knows the public part and its own private part
    (and every number written in their texts, such as the 30 of "30 days").
    """
    roles = json.loads(sample_case_path(name).read_text("utf-8"))["roles"]
    other = "customer" if side == "seller" else "seller"
    mine = leaves(roles["public"]) + leaves(roles[side]["private"]) + [roles[side]["brief"]]
    theirs = [*leaves(roles[other]["private"]), roles[other]["brief"]]
    known_texts = [x for x in mine if isinstance(x, str)]
    known_numbers = {float(x) for x in mine if _is_number(x)}
    for text in known_texts:
        known_numbers |= numbers_in(text)
    hidden_numbers = {float(x) for x in theirs if _is_number(x)} - known_numbers
    # Phrases: names, evidence, statements, the brief (codes such as "other" are no secret).
    hidden_texts = {
        x
        for x in theirs
        if isinstance(x, str) and " " in x.strip() and not any(x in k for k in known_texts)
    }
    return hidden_numbers, hidden_texts


def _is_number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_there_are_two_role_play_samples() -> None:
    assert ROLE_PLAY == ["corvane_bluewell", "valtora_brightmoor"]


@pytest.mark.parametrize("name", ROLE_PLAY)
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("fmt", ["json", "md"])
def test_a_side_never_sees_a_private_value_of_the_other_side(
    capsys: pytest.CaptureFixture[str], name: str, side: str, fmt: str
) -> None:
    code, out, err = report(capsys, str(sample_case_path(name)), "--side", side, "--format", fmt)
    assert code == 0, err
    hidden_numbers, hidden_texts = secrets(name, side)
    assert len(hidden_numbers) >= 5
    assert hidden_texts
    shown = numbers_in(out)
    if fmt == "json":
        shown |= {float(x) for x in leaves(json.loads(out)) if _is_number(x)}
    assert not hidden_numbers & shown, sorted(hidden_numbers & shown)
    for text in hidden_texts:
        assert text not in out, text
        assert escape(text) not in out, text
        assert json.dumps(text, ensure_ascii=False)[1:-1] not in out, text


@pytest.mark.parametrize("name", ROLE_PLAY)
@pytest.mark.parametrize("side", SIDES)
def test_a_side_reads_its_brief_the_public_case_and_its_own_secrets(
    capsys: pytest.CaptureFixture[str], name: str, side: str
) -> None:
    roles = json.loads(sample_case_path(name).read_text("utf-8"))["roles"]
    code, out, _ = report(capsys, str(sample_case_path(name)), "--side", side)
    assert code == 0
    got = json.loads(out)
    assert got["side"] == side
    assert got["party"] == roles["public"][side]
    assert got["brief"] == roles[side]["brief"]
    own = roles[side]["private"]
    assert got["view"]["win_win"][side] == own["win_win"][side]
    assert (
        got["view"]["relationship"][f"{side}_batna_per_period"]
        == (own["relationship"][f"{side}_batna_per_period"])
    )
    assert (
        got["view"]["economics"]["list_price_per_unit"]
        == (roles["public"]["economics"]["list_price_per_unit"])
    )
    assert {f["path"] for f in got["private"]} >= {
        f"win_win.{side}",
        f"relationship.{side}_batna_per_period",
    }
    for fact in got["private"] + got["public"]:
        assert "_" not in fact["label"], fact["label"]  # words, never a key


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_the_markdown_brief_is_confidential_and_readable(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    roles = json.loads(sample_case_path(name).read_text("utf-8"))["roles"]
    code, out, _ = report(
        capsys, str(sample_case_path(name)), "--side", "customer", "--format", "md"
    )
    assert code == 0
    assert out.startswith(f"# {escape(roles['public']['title'])}\n")
    assert "**Customer's brief, confidential.**" in out
    for heading in ("## Your brief", "## What both sides know", "## What only you know"):
        assert heading in out
    assert "## Your definition of winning" in out
    first = roles["customer"]["brief"].split("\n\n")[0]
    assert escape(first) in out
    batna = roles["customer"]["private"]["relationship"]["customer_batna_per_period"]
    assert f"{abs(batna):,}" in out


@pytest.mark.parametrize("name", ROLE_PLAY)
def test_without_a_side_a_role_play_case_reports_its_truth(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, _ = report(capsys, str(sample_case_path(name)))
    assert code == 0
    got = json.loads(out)
    assert got == json.loads(json.dumps(build_report(load_sample_case(name))))
    # The truth holds both sides' secrets: the seller's costs and the customer's BATNA.
    roles = json.loads(sample_case_path(name).read_text("utf-8"))["roles"]
    seller, customer = roles["seller"]["private"], roles["customer"]["private"]
    rel = customer["relationship"]
    volume = roles["public"]["economics"]["volume_per_period"]
    floor = (
        seller["economics"]["variable_cost_per_unit"]
        + (
            seller["economics"]["fixed_cost_per_period"]
            + seller["relationship"]["seller_batna_per_period"]
        )
        / volume
    )
    assert got["economics"]["zopa"]["floor_per_unit"] == pytest.approx(floor)
    assert got["projection"]["customer_batna_per_period"] == rel["customer_batna_per_period"]


def test_side_on_an_ordinary_case_is_one_line_and_exit_code_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(sample_case_path("pumpco_acme_foods"))
    code, out, err = report(capsys, path, "--side", "seller")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"error: {path} is not a role-play case")


def test_a_bad_side_is_refused_by_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["report", str(sample_case_path("valtora_brightmoor")), "--side", "buyer"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_an_invalid_role_play_file_lists_its_problems(tmp_path: Path) -> None:
    doc = json.loads(sample_case_path("valtora_brightmoor").read_text("utf-8"))
    doc["roles"]["public"]["economics"]["variable_cost_per_unit"] = 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    for args in (["report", str(bad), "--side", "seller"], ["validate", str(bad)]):
        out = subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120)
        assert out.returncode == 1
        assert "Traceback" not in out.stderr
        assert (
            "roles.seller.private.economics.variable_cost_per_unit: This fact is also in "
            "roles.public" in out.stderr
        )


def test_the_real_command_prints_the_customers_view() -> None:
    path = str(sample_case_path("corvane_bluewell"))
    out = subprocess.run(
        [str(EXE), "report", path, "--side", "customer"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["party"] == "Bluewell Beverages"
    assert "variable_cost_per_unit" not in got["view"]["economics"]
    assert "1,105" not in out.stdout
    assert "1105" not in out.stdout
