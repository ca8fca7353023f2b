"""Servers and commands a test starts itself, on 127.0.0.1: a free port, and stopping what it started."""

import socket
import subprocess


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop ``proc`` if it still runs: SIGTERM, then SIGKILL if it has not exited within ``timeout``
    seconds; its pipes are drained, so a process blocked writing to a full pipe cannot hang the test."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
