"""Ctrl-C at safe points: a block during which SIGINT waits.

``provenance ingest`` stops on Ctrl-C with every stored article whole and
counted. A KeyboardInterrupt can land anywhere, though: between an article's
write and its count (the run row was then one article short), or inside a
Dask client call (whose event loop thread then logs a traceback). Such steps
run inside :func:`deferred`; the interrupt is raised as the block ends.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """SIGINT received while the block runs raises KeyboardInterrupt once it has ended (in place of
    the block's own exception, if it raised one: the user asked to stop). Does nothing
    outside the main thread, or where SIGINT is not Python's KeyboardInterrupt (ignored, or handled
    by the caller)."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if caught:  # also when the block failed: the user asked to stop
            raise KeyboardInterrupt
