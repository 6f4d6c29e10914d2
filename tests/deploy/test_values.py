"""The Zero to JupyterHub values: only the chart's own keys, and what the deployment promises.

``deploy/jupyterhub/chart-keys.txt`` lists every key path the chart's ``values.schema.yaml``
declares; ``*`` stands for any one key, and a path ending in ``*`` with nothing listed under it
takes any keys below it (``singleuser.extraEnv.*``, ``hub.config.*.*``).
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from negotiation_lib.hub import WORKBOOK_URL
from negotiation_lib.store.config import DB_ENV, UPGRADE_ENV

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "jupyterhub"
AUTHENTICATOR = "negotiation_lib.hub.authenticator.WorkbookAuthenticator"
SINGLEUSER_CMD = ["negotiation-workbook", "singleuser"]
# benchmarks/RESULTS.md, the hub benchmark: each trainee added 285 MB (server and kernel).
TRAINEE_MEMORY_BYTES = 285e6


def _values() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _secret() -> dict[str, Any]:
    loaded = yaml.safe_load((DEPLOY / "secret.example.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _chart_keys() -> list[str]:
    lines = (DEPLOY / "chart-keys.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _key_paths(values: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    """Every dotted key path of the values; lists and scalars end a path."""
    for key, value in values.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, Mapping):
            yield from _key_paths(value, f"{path}.")


def _segments_match(pattern: list[str], path: list[str]) -> bool:
    return all(p in ("*", s) for p, s in zip(pattern, path, strict=True))


def _documented(path: str, keys: list[str]) -> bool:
    parts = path.split(".")
    for key in keys:
        pattern = key.split(".")
        if len(pattern) == len(parts) and _segments_match(pattern, parts):
            return True
        # A map that takes any keys: everything below it is the map's own business.
        open_map = pattern[-1] == "*" and not any(k.startswith(f"{key}.") for k in keys)
        below = len(pattern) < len(parts)
        if open_map and below and _segments_match(pattern, parts[: len(pattern)]):
            return True
    return False


def _undocumented(values: Mapping[str, Any], keys: list[str]) -> list[str]:
    problems = []
    for path in _key_paths(values):
        if not _documented(path, keys):
            nearest = difflib.get_close_matches(path, keys, n=1, cutoff=0)
            hint = nearest[0] if nearest else "(none)"
            problems.append(f"{path} is not a key of the chart; nearest documented key: {hint}")
    return problems


def _env(values: Mapping[str, Any], section: str) -> dict[str, Any]:
    env = values[section]["extraEnv"]
    assert isinstance(env, dict), f"{section}.extraEnv is a mapping of variable names"
    return env


def _upgrade_steps(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        c
        for c in values["hub"].get("initContainers", [])
        if c.get("command", [])[-3:] == ["negotiation-workbook", "db", "upgrade"]
    ]


def _bytes(quantity: str | float) -> int:
    """A memory quantity read as KubeSpawner reads it (JupyterHub's byte specification)."""
    from jupyterhub.traitlets import ByteSpecification  # type: ignore[import-untyped]

    return int(ByteSpecification().validate(None, quantity))


def test_chart_keys_name_the_chart_version_the_deployment_uses() -> None:
    header = (DEPLOY / "chart-keys.txt").read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"# Zero to JupyterHub chart (\d+\.\d+\.\d+): .*values\.schema\.yaml", header)
    assert m, header
    version = m.group(1)
    assert f"--version {version}" in (DEPLOY / "values.yaml").read_text(encoding="utf-8")
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert f"quay.io/jupyterhub/k8s-hub:{version}" in dockerfile


def test_the_key_check_refuses_a_misspelt_key_and_accepts_free_form_maps() -> None:
    keys = _chart_keys()
    values = {
        "singleuser": {"memory": {"guarante": "1G"}, "extraEnv": {"A": {"valueFrom": {}}}},
        "hub": {"config": {"AnyClass": {"any_trait": 1}}},
    }
    assert _undocumented(values, keys) == [
        "singleuser.memory.guarante is not a key of the chart; "
        "nearest documented key: singleuser.memory.guarantee"
    ]


def test_every_key_is_a_documented_key_of_the_chart() -> None:
    problems = _undocumented(_values(), _chart_keys())
    assert not problems, "\n".join(problems)


def test_single_user_servers_run_the_workbook_command() -> None:
    assert _values()["singleuser"]["cmd"] == SINGLEUSER_CMD


def test_trainees_land_on_their_workbook() -> None:
    url = _values()["singleuser"]["defaultUrl"]
    assert url == WORKBOOK_URL
    notebook = url.removeprefix("/voila/render/")
    assert (ROOT / "notebooks" / notebook).is_file()


@pytest.mark.parametrize("section", ["hub", "singleuser"])
def test_the_store_url_comes_from_the_secret(section: str) -> None:
    secret = _secret()
    ref = _env(_values(), section)[DB_ENV]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": secret["metadata"]["name"], "key": "url"}
    assert "url" in secret["stringData"]


def test_the_store_url_is_never_written_in_clear() -> None:
    text = (DEPLOY / "values.yaml").read_text(encoding="utf-8")
    assert not re.search(r"\w+(\+\w+)?://[^\s/@]*:[^\s/@]*@", text), "a URL with a password"
    values = _values()
    for section in ("hub", "singleuser"):
        assert "value" not in _env(values, section)[DB_ENV]
    for step in values["hub"]["initContainers"]:
        for var in step.get("env", []):
            assert var["name"] != DB_ENV or "value" not in var, step["name"]


@pytest.mark.parametrize("section", ["hub", "singleuser"])
def test_servers_never_upgrade_the_shared_store(section: str) -> None:
    assert _env(_values(), section)[UPGRADE_ENV] == "off"


def test_the_schema_is_upgraded_once_before_the_hub_starts() -> None:
    values = _values()
    steps = _upgrade_steps(values)
    assert len(steps) == 1, "one init container of the hub runs `negotiation-workbook db upgrade`"
    (step,) = steps
    hub_image = values["hub"]["image"]
    assert step["image"] == f"{hub_image['name']}:{hub_image['tag']}"
    env = {var["name"]: var for var in step["env"]}
    assert (
        env[DB_ENV]["valueFrom"]["secretKeyRef"]
        == (_env(values, "hub")[DB_ENV]["valueFrom"]["secretKeyRef"])
    )
    assert UPGRADE_ENV not in env
    assert step["securityContext"]["runAsUser"] != 0


def test_memory_and_cpu_per_trainee() -> None:
    single = _values()["singleuser"]
    memory, cpu = single["memory"], single["cpu"]
    assert _bytes(memory["guarantee"]) >= TRAINEE_MEMORY_BYTES
    assert _bytes(memory["limit"]) >= _bytes(memory["guarantee"])
    assert 0 < cpu["guarantee"] <= cpu["limit"]


def test_idle_servers_are_culled() -> None:
    cull = _values()["cull"]
    assert cull["enabled"] is True
    assert isinstance(cull["timeout"], int)
    assert cull["timeout"] > 0


def test_the_hub_logs_in_with_the_workbook_authenticator() -> None:
    assert _values()["hub"]["config"]["JupyterHub"]["authenticator_class"] == AUTHENTICATOR


def test_the_chart_generates_the_secrets_no_value_is_written_here() -> None:
    values = _values()
    assert values.get("proxy", {}).get("secretToken") is None
    assert values["hub"].get("cookieSecret") is None
    assert "CryptKeeper" not in values["hub"]["config"]


def test_the_authenticator_named_in_the_values_exists() -> None:
    from jupyterhub.auth import Authenticator  # type: ignore[import-untyped]

    dotted = _values()["hub"]["config"]["JupyterHub"]["authenticator_class"]
    module_name, _, class_name = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    authenticator = getattr(module, class_name)
    assert issubclass(authenticator, Authenticator)
