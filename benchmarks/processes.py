"""CPU-seconds and memory of a process tree (a server and its kernels; a browser), from /proc.

What a workshop costs the machine is the CPU of the Voila server and of every kernel it has
started, including the kernels that have already ended: a page's kernel lives for seconds to
minutes, and a refill kernel becomes some later visitor's. Linux keeps that account for us. A
process's own time (``utime + stime``) stays readable while it is a zombie, and when its
parent waits for it the kernel adds it, with the time of the children it waited for in turn,
to the parent's ``cutime + cstime``. So the CPU a tree has used so far is the sum, over the
processes alive in it, of their own time and their waited-for children's time. That is exact
as long as each process of the tree is waited for by its parent in the tree, which holds here:
jupyter_client waits for the kernels Voila starts, Chromium for its renderers.

As a check, the meter also keeps each process's last-seen own time and sums it over every
process it has seen (the way a sampler without that account would count): it misses what a
process used between its last sighting and its end, so it reads a little lower.

psutil reads the same files; reading them directly keeps the benchmarks free of a dependency
the package does not declare.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "ProcStat",
    "TreeMeter",
    "TreeSample",
    "chromium_tree",
    "cpu_tree",
    "kernel_cpus",
    "mem_available_mb",
    "pid_cpu",
    "pss_mb",
    "renice",
    "server_tree",
]

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20
_KERNEL_FILE = re.compile(r"kernel-([0-9a-f-]+)\.json")


@dataclass(frozen=True)
class ProcStat:
    """One process as ``/proc/<pid>/stat`` shows it."""

    pid: int
    ppid: int
    state: str
    own_s: float
    """CPU-seconds the process has used itself (user + system)."""
    reaped_s: float
    """CPU-seconds of the children it has waited for (user + system, recursively)."""
    start: int
    """Start time in clock ticks after boot: with the pid, it names the process."""
    rss_mb: float


def _stat(pid: int) -> ProcStat | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # ended while we looked
        return None
    # The command name (second field) may hold spaces and parentheses: split after the last ")".
    f = text.rsplit(")", 1)[1].split()
    return ProcStat(
        pid=pid,
        ppid=int(f[1]),
        state=f[0],
        own_s=(int(f[11]) + int(f[12])) / _TICK,
        reaped_s=(int(f[13]) + int(f[14])) / _TICK,
        start=int(f[19]),
        rss_mb=int(f[21]) * _PAGE_MB,
    )


def _table() -> dict[int, ProcStat]:
    """Every process of the machine."""
    table: dict[int, ProcStat] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                table[stat.pid] = stat
    return table


_CMDLINES: dict[tuple[int, int], str] = {}
SETTLED_CMDLINE_S = 5.0
"""A command line is remembered only once its process is this old: a process just forked
still shows its parent's command line until it runs its own program (a kernel starting would
be remembered as the server)."""


def _uptime_ticks() -> float:
    try:
        return float(Path("/proc/uptime").read_text().split()[0]) * _TICK
    except (OSError, ValueError, IndexError):
        return 0.0


def _cmdline(stat: ProcStat) -> str:
    """A process's command line (an empty one for a zombie)."""
    key = (stat.pid, stat.start)
    if key in _CMDLINES:
        return _CMDLINES[key]
    try:
        raw = Path(f"/proc/{stat.pid}/cmdline").read_bytes()
    except OSError:
        raw = b""
    text = raw.replace(b"\0", b" ").decode(errors="replace")
    if raw and _uptime_ticks() - stat.start > SETTLED_CMDLINE_S * _TICK:
        _CMDLINES[key] = text
    return text


def _descendants(table: dict[int, ProcStat], roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for stat in table.values():
        children.setdefault(stat.ppid, []).append(stat.pid)
    found, todo = set(), [r for r in roots if r in table]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += children.get(pid, [])
    return found


Selector = Callable[[dict[int, ProcStat]], set[int]]
"""Picks the pids of one tree out of the machine's process table."""


def server_tree(root: int) -> Selector:
    """A server process and all its descendants (its kernels)."""
    return lambda table: _descendants(table, {root})


def chromium_tree(owner: int) -> Selector:
    """Every Chromium process started under ``owner`` (Playwright's driver starts them)."""

    def select(table: dict[int, ProcStat]) -> set[int]:
        under = _descendants(table, {owner})
        browser = {p for p in under if "chromium" in _cmdline(table[p])}
        # The browser's first process: a Chromium process whose parent is not one.
        tops = {p for p in browser if table[p].ppid not in browser}
        return _descendants(table, tops)

    return select


def cpu_tree(table: dict[int, ProcStat], pids: set[int]) -> float:
    """CPU-seconds used so far by the processes ``pids`` and every child they waited for."""
    return sum(table[p].own_s + table[p].reaped_s for p in pids if p in table)


@dataclass(frozen=True)
class TreeSample:
    """A tree at one moment."""

    at: float
    """``time.monotonic()`` of the reading."""
    cpu_s: float
    """CPU-seconds used by the tree so far, ended processes included (never decreases)."""
    last_seen_cpu_s: float
    """The same by last-seen own times (the check; reads a little lower)."""
    rss_mb: float
    """Resident memory of the tree's live processes, summed."""
    root_rss_mb: float
    root_cpu_s: float
    """CPU-seconds of the root process itself (the server without its kernels)."""
    kernels: tuple[int, ...]
    """Pids of the tree's live kernels (``ipykernel_launcher``)."""
    kernel_ids: frozenset[str]
    """Their kernel ids (from the connection file on their command line)."""
    runnable: bool
    """Whether a process of the tree was running or waiting for the disk."""
    pids: frozenset[int]


@dataclass
class TreeMeter:
    """Reads one process tree's CPU and memory; optionally every ``interval`` s in a thread.

    The thread keeps the peaks (memory, kernel count) between phases of a benchmark.
    """

    select: Selector
    root: int | None = None
    _total: float = 0.0
    _seen: dict[tuple[int, int], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    peak_rss_mb: float = 0.0
    peak_kernels: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> TreeSample:
        """Read the tree now."""
        table = _table()
        pids = self.select(table)
        with self._lock:
            for p in pids:
                self._seen[(p, table[p].start)] = table[p].own_s
            # A process ending between the listing and its reading is missed once and
            # counted at the next reading (in its parent's account): keep the total monotonic.
            self._total = max(self._total, cpu_tree(table, pids))
            lines = {p: _cmdline(table[p]) for p in pids}
            kernels = tuple(sorted(p for p in pids if "ipykernel_launcher" in lines[p]))
            ids = frozenset(
                m.group(1) for p in kernels if (m := _KERNEL_FILE.search(lines[p])) is not None
            )
            rss = sum(table[p].rss_mb for p in pids)
            self.peak_rss_mb = max(self.peak_rss_mb, rss)
            self.peak_kernels = max(self.peak_kernels, len(kernels))
            return TreeSample(
                at=time.monotonic(),
                cpu_s=self._total,
                last_seen_cpu_s=sum(self._seen.values()),
                rss_mb=rss,
                root_rss_mb=table[self.root].rss_mb if self.root in table else 0.0,
                root_cpu_s=table[self.root].own_s if self.root in table else 0.0,
                kernels=kernels,
                kernel_ids=ids,
                runnable=any(table[p].state in "RD" for p in pids),
                pids=frozenset(pids),
            )

    def reset_peaks(self) -> None:
        """Start the peaks again (for the next phase)."""
        with self._lock:
            self.peak_rss_mb, self.peak_kernels = 0.0, 0

    def start(self, interval: float = 1.0) -> None:
        """Sample every ``interval`` seconds in a thread until :meth:`stop`."""

        def run() -> None:
            while not self._stop.wait(interval):
                with contextlib.suppress(Exception):  # a reading is never worth a crash
                    self.sample()

        self._thread = threading.Thread(target=run, name="tree-meter", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the sampling thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)


def kernel_cpus() -> dict[str, float]:
    """CPU-seconds so far of every kernel running on the machine, by kernel id."""
    found: dict[str, float] = {}
    for stat in _table().values():
        match = _KERNEL_FILE.search(_cmdline(stat))
        if match is not None:
            found[match.group(1)] = stat.own_s + stat.reaped_s
    return found


def pid_cpu(pid: int) -> float:
    """CPU-seconds so far of one process and its waited-for children (0 when it is gone)."""
    stat = _stat(pid)
    return 0.0 if stat is None else stat.own_s + stat.reaped_s


def pss_mb(pids: frozenset[int]) -> float:
    """Proportional memory of processes, in MB: their shared pages split among their users.

    Kernels share the interpreter's and the libraries' file pages, which resident memory
    counts in full for each of them.
    """
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) / 1024
                    break
    return total


def renice(select: Selector, niceness: int = 19) -> int:
    """Lower the priority of a tree's processes; how many were changed.

    Their children inherit it (Chromium forks its renderers from a process of the tree).
    """
    changed = 0
    for pid in select(_table()):
        with contextlib.suppress(OSError):
            if os.getpriority(os.PRIO_PROCESS, pid) < niceness:
                os.setpriority(os.PRIO_PROCESS, pid, niceness)
                changed += 1
    return changed


def mem_available_mb() -> float:
    """Memory the machine can still give (``MemAvailable``), in MB."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return 0.0
