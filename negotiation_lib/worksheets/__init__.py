"""The worksheets: widget views of a case, one module per worksheet, shared parts beside them.

``document`` holds the case being edited; ``fields`` the input widgets bound to it; ``page``
the chrome every worksheet shares; ``value_proposition``, ``transparent_economics`` and
``win_win`` the three worksheets; ``home`` the landing page.
"""
