"""Score points of a numeric issue, as a trainee types them: ``300:0, 320:100``.

A party scores a numeric issue with points ``[value, score]`` joined by straight lines
(:mod:`negotiation_lib.domain.win_win`); the worksheet shows them as one line of text and reads
them back, with a sentence for the trainee when the text cannot be read.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

__all__ = ["as_number", "format_points", "parse_points"]


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


def parse_points(text: str) -> list[list[float | int]] | None:
    """Read the score points of a numeric issue, typed as ``value:score`` pairs.

    Points are separated by commas or semicolons; they are sorted by value. Empty text
    means "no points" (None). Raises ValueError with a message for the trainee otherwise.

    Examples
    --------
    >>> parse_points("300:0, 320:100")
    [[300, 0], [320, 100]]
    >>> parse_points("")
    >>> parse_points("300-0")
    Traceback (most recent call last):
    ...
    ValueError: Write each point as value:score, for example 300:0, 320:100 (cannot read '300-0').
    """
    parts = [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if not parts:
        return None
    points: list[list[float | int]] = []
    for part in parts:
        bits = part.split(":")
        try:
            if len(bits) != 2:
                raise ValueError(part)
            x, s = as_number(bits[0]), as_number(bits[1])
        except ValueError:
            raise ValueError(
                "Write each point as value:score, for example 300:0, 320:100 "
                f"(cannot read {part[:30]!r})."
            ) from None
        if not 0 <= s <= 100:
            raise ValueError(f"A score must be from 0 to 100 (the point at {x:g} has {s:g}).")
        points.append([x, s])
    points.sort(key=lambda p: p[0])
    for a, b in itertools.pairwise(points):
        if a[0] == b[0]:
            raise ValueError(f"Two points have the value {a[0]:g}: give each value once.")
    return points


def format_points(value: Any) -> str:
    """Show stored score points as the trainee types them (``300:0, 320:100``).

    Examples
    --------
    >>> format_points([[300, 0], [320.5, 100.0]])
    '300:0, 320.5:100'
    """
    if not isinstance(value, list | tuple):
        return ""
    shown = []
    for p in value:
        if isinstance(p, list | tuple) and len(p) == 2:
            shown.append(":".join(f"{v:g}" if isinstance(v, float) else str(v) for v in p))
    return ", ".join(shown)
