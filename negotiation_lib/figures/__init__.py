"""Plotly figures of the three worksheets, built from domain results.

One module per worksheet (:mod:`.value_proposition`, :mod:`.transparent_economics`,
:mod:`.win_win`) and one shared look (:mod:`.style`). Every function takes domain results (and
the case's inputs for labels) and returns a :class:`plotly.graph_objects.Figure`; none computes
a number the domain layer owns, writes numbers with :mod:`negotiation_lib.formatting`, and
escapes every user-typed string with :func:`negotiation_lib.formatting.escape` (also
``style.safe``) before plotly can read it as markup.
"""

from importlib import import_module
from typing import Any

_HOMES = {
    "base_layout": "style",
    "safe": "style",
    "deal_rooms_chart": "deal_rooms",
    "monte_carlo_bands": "transparent_economics",
    "npv_curves": "transparent_economics",
    "price_waterfall": "transparent_economics",
    "tornado": "transparent_economics",
    "value_split": "transparent_economics",
    "zopa_band": "transparent_economics",
    "eve_waterfall": "value_proposition",
    "moves_map": "value_proposition",
    "strategic_fit_chart": "value_proposition",
    "pareto_scatter": "win_win",
    "style_profile": "win_win",
    "trust_factors": "win_win",
}
"""Where each figure function lives. They are imported when first asked for, not with the
package: a page imports only its own worksheet's figures (and plotly only when it draws)."""


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "base_layout",
    "deal_rooms_chart",
    "eve_waterfall",
    "monte_carlo_bands",
    "moves_map",
    "npv_curves",
    "pareto_scatter",
    "price_waterfall",
    "safe",
    "strategic_fit_chart",
    "style_profile",
    "tornado",
    "trust_factors",
    "value_split",
    "zopa_band",
]
