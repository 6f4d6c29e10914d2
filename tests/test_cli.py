"""The command line: real processes, real files, human messages, meaningful exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from negotiation_lib.cli import base_url_path, main, voila_argv
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


def test_serve_waits_a_minute_for_page_output_unless_told_otherwise() -> None:
    # Voila's default of 4 s drops the output of pages built while the machine is busy.
    assert "--VoilaExecutor.iopub_timeout=60" in voila_argv(9123, None)
    assert "--VoilaExecutor.iopub_timeout=5" in voila_argv(9123, None, iopub_timeout=5)


# --------------------------------------------------------------------------- workshop and db


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The embedded store in a folder of its own (never the user's)."""
    monkeypatch.delenv("NEGOTIATION_WORKBOOK_DB", raising=False)
    monkeypatch.setenv("NEGOTIATION_WORKBOOK_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _created(out: str) -> tuple[int, str, str]:
    """Workshop id, join code and facilitator key from the output of ``workshop create``."""
    ident = re.search(r"^Workshop (\d+): ", out, re.M)
    code = re.search(r"join code \(for trainees, on the home page\): (\S+)$", out, re.M)
    key = re.search(r"facilitator key \(for the dashboard\): (\S+)$", out, re.M)
    assert ident is not None, out
    assert code is not None, out
    assert key is not None, out
    return int(ident.group(1)), code.group(1), key.group(1)


def test_workshop_create_prints_a_join_code_and_a_key_that_opens_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from negotiation_lib.store import Store

    code = main(
        ["workshop", "create", "Key accounts, May", "--case", "swiftfreight_helios",
         "--case", "blank"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    ident, join_code, key = _created(out)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", join_code)
    assert "cases handed out: swiftfreight_helios, blank" in out
    assert (data_dir / "workbook.sqlite3").exists()
    store = Store()
    try:
        opened = store.workshop_for_key(key)
        assert opened is not None
        assert opened.id == ident
        assert opened.name == "Key accounts, May"
        assert opened.join_code == join_code
        assert opened.cases == ("swiftfreight_helios", "blank")
        assert store.workshop_for_key(key[:-1]) is None
    finally:
        store.close()
    # The key is stored only as its hash.
    assert key.encode() not in (data_dir / "workbook.sqlite3").read_bytes()


def test_workshop_create_hands_out_pumpco_by_default(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["workshop", "create", "Default"]) == 0
    assert "cases handed out: pumpco_acme_foods" in capsys.readouterr().out


def test_workshop_create_sets_the_deal_rooms_rounds(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from negotiation_lib.store import Store

    assert main(["workshop", "create", "Rounds", "--case", "valtora_brightmoor"]) == 0
    assert "deal-room rounds (role-play cases): 5" in capsys.readouterr().out
    assert main(["workshop", "create", "Three", "--rounds", "3"]) == 0
    ident, _code, _key = _created(capsys.readouterr().out)
    store = Store()
    try:
        assert store.workshop(ident).rounds == 3
    finally:
        store.close()
    assert main(["workshop", "create", "Too many", "--rounds", "40"]) != 0
    assert "from 1 to 20 rounds" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["workshop", "create", "Spring", "--case", "nope"], "There is no case called 'nope'"),
        (["workshop", "create", "   "], "Enter a workshop name"),
    ],
)
def test_workshop_create_refuses_with_a_clear_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str
) -> None:
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ")
    assert fragment in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert main(["workshop", "list"]) == 0
    assert "No workshops yet" in capsys.readouterr().out


def test_workshop_list_shows_every_workshop_newest_first(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from negotiation_lib.store import Store

    assert main(["workshop", "list"]) == 0
    assert "No workshops yet" in capsys.readouterr().out
    assert main(["workshop", "create", "First"]) == 0
    _first, first_code, _ = _created(capsys.readouterr().out)
    assert main(["workshop", "create", "Second"]) == 0
    _second, second_code, _ = _created(capsys.readouterr().out)
    store = Store()
    try:
        store.join(first_code, "Team Blue")
        store.join(first_code, "Team Red")
    finally:
        store.close()

    assert main(["workshop", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "join", "code", "participants", "created", "(UTC)", "name"]
    rows = [line.split() for line in lines[1:]]
    assert [(r[1], r[2], r[-1]) for r in rows] == [
        (second_code, "0", "Second"),
        (first_code, "2", "First"),
    ]


def test_workshop_export_writes_the_workbook_and_the_zip(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    from openpyxl import load_workbook

    from negotiation_lib.store import Store

    assert main(["workshop", "create", "Export me", "--case", "swiftfreight_helios"]) == 0
    ident, join_code, _key = _created(capsys.readouterr().out)
    store = Store()
    try:
        store.join(join_code, "Team Blue")
        store.join(join_code, "Team Red")
    finally:
        store.close()

    out = tmp_path / "out" / "nested"
    assert main(["workshop", "export", str(ident), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Export me: 2 participant(s)" in printed
    assert sorted(p.name for p in out.iterdir()) == ["export-me-cases.zip", "export-me.xlsx"]
    assert f"wrote {out / 'export-me.xlsx'}" in printed
    book = load_workbook(out / "export-me.xlsx")
    assert "Results" in book.sheetnames
    names = zipfile.ZipFile(out / "export-me-cases.zip").namelist()
    assert sorted(names) == [
        "001-team-blue.json",
        "002-team-red.json",
        "rooms.json",
        "workshop.json",
    ]

    # By join code, typed sloppily, to another folder.
    other = tmp_path / "by-code"
    sloppy = join_code.lower().replace("-", "")
    assert main(["workshop", "export", sloppy, "--out", str(other)]) == 0
    assert (other / "export-me.xlsx").exists()


def test_workshop_export_of_an_unknown_workshop_fails_cleanly(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["workshop", "export", "42", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "There is no workshop '42'" in captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_db_current_before_and_after_upgrade(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from negotiation_lib.store import Store

    probe = Store("sqlite://", upgrade=False)
    head = probe.head_revision()
    probe.close()
    assert head is not None

    assert main(["db", "current"]) == 0
    out = capsys.readouterr().out
    assert "at revision None" in out
    assert f"behind: run 'db upgrade' to {head}" in out
    assert "workbook.sqlite3" in out

    assert main(["db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert f"at revision {head} (upgraded from None)" in out

    assert main(["db", "current"]) == 0
    assert f"at revision {head} (up to date)" in capsys.readouterr().out

    assert main(["db", "upgrade"]) == 0
    assert f"at revision {head} (already up to date)" in capsys.readouterr().out


def test_db_names_a_postgresql_store_without_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 9 (discard) on loopback: nothing answers, so the store cannot be reached.
    monkeypatch.setenv(
        "NEGOTIATION_WORKBOOK_DB", "postgresql+psycopg://ws:s3cret@127.0.0.1:9/workbook"
    )
    assert main(["db", "current"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ")
    assert "s3cret" not in captured.err
    assert "Traceback" not in captured.err


def test_a_pool_of_zero_turns_preheating_off() -> None:
    """``serve --pool-size 0``: Voila starts a kernel for each page request, none ahead."""
    assert "--VoilaConfiguration.preheat_kernel=False" in voila_argv(8866, None, pool_size=0)
    assert "--VoilaConfiguration.preheat_kernel=True" in voila_argv(8866, None, pool_size=2)


@pytest.mark.parametrize("size", ["-1", "17", "two"])
def test_a_pool_size_out_of_range_is_refused_with_a_sentence(
    size: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--pool-size", size])
    assert "is not a pool size; give a whole number 0-16" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("typed", "prefix"), [("user/ann", "/user/ann/"), ("/", "/"), ("//a//b/", "/a/b/")]
)
def test_the_base_url_is_one_clean_path(typed: str, prefix: str) -> None:
    assert base_url_path(typed) == prefix
    assert f"--Voila.base_url={prefix}" in voila_argv(8866, None, base_url=prefix)


@pytest.mark.parametrize("typed", ["http://x/", "/a b/", "/../etc/", "/a?b=1"])
def test_a_base_url_that_is_not_a_path_is_refused(
    typed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--base-url", typed])
    assert "is not a URL path" in capsys.readouterr().err
