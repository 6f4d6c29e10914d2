"""A kernel started for a page request loads only what the page needs.

Without preheating, Voila starts a kernel when the visitor asks for the page, and everything
the kernel imports is time the visitor waits. Two imports were found costing a cold worksheet
page seconds on a 2-core machine, for nothing it shows: Voila's server side (about 1.9 s, when
the query string was read through Voila's helper) and pandas (about 0.4 s, loaded by modules
that build tables only when asked). Each page is opened here in a fresh interpreter, with the
environment Voila gives a kernel it starts for a request.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_OPEN = """
import json, sys
from negotiation_lib.worksheets.app import open_worksheet
from tests.worksheets.helpers import html_of
page = open_worksheet(sys.argv[1])
heavy = sorted(m for m in ("voila", "jupyter_server", "pandas") if m in sys.modules)
print(json.dumps({"heavy": heavy, "swift": "SwiftFreight" in html_of(page)}))
"""


@pytest.mark.parametrize("kind", ["value_proposition", "transparent_economics", "win_win"])
def test_a_kernel_started_for_the_request_reads_the_query_without_voila_or_pandas(
    kind: str,
) -> None:
    env = {
        **os.environ,
        "VOILA_PREHEAT": "False",  # as Voila sets it for a kernel started for a request
        "QUERY_STRING": "case=swiftfreight_helios",
    }
    done = subprocess.run(
        [sys.executable, "-c", _OPEN, kind],
        env=env,
        cwd=Path(__file__).parents[2],  # the checkout, so `tests` imports
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"heavy": [], "swift": True}
