"""The ``negotiation-workbook`` command: report, validate, schema, batch, serve, lab, workshop, db.

``hub`` and ``singleuser`` (a local JupyterHub) live in :mod:`negotiation_lib.hub.command`.

Every command prints human messages, never a traceback: a case with problems lists each one
with its JSON path, and the exit code says what happened (0 fine, 1 the case has problems,
2 the command was used wrongly, 130 Ctrl-C stopped it, 141 the output's reader stopped
reading, as ``| head`` does).
"""

from __future__ import annotations

import argparse
import io
import ipaddress
import json
import os
import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from negotiation_lib.cli_batch import add_batch_command
from negotiation_lib.domain.errors import CaseError
from negotiation_lib.domain.validation import read_case
from negotiation_lib.hub.command import add_hub_commands
from negotiation_lib.serving import voila_options

__all__ = ["NOTEBOOKS_DIR", "main", "voila_argv"]

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
"""The folder Voila serves: the workbook's notebooks and nothing else."""

SHARE_DIR = Path(__file__).resolve().parent / "share"
"""Jupyter data folder of the workbook (its Voila page template), added to JUPYTER_PATH."""

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_PIPE_CLOSED = 141
"""Exit code when the output's reader closed the pipe early: 128 + SIGPIPE, as for ``cat``."""
EXIT_INTERRUPTED = 130
"""Exit code after Ctrl-C: 128 + SIGINT, as shells report it."""


def _print_problems(source: str, err: CaseError) -> None:
    print(f"{source}: {len(err.problems)} problem(s)", file=sys.stderr)
    for p in err.problems:
        print(f"  {p.path or '(file)'}: {p.message}", file=sys.stderr)


def _cmd_report(args: argparse.Namespace) -> int:
    from negotiation_lib.report import build_report, report_markdown

    if args.side:
        return _report_side(args)
    try:
        case = read_case(Path(args.case))
    except CaseError as err:
        _print_problems(args.case, err)
        return EXIT_INVALID
    report = build_report(case, seed=args.seed)
    if args.format == "md":
        print(report_markdown(case, report))
    else:
        print(json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False))
    return EXIT_OK


def _report_side(args: argparse.Namespace) -> int:
    """One side's confidential view of a role-play case: never the other side's secrets."""
    from negotiation_lib.domain.roles import is_role_play
    from negotiation_lib.domain.validation import read_case_document
    from negotiation_lib.side_report import side_report, side_report_markdown

    try:
        doc = read_case_document(Path(args.case))
    except CaseError as err:
        _print_problems(args.case, err)
        return EXIT_INVALID
    if not is_role_play(doc):
        print(
            f"error: {args.case} is not a role-play case: --side needs a case with roles "
            "(a public part and a brief for each side).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    report = side_report(doc, args.side)
    if args.format == "md":
        print(side_report_markdown(report), end="")
    else:
        print(json.dumps(report, indent=2, ensure_ascii=False, allow_nan=False))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    for name in args.case:
        try:
            read_case(Path(name))
        except CaseError as err:
            _print_problems(name, err)
            status = EXIT_INVALID
        else:
            print(f"{name}: valid")
    return status


def _cmd_schema(args: argparse.Namespace) -> int:
    from negotiation_lib.schema import SCHEMA_PATH, schema_text

    if args.write:
        SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    else:
        sys.stdout.write(schema_text())
    return EXIT_OK


def _load_case_file(ref: str) -> dict[str, Any]:
    """A case document from a path (JSON or an exported workbook) or a sample case name."""
    from negotiation_lib.datasets import sample_case_names, sample_case_path
    from negotiation_lib.exports.case_io import read_case_file

    path = Path(ref)
    if not path.exists() and ref in sample_case_names():
        path = sample_case_path(ref)
    try:
        payload = path.read_bytes()
    except OSError as err:
        raise CaseError.at("", f"Cannot read {ref}: {err.strerror or err}.") from err
    return read_case_file(payload, path.name)


def _cmd_export(args: argparse.Namespace) -> int:
    from negotiation_lib.domain.validation import parse_case
    from negotiation_lib.exports.case_io import file_stem

    try:
        data = _load_case_file(args.case)
    except CaseError as err:
        _print_problems(args.case, err)
        return EXIT_INVALID
    case = parse_case(data)
    stem = file_stem(case.title)
    kind = "xlsx" if args.xlsx else "pdf" if args.pdf else "html"
    out = (
        Path(args.out) if args.out else Path(f"{stem}{'-customer' if args.customer else ''}.{kind}")
    )
    if kind == "xlsx":
        from negotiation_lib.exports.case_workbook import case_workbook

        out.write_bytes(case_workbook(data))
    else:
        from negotiation_lib.exports.brief import CUSTOMER_SECTIONS, brief_html, brief_pdf

        sections = args.section or (CUSTOMER_SECTIONS if args.customer else None)
        try:
            html = brief_html(
                case, sections=sections, audience="customer" if args.customer else "internal"
            )
        except ValueError as err:
            print(f"error: {err}", file=sys.stderr)
            return EXIT_USAGE
        if kind == "html":
            out.write_text(html, encoding="utf-8")
        else:
            try:
                brief_pdf(html, out)
            except RuntimeError as err:
                print(f"error: {err}", file=sys.stderr)
                return EXIT_INVALID
    print(f"wrote {out}")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from negotiation_lib.exports.case_io import case_json

    try:
        data = _load_case_file(args.file)
    except CaseError as err:
        _print_problems(args.file, err)
        return EXIT_INVALID
    if args.resume:
        from negotiation_lib.store import StoreError

        try:
            store = _open_store()
            person = store.participant_for_resume(args.resume)
            if person is None:
                print("error: this resume code opens nothing.", file=sys.stderr)
                return EXIT_INVALID
            saved = store.save(person.id, data, "import")
        except StoreError as err:
            print(f"error: {err.message}", file=sys.stderr)
            return EXIT_INVALID
        print(f"{args.file}: saved as version {saved.version} of {person.name}'s case")
        return EXIT_OK
    text = case_json(data)
    if args.out:
        Path(args.out).write_bytes(text)
        print(f"{args.file}: valid; wrote {args.out}")
    else:
        sys.stdout.write(text.decode("utf-8"))
    return EXIT_OK


def _open_store() -> Any:
    from negotiation_lib.store import Store

    return Store()


def _cmd_workshop_create(args: argparse.Namespace) -> int:
    from negotiation_lib.store import StoreError

    try:
        made = _open_store().create_workshop(
            args.name, args.case or ["pumpco_acme_foods"], rounds=args.rounds
        )
    except StoreError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_INVALID
    w = made.workshop
    print(f"Workshop {w.id}: {w.name}")
    print(f"  cases handed out: {', '.join(w.cases)}")
    print(f"  deal-room rounds (role-play cases): {w.rounds}")
    print(f"  join code (for trainees, on the home page): {w.join_code}")
    print(f"  facilitator key (for the dashboard): {made.facilitator_key}")
    print("  The key is shown only now and stored only as a hash: keep it somewhere safe.")
    return EXIT_OK


def _cmd_workshop_list(args: argparse.Namespace) -> int:
    workshops = _open_store().workshops()
    if not workshops:
        print("No workshops yet. Create one with: negotiation-workbook workshop create NAME")
        return EXIT_OK
    print(f"{'id':>4}  {'join code':<9}  {'participants':>12}  {'created (UTC)':<16}  name")
    for w in workshops:
        created = w.created_at.strftime("%Y-%m-%d %H:%M")
        state = "" if w.is_open else "  (closed)"
        print(f"{w.id:>4}  {w.join_code:<9}  {w.participants:>12}  {created:<16}  {w.name}{state}")
    return EXIT_OK


def _cmd_workshop_close(args: argparse.Namespace) -> int:
    from negotiation_lib.store import StoreError

    store = _open_store()
    try:
        closed = store.close_workshop(store.workshop(args.workshop).id)
    except StoreError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_INVALID
    assert closed.closed_at is not None
    when = closed.closed_at.strftime("%Y-%m-%d %H:%M")
    print(f"Workshop {closed.id}: {closed.name} closed at {when} UTC.")
    print(f"  Its join code {closed.join_code} no longer admits anyone;")
    print(f"  its {closed.participants} participant(s) keep their resume codes and their work.")
    return EXIT_OK


def _cmd_workshop_export(args: argparse.Namespace) -> int:
    from negotiation_lib.exports.workshop import export_workshop
    from negotiation_lib.store import StoreError

    store = _open_store()
    try:
        workshop = store.workshop(args.workshop)
        made = export_workshop(store, workshop.id)
    except StoreError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_INVALID
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / made.xlsx_name).write_bytes(made.xlsx)
    (out / made.zip_name).write_bytes(made.zip)
    print(f"{workshop.name}: {len(made.results)} participant(s)")
    print(f"  wrote {out / made.xlsx_name}")
    print(f"  wrote {out / made.zip_name}")
    return EXIT_OK


def _cmd_db(args: argparse.Namespace) -> int:
    from negotiation_lib.store import Store, StoreError
    from negotiation_lib.store.config import redacted

    try:
        store = Store(upgrade=False)
        before = store.current_revision()
        if args.action == "upgrade":
            after = store.upgrade()
            state = "already up to date" if before == after else f"upgraded from {before}"
            print(f"{redacted(store.url)}: at revision {after} ({state})")
        else:
            head = store.head_revision()
            state = "up to date" if before == head else f"behind: run 'db upgrade' to {head}"
            print(f"{redacted(store.url)}: at revision {before} ({state})")
    except StoreError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


CULL_IDLE_TIMEOUT = 120
"""Seconds a kernel with no open page and no activity lives before it is reclaimed."""

CULL_INTERVAL = 30
"""Seconds between two checks for such kernels."""

IOPUB_TIMEOUT = 60
"""Seconds Voila waits for a page's output once the kernel has finished building it.

Voila's own default is 4 s (nbclient's ``iopub_timeout``); with many pages loading at once on
a small machine the output can take longer than that to reach the server. Output that misses
the wait is dropped and the page arrives empty; the workbook's page template then loads it
again once (``share/voila/templates/workbook/index.html.j2``).
"""


LOOPBACK = "127.0.0.1"
"""Where ``serve`` listens unless told otherwise: this machine only."""


def is_loopback(ip: str) -> bool:
    """Whether an address to listen on reaches this machine only.

    Examples
    --------
    >>> [is_loopback(ip) for ip in ("127.0.0.1", "localhost", "::1", "0.0.0.0", "10.1.2.3")]
    [True, True, True, False, False]
    """
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def exposure_problem(ip: str, token: str | None, admin_secret: str | None) -> str | None:
    """Why ``serve`` must not listen on ``ip`` as asked, or None when it may.

    Beyond this machine, whoever reaches the port reaches the workbook: ``serve`` listens there
    only with a token (every visitor needs ``?token=...`` once) or with an admin secret given
    on the command line (pages open to the room; creating workshops takes the secret).

    Examples
    --------
    >>> exposure_problem("127.0.0.1", None, None) is None
    True
    >>> exposure_problem("0.0.0.0", None, None).startswith("Refusing to listen on 0.0.0.0")
    True
    >>> exposure_problem("0.0.0.0", "s3cret-token", None) is None
    True
    """
    if is_loopback(ip) or token or admin_secret:
        return None
    return (
        f"Refusing to listen on {ip} without a token: anyone who can reach this machine's port "
        "could use the workbook. Add --token SECRET (visitors then open the first page with "
        "?token=SECRET), or --admin-secret SECRET to open the pages to the room while creating "
        "workshops takes the secret; or leave out --ip to serve this machine only."
    )


def voila_argv(
    port: int,
    token: str | None,
    *,
    ip: str = LOOPBACK,
    base_url: str = "/",
    pool_size: int = 1,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT,
    cull_interval: int = CULL_INTERVAL,
    preheat: bool = True,
    iopub_timeout: int = IOPUB_TIMEOUT,
    notebooks: Path = NOTEBOOKS_DIR,
) -> list[str]:
    """Build the Voila command line of ``negotiation-workbook serve``.

    Loopback only, preheated kernels, tracebacks and sources hidden, and the notebooks folder
    as the only thing served (case data and the store live elsewhere). Voila asks the server
    to shut a page's kernel down when the page closes, but that request can be refused (its
    XSRF check), so kernels whose page is gone are culled once idle; a kernel with a page
    still open is never culled, and the preheated pool is never culled.

    Examples
    --------
    >>> argv = voila_argv(8866, None)
    >>> "--Voila.ip=127.0.0.1" in argv and "--VoilaConfiguration.show_tracebacks=False" in argv
    True
    """
    # Voila's application, as the workbook runs it: it prints the home page's address once it
    # listens and stops without tracebacks (negotiation_lib.serving.run).
    argv = [
        sys.executable,
        "-m",
        "negotiation_lib.serving",
        str(notebooks),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--Voila.base_url={base_url}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        # The page's kernel reads numbers as the visitor's language writes them
        # (negotiation_lib.worksheets.number_format): it gets the browser's Accept-Language.
        "--VoilaConfiguration.http_header_envs=Accept-Language",
        "--template=workbook",
        # No pool, no preheating: each page then gets a kernel started for its request.
        f"--VoilaConfiguration.preheat_kernel={preheat and pool_size > 0}",
        f"--VoilaConfiguration.default_pool_size={pool_size}",
        f"--VoilaExecutor.iopub_timeout={iopub_timeout}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_timeout}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        # Kernels talk to the server over Unix sockets named after their connection files, not
        # TCP ports: ports picked by several kernels starting at once (the pool filling) could
        # collide ("Address already in use" in a kernel's heartbeat), and a socket file is
        # readable by this user only, where a loopback port is open to every local user.
        "--KernelManager.transport=ipc",
    ]
    argv.append(f"--Voila.token={token}" if token else "--Voila.token=")
    # Kernels bound to their pages, guarded routes, security headers (negotiation_lib.serving).
    argv += voila_options()
    return argv


def base_url_path(text: str) -> str:
    """The URL prefix to serve under, as Voila wants it: one leading and one trailing slash.

    For a proxy or a hub that forwards ``/user/ann/...`` to this server. Refuses anything but
    a plain path (no scheme, host, query or spaces) with a sentence.

    Examples
    --------
    >>> base_url_path("user/ann"), base_url_path("/"), base_url_path("/rooms/blue/")
    ('/user/ann/', '/', '/rooms/blue/')
    """
    parts = [p for p in text.strip().split("/") if p]
    if any(not re.fullmatch(r"[A-Za-z0-9._~%@+-]+", p) or p in (".", "..") for p in parts):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a URL path; give a prefix such as /user/ann/ "
            "(letters, digits, . _ ~ - between slashes)"
        )
    return "/" + "".join(f"{p}/" for p in parts)


def _pool_size(text: str) -> int:
    try:
        size = int(text)
    except ValueError:
        size = -1
    if not 0 <= size <= 16:
        raise argparse.ArgumentTypeError(f"{text!r} is not a pool size; give a whole number 0-16")
    return size


def serve_env(ip: str = LOOPBACK) -> dict[str, str]:
    """The environment Voila runs in: the workbook's template folder on JUPYTER_PATH.

    A preheated kernel asks the server for its visitor's URL on 127.0.0.1 unless told another
    address (``VOILA_APP_IP``): a server listening on one other address only is told that one.
    """
    env = dict(os.environ)
    paths = [str(SHARE_DIR), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    if ip not in ("0.0.0.0", "::", "") and not is_loopback(ip):
        env["VOILA_APP_IP"] = ip
    return env


def _prepare_store() -> str | None:
    """Bring the store's schema up to date before any kernel opens it; say where it is.

    Returns an error sentence when the store cannot be used, in particular when its file would
    sit inside the folder Voila serves (where a URL could fetch it).
    """
    from negotiation_lib.store import Store, StoreError
    from negotiation_lib.store.config import redacted, sqlite_path

    url = Store.configured_url()
    path = sqlite_path(url)
    if path is not None and path.is_relative_to(NOTEBOOKS_DIR.resolve()):
        return (
            f"The store file {path} is inside the served folder {NOTEBOOKS_DIR}; "
            "set NEGOTIATION_WORKBOOK_DATA to a folder outside it."
        )
    try:
        Store(url).close()
    except StoreError as err:
        return err.message
    print(f"Workshop store: {redacted(url)}", flush=True)
    return None


def _admin_secret(given: str | None) -> str | None:
    """Set the admin secret given to ``serve``, or draw one the first time; an error sentence."""
    from negotiation_lib.store.admin import ensure_admin_secret, set_admin_secret

    try:
        if given:
            set_admin_secret(given)
            print("Admin secret set (creating workshops on the dashboard takes it).", flush=True)
            return None
        new = ensure_admin_secret()
    except (OSError, ValueError) as err:
        return f"Cannot keep the admin secret: {err}"
    if new is not None:
        # Printed this once, never logged: only its hash is kept.
        print(
            "Admin secret (creating a workshop on the dashboard takes it; shown only now, "
            f"'negotiation-workbook admin-secret' makes a new one): {new}",
            flush=True,
        )
    return None


def _cmd_serve(args: argparse.Namespace) -> int:
    exposed = exposure_problem(args.ip, args.token, args.admin_secret)
    if exposed:
        print(f"error: {exposed}", file=sys.stderr)
        return EXIT_USAGE
    problem = _prepare_store() or _admin_secret(args.admin_secret)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    argv = voila_argv(
        args.port,
        args.token,
        ip=args.ip,
        base_url=args.base_url,
        pool_size=args.pool_size,
        cull_idle_timeout=args.cull_idle_timeout,
        cull_interval=args.cull_interval,
        iopub_timeout=args.iopub_timeout,
    )
    # The server prints the home page's address once it listens (on the port it really got).
    print(f"Starting the workbook server on port {args.port} ...", flush=True)
    os.execve(argv[0], argv, serve_env(args.ip))
    return EXIT_OK  # pragma: no cover - execve does not return


def _cmd_admin_secret(args: argparse.Namespace) -> int:
    from negotiation_lib.store.admin import set_admin_secret

    try:
        secret = set_admin_secret(args.secret)
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
    print(f"New admin secret (creating a workshop on the dashboard takes it): {secret}")
    print("  It is shown only now and kept only as a hash: keep it somewhere safe.")
    return EXIT_OK


def _cmd_lab(args: argparse.Namespace) -> int:
    lab = shutil.which("jupyter-lab") or str(Path(sys.executable).with_name("jupyter-lab"))
    argv = [
        lab,
        f"--notebook-dir={NOTEBOOKS_DIR}",
        "--ServerApp.ip=127.0.0.1",
        f"--port={args.port}",
    ]
    if os.geteuid() == 0:
        argv.append("--allow-root")
    os.execv(argv[0], argv)
    return EXIT_OK  # pragma: no cover


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="negotiation-workbook",
        description="Prepare trust-based, strategic customer negotiations.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("report", help="compute every figure of a case (JSON or a readable brief)")
    p.add_argument("case", help="path of a case JSON file")
    p.add_argument("--format", choices=("json", "md"), default="json")
    p.add_argument("--seed", type=int, default=2026, help="Monte Carlo seed (default 2026)")
    p.add_argument(
        "--side",
        choices=("seller", "customer"),
        help="a role-play case: print only this side's view (its brief, the public case and "
        "its own private facts)",
    )
    p.set_defaults(run=_cmd_report)

    p = sub.add_parser("validate", help="list every problem of one or more case files")
    p.add_argument("case", nargs="+", help="path(s) of case JSON files")
    p.set_defaults(run=_cmd_validate)

    p = sub.add_parser("schema", help="print the case file's JSON Schema")
    p.add_argument("--write", action="store_true", help="refresh data/schema/case.schema.json")
    p.set_defaults(run=_cmd_schema)

    add_batch_command(sub)

    p = sub.add_parser("serve", help="serve the worksheets with Voila on 127.0.0.1")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument(
        "--ip",
        default=LOOPBACK,
        help="the address to listen on (default 127.0.0.1, this machine only; any other "
        "needs --token or --admin-secret)",
    )
    p.add_argument(
        "--base-url",
        type=base_url_path,
        default="/",
        help="serve every page under this URL prefix, for a proxy or a hub (default /)",
    )
    p.add_argument("--token", default=None, help="require this token in the URL (?token=...)")
    p.add_argument(
        "--admin-secret",
        default=None,
        help="set the secret that creating a workshop on the dashboard takes (by default "
        "one is drawn and printed the first time)",
    )
    p.add_argument(
        "--pool-size",
        type=_pool_size,
        default=1,
        help="preheated kernels per notebook (0: none; each page starts its own kernel)",
    )
    p.add_argument(
        "--cull-idle-timeout",
        type=int,
        default=CULL_IDLE_TIMEOUT,
        help=f"seconds before a closed page's kernel is reclaimed (default {CULL_IDLE_TIMEOUT})",
    )
    p.add_argument(
        "--cull-interval",
        type=int,
        default=CULL_INTERVAL,
        help=f"seconds between checks for such kernels (default {CULL_INTERVAL})",
    )
    p.add_argument(
        "--iopub-timeout",
        type=int,
        default=IOPUB_TIMEOUT,
        help=(
            "seconds to wait for a page's output once its kernel has built it; a page whose "
            f"output misses the wait is loaded again (default {IOPUB_TIMEOUT})"
        ),
    )
    p.set_defaults(run=_cmd_serve)

    p = sub.add_parser(
        "admin-secret", help="make a new admin secret (creating workshops on the dashboard)"
    )
    p.add_argument("--secret", default=None, help="use this one (at least 12 characters)")
    p.set_defaults(run=_cmd_admin_secret)

    p = sub.add_parser("lab", help="open the notebooks in JupyterLab (for analysts)")
    p.add_argument("--port", type=int, default=8888)
    p.set_defaults(run=_cmd_lab)

    p = sub.add_parser(
        "export", help="the deal brief (HTML or PDF) or the Excel workbook of a case"
    )
    p.add_argument("case", help="a case file (JSON or an exported workbook) or a sample case name")
    kind = p.add_mutually_exclusive_group()
    kind.add_argument(
        "--html", action="store_true", help="the deal brief as one HTML file (default)"
    )
    kind.add_argument("--pdf", action="store_true", help="the deal brief as PDF (needs Chromium)")
    kind.add_argument("--xlsx", action="store_true", help="the analyst's Excel workbook")
    p.add_argument(
        "--customer", action="store_true", help="the customer's brief (no internal sections)"
    )
    p.add_argument("--section", action="append", help="include only these brief sections (repeat)")
    p.add_argument("--out", help="the file to write (default: named after the case's title)")
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser("import", help="check a case file (JSON or an exported workbook)")
    p.add_argument("file", help="the file to import")
    p.add_argument("--out", help="write the case as JSON here (default: print it)")
    p.add_argument("--resume", help="save it as a new version of this participant's case")
    p.set_defaults(run=_cmd_import)

    workshop = sub.add_parser("workshop", help="create, list, close and export workshops")
    wsub = workshop.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = wsub.add_parser("create", help="create a workshop; prints its join code and key")
    p.add_argument("name", help="the workshop's name, as trainees will see it")
    p.add_argument(
        "--case",
        action="append",
        help="a sample case to hand out, or 'blank' (repeat for several; "
        "default pumpco_acme_foods)",
    )
    p.add_argument(
        "--rounds",
        type=int,
        default=5,  # DEFAULT_ROUNDS, written out: parsing the command line imports no numpy
        help="renewal rounds a role-play case's deal rooms run (default 5; 1: a single "
        "negotiation)",
    )
    p.set_defaults(run=_cmd_workshop_create)
    p = wsub.add_parser("list", help="list the workshops")
    p.set_defaults(run=_cmd_workshop_list)
    p = wsub.add_parser("close", help="close a workshop: its join code stops admitting anyone")
    p.add_argument("workshop", help="the workshop's id or join code")
    p.set_defaults(run=_cmd_workshop_close)
    p = wsub.add_parser("export", help="write the Excel workbook and the zip of cases")
    p.add_argument("workshop", help="the workshop's id or join code")
    p.add_argument("--out", default=".", help="folder to write the two files to (default .)")
    p.set_defaults(run=_cmd_workshop_export)

    add_hub_commands(sub)

    p = sub.add_parser("db", help="the workshop store's schema")
    p.add_argument("action", choices=("upgrade", "current"), help="apply migrations, or show")
    p.set_defaults(run=_cmd_db)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["singleuser"]:
        # Everything after it is the hub spawner's, for jupyterhub-singleuser (--debug, ...).
        from negotiation_lib.hub.singleuser import main as singleuser_main

        return singleuser_main(given[1:])
    args = _parser().parse_args(given)
    try:
        code = int(args.run(args))
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (``report CASE | head``): it has what it wanted.
        _quiet_stdout()
        return EXIT_PIPE_CLOSED
    except KeyboardInterrupt:
        # Ctrl-C: the person asked the command to stop; a traceback would only alarm them.
        print("Stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the exit's own flush raises nothing either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test's captured output): nothing will be flushed to a pipe


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
