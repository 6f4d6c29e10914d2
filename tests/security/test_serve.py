"""What ``negotiation-workbook serve`` does before Voila starts (issue 22, finding 4).

It ran with an empty token, so whoever reached the port had everything. Now it listens beyond
this machine only with a token or an admin secret, and otherwise exits with a sentence; it
draws the admin secret the first time and prints it once; the options that bind kernels to
their pages are always on Voila's command line.
"""

from __future__ import annotations

from typing import Any, NoReturn

import pytest

from negotiation_lib import cli
from negotiation_lib.store.admin import check_admin_secret


class ExecError(Exception):
    """Raised instead of replacing the test's process with Voila."""


@pytest.fixture
def exec_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    calls: list[tuple[list[str], dict[str, str]]] = []

    def execve(path: str, argv: list[str], env: dict[str, str]) -> NoReturn:
        calls.append((argv, env))
        raise ExecError

    monkeypatch.setattr("negotiation_lib.cli.os.execve", execve)
    monkeypatch.delenv("NEGOTIATION_WORKBOOK_DB", raising=False)
    return calls


def _serve(*args: str) -> Any:
    try:
        return cli.main(["serve", *args])
    except ExecError:
        return "exec"


@pytest.mark.parametrize("ip", ["0.0.0.0", "::", "192.168.1.20"])
def test_serving_beyond_this_machine_without_a_token_exits_with_a_sentence(
    ip: str, exec_calls: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _serve("--ip", ip) == 2
    err = capsys.readouterr().err
    assert f"Refusing to listen on {ip} without a token" in err
    assert "--token" in err
    assert exec_calls == []  # Voila never started


def test_with_a_token_it_listens_where_asked(
    exec_calls: list[tuple[list[str], dict[str, str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _serve("--ip", "0.0.0.0", "--token", "a-long-room-token") == "exec"
    ((argv, _env),) = exec_calls
    assert "--Voila.ip=0.0.0.0" in argv
    assert "--Voila.token=a-long-room-token" in argv
    assert any(a.startswith("--Voila.authorizer_class=") for a in argv)
    assert any(a.startswith("--VoilaConfiguration.multi_kernel_manager_class=") for a in argv)
    assert "Referrer-Policy" in next(a for a in argv if a.startswith("--Voila.tornado_settings"))


def test_a_server_on_one_address_tells_its_kernels_where_it_is(
    exec_calls: list[tuple[list[str], dict[str, str]]],
) -> None:
    assert _serve("--ip", "192.168.1.20", "--admin-secret", "a-long-admin-secret") == "exec"
    ((_argv, env),) = exec_calls
    assert env["VOILA_APP_IP"] == "192.168.1.20"  # preheated kernels ask for their URL there
    assert check_admin_secret("a-long-admin-secret")


def test_the_admin_secret_is_drawn_and_printed_once(
    exec_calls: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _serve() == "exec"
    first = capsys.readouterr().out
    line = next(x for x in first.splitlines() if x.startswith("Admin secret"))
    secret = line.rsplit(": ", 1)[1]
    assert check_admin_secret(secret)
    assert _serve() == "exec"
    assert secret not in capsys.readouterr().out  # printed only the first time

    assert cli.main(["admin-secret"]) == 0
    renewed = capsys.readouterr().out.splitlines()[0].rsplit(": ", 1)[1]
    assert check_admin_secret(renewed)
    assert not check_admin_secret(secret)
