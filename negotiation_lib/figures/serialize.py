"""A figure written as the JSON plotly.js draws, without plotly's defensive copies.

Every chart on a page is sent to the browser as JSON each time its figure changes: on the
economics worksheet, up to nine of them a keystroke. ``Figure.to_json`` first copies the whole
figure (``copy.deepcopy`` of its data and layout), then walks the copy asking of every value
whether it is an array (looking numpy and pandas up again for each), and only then writes it:
over half the kernel's time for a keystroke there. :func:`figure_json` writes the same text
from the figure's own data, copying only the containers on the way and turning each numpy
array into plotly.js's typed-array form as ``to_json`` does. The text is the same, character
for character (``tests/figures/test_serialize.py`` compares the two on every chart of the
worksheets), and it is as safe inside a ``<script>``: ``<``, ``>`` and ``/`` are escaped.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.utils import PlotlyJSONEncoder, to_typed_array_spec

__all__ = ["figure_json"]

_KEPT_AS_ARRAYS = frozenset({"geojson", "layer", "layers", "range"})
"""Keys whose arrays plotly leaves as plain lists (plotly.js reads them as such)."""

_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"))
"""What plotly escapes in its JSON so that the text can sit inside an HTML script."""


_SCALARS = frozenset({str, float, int, bool, type(None)})
"""Plain values written as they are (exact types: a subclass takes the slower, general path)."""


def _plain(value: Any) -> Any:
    """``value`` with its containers copied and its arrays in typed-array form."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, dict):
        return {
            key: item if key in _KEPT_AS_ARRAYS else _plain(item) for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        # Most lists of a chart are labels or hover texts: copied at once, not item by item.
        if all(type(item) in _SCALARS for item in value):
            return list(value)
        return [_plain(item) for item in value]
    if isinstance(value, np.ndarray) or _is_pandas_array(value):
        return to_typed_array_spec(value)
    return value


def _is_pandas_array(value: Any) -> bool:
    """Whether ``value`` is a pandas Series or Index, without importing pandas.

    A page that never loaded pandas holds none (pandas costs a cold kernel 0.4 s to import).
    """
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(value, (pd.Series, pd.Index))


def figure_json(figure: go.Figure) -> str:
    """The JSON of ``figure`` as ``figure.to_json()`` writes it, at a fraction of its cost.

    Trace ids are left out, as ``to_json`` leaves them out; a figure with animation frames is
    handed to ``to_json`` itself (no page draws one).

    Parameters
    ----------
    figure
        A plotly figure, checked or not.

    Returns
    -------
    str
        Compact JSON, ``<``, ``>`` and ``/`` escaped, numpy arrays as ``{"dtype", "bdata"}``.

    Examples
    --------
    >>> fig = go.Figure({"data": [{"type": "bar", "x": ["a</b>"], "y": np.array([1.5])}]})
    >>> figure_json(fig) == fig.to_json()
    True
    """
    # The figure's own data and layout (plain dicts), read without plotly's deep copy: nothing
    # here changes them, and ``_plain`` copies every container it passes through.
    if figure._frame_objs:
        return str(figure.to_json())
    traces = [_plain(trace) for trace in figure._data]
    for trace in traces:
        trace.pop("uid", None)
    spec = {"data": traces, "layout": _plain(figure._layout)}
    text = json.dumps(spec, cls=PlotlyJSONEncoder, separators=(",", ":"))
    for unsafe, safe in _ESCAPES:
        text = text.replace(unsafe, safe)
    return text
