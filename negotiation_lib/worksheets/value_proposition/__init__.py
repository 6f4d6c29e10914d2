"""Worksheet 1, the value proposition: strategic fit, the team's questions, moves, and value.

Strategy comes first: which of the seller's priorities the deal serves, what the team does
well and must improve, and which moves the customer will reward and competitors punish. Then
the value itself, monetized against the customer's next-best alternative.

The results (:mod:`.model`), the page's words (:mod:`.text`), its list editors
(:mod:`.editors`) and the page itself (:mod:`.view`).
"""

from negotiation_lib.worksheets.value_proposition.model import ValuePropositionResults, compute
from negotiation_lib.worksheets.value_proposition.view import ValuePropositionWorksheet

__all__ = ["ValuePropositionResults", "ValuePropositionWorksheet", "compute"]
