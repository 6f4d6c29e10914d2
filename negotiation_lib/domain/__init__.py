"""The domain layer: the case model and every formula, as pure functions.

Nothing here imports widgets or plotting; the worksheets and figures are built on top.
"""
