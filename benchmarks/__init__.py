"""Benchmarks of the Negotiation Workbook: `python -m benchmarks` (or `make bench`).

Speed and memory targets are measured here, never asserted by timed tests. Each run writes a
Markdown table of medians and 95th percentiles next to the target, with the machine, the
versions and the date, so the figures in ``benchmarks/RESULTS.md`` can be reproduced.
"""
