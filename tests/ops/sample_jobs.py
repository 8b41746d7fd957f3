"""Jobs for the operations tests."""

import threading

WAIT_SECONDS = 30


def hold(started: threading.Event, release: threading.Event) -> None:
    """Tell ``started``, then hold the runner until ``release`` is set."""
    started.set()
    if not release.wait(WAIT_SECONDS):
        raise RuntimeError("never released")
