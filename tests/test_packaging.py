"""The project's own promises about itself: conda and pip agree, the schema is current."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

from negotiation_lib.schema import SCHEMA_PATH, schema_text

ROOT = Path(__file__).resolve().parent.parent


def _requirement(spec: str) -> tuple[str, str]:
    # pip extras ("psycopg[binary]") have no conda counterpart: conda-forge's package is whole.
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*(.*)$", spec)
    assert m, spec
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_yml_mirrors_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [*project["dependencies"]]
    for extra, specs in project["optional-dependencies"].items():
        wanted += [s for s in specs if not s.startswith(project["name"])]
        assert extra in {"postgresql", "hub", "test", "dev"}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and d not in {"pip"}]
    conda = [d for d in conda if not d.startswith("python")]
    assert dict(map(_requirement, conda)) == dict(map(_requirement, wanted))
    pip_part = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_part == ["-e ."]


def test_python_versions_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in env["dependencies"]


def test_published_schema_is_current() -> None:
    # Regenerate with `negotiation-workbook schema --write` after changing the models.
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_library_is_typed() -> None:
    assert (ROOT / "negotiation_lib" / "py.typed").exists()


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert "make serve" in readme
    assert re.search(r"^exec make test$", ci, re.MULTILINE)


def test_the_readme_library_example_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert blocks, "the README shows the library in a python block"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
