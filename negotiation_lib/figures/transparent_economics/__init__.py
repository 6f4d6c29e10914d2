"""Charts of the transparent-economics worksheet: the open book, drawn.

Price waterfall, zone of possible agreement and value split (:mod:`.price`); the relationship
projected over many repetitions, fair deal against tough deal, and both NPVs across the zone of
possible agreement (:mod:`.projection`); its two Monte Carlo views and the sensitivity tornado
(:mod:`.uncertainty`). Each function takes domain results and returns a
:class:`plotly.graph_objects.Figure`; nothing here computes a number the domain layer owns.
"""

from negotiation_lib.figures.transparent_economics.price import (
    price_waterfall,
    value_split,
    zopa_band,
)
from negotiation_lib.figures.transparent_economics.projection import npv_by_price, npv_curves
from negotiation_lib.figures.transparent_economics.uncertainty import monte_carlo_bands, tornado

__all__ = [
    "monte_carlo_bands",
    "npv_by_price",
    "npv_curves",
    "price_waterfall",
    "tornado",
    "value_split",
    "zopa_band",
]
