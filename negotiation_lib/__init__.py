"""Negotiation Workbook: the analytics, worksheets and tools behind the workbook.

The formulas live in :mod:`negotiation_lib.domain`; :mod:`negotiation_lib.report` computes
every figure of a case at once; :mod:`negotiation_lib.datasets` loads the sample cases.
"""

__version__ = "0.1.0"
