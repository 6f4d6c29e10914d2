"""Which parts of a page to draw again after a change: only those whose inputs changed.

A page keeps its last :class:`~negotiation_lib.assessment.CaseAssessment` and passes it as
``previous`` to the next one, which hands back every result whose inputs did not change as
the very same object. :class:`Redraws` remembers what each part of the page (a chart, a
table, a row of tiles) was drawn from, so a keystroke redraws only what it really changed.
"""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["Redraws", "same_inputs"]


def same_inputs(a: object, b: object) -> bool:
    """Whether a part of the page was drawn from these inputs already.

    Results compare by identity: the assessment hands back the very same object when a
    result's inputs did not change, and a new one otherwise (comparing results by value
    would cost as much as the drawing it saves, and their arrays have no truth value).
    Plain values and case sections, the inputs themselves, compare by value.

    Examples
    --------
    >>> same_inputs(("EUR", 3), ("EUR", 3)), same_inputs(("EUR",), ("USD",))
    (True, False)
    >>> result = object()
    >>> same_inputs((result,), (result,)), same_inputs((object(),), (object(),))
    (True, False)
    """
    if a is b:
        return True
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same_inputs(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str | int | float | BaseModel) and type(a) is type(b):
        return a == b
    return False


class Redraws:
    """What each part of a page was last drawn from.

    Examples
    --------
    >>> r = Redraws()
    >>> r.due("chart", "EUR"), r.due("chart", "EUR"), r.due("chart", "USD")
    (True, False, True)
    >>> r.forget()
    >>> r.due("chart", "USD")
    True
    """

    def __init__(self) -> None:
        self._drawn: dict[str, tuple[object, ...]] = {}

    def due(self, part: str, *inputs: object) -> bool:
        """Whether ``part`` must be drawn (again) from ``inputs``; if so, note that it is.

        The caller draws the part whenever this answers True.
        """
        before = self._drawn.get(part)
        if before is not None and same_inputs(before, inputs):
            return False
        self._drawn[part] = inputs
        return True

    def forget(self, part: str | None = None) -> None:
        """Draw ``part`` (or every part) again next time, e.g. after it was blanked."""
        if part is None:
            self._drawn.clear()
        else:
            self._drawn.pop(part, None)
