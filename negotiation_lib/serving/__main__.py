"""``python -m negotiation_lib.serving <Voila's options>``: the server of ``serve``.

Importing Voila takes seconds on a busy machine; a Ctrl-C meanwhile ends the process with
exit code 130 and no traceback, like one that arrives later (:mod:`.run`).
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # pragma: no cover - the server process's entry point
    try:
        from negotiation_lib.serving.run import EXIT_INTERRUPTED, main
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    try:
        code = main(sys.argv[1:])
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    raise SystemExit(code)
