"""Plotly figures of the three worksheets, built from domain results.

One module per worksheet (:mod:`.value_proposition`, :mod:`.transparent_economics`,
:mod:`.win_win`) and one shared look (:mod:`.style`). Every function takes domain results (and
the case's inputs for labels) and returns a :class:`plotly.graph_objects.Figure`; none computes
a number the domain layer owns, writes numbers with :mod:`negotiation_lib.formatting`, and
escapes every user-typed string with :func:`negotiation_lib.formatting.escape` (also
``style.safe``) before plotly can read it as markup.
"""

from negotiation_lib.figures.style import base_layout, safe
from negotiation_lib.figures.transparent_economics import (
    monte_carlo_bands,
    npv_curves,
    price_waterfall,
    tornado,
    value_split,
    zopa_band,
)
from negotiation_lib.figures.value_proposition import eve_waterfall, moves_map, strategic_fit_chart
from negotiation_lib.figures.win_win import pareto_scatter, style_profile, trust_factors

__all__ = [
    "base_layout",
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
