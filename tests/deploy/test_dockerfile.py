"""The workbook's images (deploy/jupyterhub/Dockerfile): what they copy, install and run as.

The static checks run everywhere. Building the images needs a Docker engine; without one that
answers (``docker info``) the build tests are skipped.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
import shutil
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "jupyterhub" / "Dockerfile"
VALUES = ROOT / "deploy" / "jupyterhub" / "values.yaml"
NEEDED_EXTRAS = {"hub", "postgresql"}
"""The single-user command needs JupyterHub; the values point every server at PostgreSQL."""
IMAGE = "negotiation-workbook-deploy-test"


@dataclass
class Stage:
    """One build stage of the Dockerfile: its base, name and instructions in order."""

    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [rest for kw, rest in self.instructions if kw == keyword]


def _stages() -> list[Stage]:
    text = DOCKERFILE.read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    stages: list[Stage] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) == 3 and words[1].lower() == "as" else ""
            stages.append(Stage(base=words[0], name=name))
        elif stages:
            stages[-1].instructions.append((keyword, rest))
    return stages


def _copied_sources(stage: Stage) -> list[str]:
    sources = []
    for rest in stage.args("COPY"):
        words = shlex.split(rest)
        if any(w.startswith("--from") for w in words):
            continue
        sources += [w for w in words if not w.startswith("--")][:-1]
    return sources


def _ignored(path: str) -> bool:
    """Whether the root .dockerignore keeps ``path`` out of the build context (last match wins)."""
    ignore = ROOT / ".dockerignore"
    if not ignore.exists():
        return False
    ignored = False
    for line in ignore.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line.removeprefix("!").rstrip("/")
        if fnmatch.fnmatch(path, pattern):
            ignored = not negated
    return ignored


def test_the_single_user_image_is_the_slim_python_the_workbook_supports() -> None:
    assert _stages()[-1].base == "python:3.11-slim"


def test_every_copied_path_exists_and_reaches_the_build_context() -> None:
    for stage in _stages():
        sources = _copied_sources(stage)
        assert sources, f"stage {stage.name} copies the workbook"
        for source in sources:
            assert (ROOT / source).exists(), f"stage {stage.name} copies {source}: not in the repo"
            assert not _ignored(source), f"{source} is left out of the context by .dockerignore"


def test_the_images_copy_what_the_package_needs_at_run_time() -> None:
    # The package reads notebooks/ and data/ beside itself (cli.NOTEBOOKS_DIR,
    # datasets.CASES_DIR); pyproject's readme must exist for pip to build it.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {"pyproject.toml", project["readme"], "negotiation_lib", "notebooks", "data"}
    for stage in _stages():
        copied = {s.rstrip("/").removeprefix("./") for s in _copied_sources(stage)}
        assert needed <= copied, f"stage {stage.name} misses {sorted(needed - copied)}"


def test_the_images_install_the_extras_the_values_need() -> None:
    declared = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "optional-dependencies"
        ]
    )
    for stage in _stages():
        installs = [r for r in stage.args("RUN") if "pip install" in r]
        extras = set()
        for run in installs:
            for m in re.finditer(r"\"?\.\[([^\]]+)\]\"?", run):
                extras |= {e.strip() for e in m.group(1).split(",")}
        assert extras >= NEEDED_EXTRAS, f"stage {stage.name} installs extras {sorted(extras)}"
        # pip only warns about an extra the package does not declare, and installs less.
        assert extras <= declared, f"pyproject.toml does not declare {sorted(extras - declared)}"


def test_the_images_run_as_uid_1000() -> None:
    for stage in _stages():
        users = stage.args("USER")
        assert users, f"stage {stage.name} sets its user"
        assert users[-1] == "1000", f"stage {stage.name} ends as user {users[-1]}"
    single = _stages()[-1]
    assert any("--uid 1000" in r for r in single.args("RUN")), "the image creates uid 1000"


def test_the_image_starts_the_command_the_values_name() -> None:
    values = yaml.safe_load(VALUES.read_text(encoding="utf-8"))
    (cmd,) = _stages()[-1].args("CMD")
    assert yaml.safe_load(cmd) == values["singleuser"]["cmd"]


def _docker_engine() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "info"], capture_output=True, check=False)
    return probe.returncode == 0


needs_docker = pytest.mark.skipif(not _docker_engine(), reason="no Docker engine on this machine")


def _build(tag: str, *target: str) -> None:
    build = subprocess.run(
        ["docker", "build", "-f", str(DOCKERFILE), "-t", tag, *target, str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-4000:]


def _run(tag: str, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", "run", "--rm", tag, *command], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
@needs_docker
def test_the_single_user_image_builds_and_runs_the_workbook_command() -> None:
    _build(f"{IMAGE}:singleuser")
    ran = _run(f"{IMAGE}:singleuser", "negotiation-workbook", "--help")
    assert ran.returncode == 0, ran.stderr
    assert "usage: negotiation-workbook" in ran.stdout
    whoami = _run(f"{IMAGE}:singleuser", "id", "-u")
    assert whoami.stdout.strip() == "1000"


@pytest.mark.slow
@needs_docker
def test_the_hub_image_builds_with_the_authenticator_and_the_upgrade_command() -> None:
    _build(f"{IMAGE}:hub", "--target", "hub")
    ran = _run(
        f"{IMAGE}:hub", "python", "-c", "import negotiation_lib.hub.authenticator as a; print(a)"
    )
    assert ran.returncode == 0, ran.stderr
    upgrade = _run(f"{IMAGE}:hub", "negotiation-workbook", "db", "--help")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "upgrade" in upgrade.stdout
