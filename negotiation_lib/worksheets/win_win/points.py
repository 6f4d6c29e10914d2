"""Reading a number typed as an option's name, when an options issue turns numeric.

(Score points are edited as a table: :mod:`~negotiation_lib.worksheets.win_win.scores`.)
"""

from __future__ import annotations

__all__ = ["as_number"]


def as_number(text: str) -> float | int:
    """Read a typed number (spaces allowed as thousands separators); an int when whole.

    Raises
    ------
    ValueError
        When the text is not a finite number.

    Examples
    --------
    >>> as_number(" 12 500 "), as_number("2.5")
    (12500, 2.5)
    """
    value = float(text.strip().replace("\u00a0", "").replace(" ", ""))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("not finite")
    return int(value) if value.is_integer() else value
