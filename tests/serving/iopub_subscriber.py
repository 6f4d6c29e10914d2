"""A subscriber to a kernel's IOPub channel, run as its own process by test_iopub_burst.

Usage: ``python -m tests.serving.iopub_subscriber CONNECTION_FILE``. It subscribes with an
unbounded queue (as the server does), prints ``ready``, then counts the ``comm_open`` messages
that reach it until none arrived for two seconds, and prints the count. The test stops this
process (SIGSTOP) while the kernel publishes: a subscriber that reads nothing, as a server
starved of CPU does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import zmq


def main(connection_file: str) -> None:
    """Subscribe, say ready, count ``comm_open`` messages until two quiet seconds."""
    info = json.loads(Path(connection_file).read_text())
    address = (
        f"ipc://{info['ip']}-{info['iopub_port']}"
        if info["transport"] == "ipc"
        else f"tcp://{info['ip']}:{info['iopub_port']}"
    )
    context = zmq.Context()
    socket = context.socket(zmq.SUB)
    socket.setsockopt(zmq.RCVHWM, 0)
    socket.setsockopt(zmq.SUBSCRIBE, b"")
    socket.connect(address)
    print("ready", flush=True)
    sys.stdin.readline()  # the test says when to start counting
    opened = 0
    while socket.poll(2000):
        parts = socket.recv_multipart()
        delimiter = parts.index(b"<IDS|MSG>")
        if json.loads(parts[delimiter + 2])["msg_type"] == "comm_open":
            opened += 1
    print(opened, flush=True)
    socket.close(linger=0)
    context.term()


if __name__ == "__main__":
    main(sys.argv[1])
