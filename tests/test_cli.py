"""The command line: real processes, real files, human messages, meaningful exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation_lib.cli import main, voila_argv
from negotiation_lib.datasets import sample_case_path
from negotiation_lib.schema import case_json_schema

BAD = Path(__file__).resolve().parent / "data" / "bad_case.json"
EXE = Path(sys.executable).with_name("negotiation-workbook")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120)


def test_report_json_of_a_sample_case() -> None:
    out = run("report", str(sample_case_path("pumpco_acme_foods")))
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["value"]["eve_per_unit"] == 15_000
    assert report["missing"] == []


def test_report_markdown() -> None:
    out = run("report", str(sample_case_path("cloudledger_northwind")), "--format", "md")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("# ")
    assert "## Open-book economics" in out.stdout


def test_validate_lists_every_problem_without_a_traceback() -> None:
    out = run("validate", str(BAD))
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    for path in (
        "economics.volume_per_period",
        "economics.list_price_per_unit",
        "value.drivers[0].confidence",
        "win_win.seller.weights",
        "win_win.packages[0].values.delivery",
    ):
        assert path in out.stderr
    assert "5 problem(s)" in out.stderr


def test_validate_a_good_and_a_bad_file_together(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["validate", str(sample_case_path("swiftfreight_helios")), str(BAD)])
    captured = capsys.readouterr()
    assert code == 1
    assert "swiftfreight_helios.json: valid" in captured.out
    assert "bad_case.json: 5 problem(s)" in captured.err


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{", "Not valid JSON"),
        ('{"schema_version": 9, "title": "T", "seller": "S", "customer": "C"}', "version 9"),
        ("[]", "JSON object"),
    ],
)
def test_report_refuses_unreadable_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, fragment: str
) -> None:
    f = tmp_path / "case.json"
    f.write_text(content)
    assert main(["report", str(f)]) == 1
    assert fragment in capsys.readouterr().err


def test_report_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(tmp_path / "nope.json")]) == 1
    assert "Cannot read" in capsys.readouterr().err


def test_schema_prints_the_published_schema() -> None:
    out = run("schema")
    assert out.returncode == 0
    assert json.loads(out.stdout) == case_json_schema()


def test_usage_errors_exit_2() -> None:
    out = run("report")
    assert out.returncode == 2
    assert "usage" in out.stderr


def test_serve_listens_on_loopback_only_and_hides_tracebacks() -> None:
    argv = voila_argv(9123, "s3cret")
    assert "--Voila.ip=127.0.0.1" in argv
    assert "--port=9123" in argv
    assert "--Voila.token=s3cret" in argv
    assert "--VoilaConfiguration.show_tracebacks=False" in argv
    assert "--VoilaConfiguration.strip_sources=True" in argv
