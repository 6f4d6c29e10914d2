"""The dashboard refreshes itself on a visible interval, which the facilitator can pause.

A facilitator projecting the dashboard should not have to press Refresh to see who joined or
how far each team got, nor should the screen change under them while they explain a chart.
:class:`AutoRefresh` runs the dashboard's refresh every few seconds (30 by default; 10 s to
1 min to choose) in the page kernel's event loop, says so on the page ("Refreshing every 30 s")
and offers Pause and Resume; resuming refreshes at once. Nothing runs while paused, and
nothing runs before a workshop is open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

import ipywidgets as widgets

from negotiation_lib.worksheets.shared_models import set_display, shared_layout

__all__ = ["INTERVALS_S", "REFRESH_EVERY_S", "AutoRefresh", "Schedule"]

REFRESH_EVERY_S = 30
"""Seconds between two refreshes unless the facilitator chooses another interval."""

INTERVALS_S: tuple[tuple[str, int], ...] = (("10 s", 10), ("30 s", 30), ("1 min", 60))
"""The intervals the facilitator can choose, as shown and in seconds."""


class Handle(Protocol):
    """A deferred call that can be cancelled (an :class:`asyncio.TimerHandle`)."""

    def cancel(self) -> None:
        """Do not run the call."""


Schedule = Callable[[float, Callable[[], None]], Handle | None]
"""Run a callback after a delay; returns its handle, or ``None`` when nothing can run it."""


def _loop_schedule(delay: float, callback: Callable[[], None]) -> Handle | None:
    # The page kernel's event loop runs the call; outside a running loop (a test, a script)
    # there is no refreshing by itself.
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    return loop.call_later(delay, callback)


class AutoRefresh:
    """Call ``refresh`` every ``every`` seconds once started, until paused.

    Parameters
    ----------
    refresh
        The dashboard's refresh (it reports its own errors on the page).
    every
        Seconds between refreshes, one of :data:`INTERVALS_S`.
    schedule
        How to run a deferred call (tests pass their own; the default uses the kernel's loop).

    Attributes
    ----------
    widget
        The line "Refreshing every [30 s] · Pause" to place on the page.
    """

    def __init__(
        self,
        refresh: Callable[[], None],
        *,
        every: int = REFRESH_EVERY_S,
        schedule: Schedule = _loop_schedule,
    ) -> None:
        self._refresh = refresh
        self._schedule = schedule
        self._handle: Handle | None = None
        self.started = False
        self.paused = False
        self.w_label = widgets.HTML()
        self.w_label.add_class("nw-refresh-label")
        self.w_every = widgets.Dropdown(
            options=INTERVALS_S,
            value=every,
            layout=shared_layout(width="6.5em"),
        )
        self.w_every.add_class("nw-refresh-every")
        self.w_every.observe(self._on_every, "value")
        self.w_toggle = widgets.Button(
            description="Pause", icon="pause", layout=shared_layout(width="auto")
        )
        self.w_toggle.add_class("nw-refresh-toggle")
        self.w_toggle.on_click(self._on_toggle)
        self.widget = widgets.HBox([self.w_label, self.w_every, self.w_toggle])
        self.widget.add_class("nw-auto-refresh")
        self._draw()

    @property
    def every(self) -> int:
        """Seconds between two refreshes."""
        return int(self.w_every.value)

    def start(self) -> None:
        """Begin refreshing every :attr:`every` seconds (a workshop was just opened)."""
        self.started = True
        if not self.paused:
            self._arm()
        self._draw()

    def pause(self) -> None:
        """Stop refreshing until :meth:`resume`."""
        self.paused = True
        self._disarm()
        self._draw()

    def resume(self) -> None:
        """Refresh now, then every :attr:`every` seconds again."""
        self.paused = False
        self._draw()
        if self.started:
            self._refresh()
            self._arm()

    def close(self) -> None:
        """Stop for good (the page is going away)."""
        self.started = False
        self._disarm()

    def _arm(self) -> None:
        self._disarm()
        self._handle = self._schedule(float(self.every), self._on_timer)

    def _disarm(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
        self._handle = None

    def _on_timer(self) -> None:
        self._handle = None
        if self.paused or not self.started:
            return
        try:
            self._refresh()
        finally:
            # A refresh that failed must not end the refreshing: the next one may succeed.
            if not self.paused and self.started:
                self._arm()

    def _on_every(self, _change: dict[str, Any]) -> None:
        if self.started and not self.paused:
            self._arm()  # the next refresh follows the new interval from now
        self._draw()

    def _on_toggle(self, _button: widgets.Button) -> None:
        if self.paused:
            self.resume()
        else:
            self.pause()

    def _draw(self) -> None:
        if self.paused:
            self.w_label.value = "<span class='nw-who'>Refreshing paused</span>"
            self.w_toggle.description, self.w_toggle.icon = "Resume", "play"
        else:
            self.w_label.value = "<span class='nw-who'>Refreshing every</span>"
            self.w_toggle.description, self.w_toggle.icon = "Pause", "pause"
        set_display(self.w_every, not self.paused)
