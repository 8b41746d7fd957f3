"""Work in forked child processes that report back to this one, for bulk jobs whose steps would
otherwise take turns on one core (the demo generator and its writer, the roll-ups after a load).

Each child runs ``target(send)``; what it sends arrives here in the order it sent it, through one
bounded queue (a child waits when this process reads slower). A child that raises, or dies
without a word (killed, out of memory), is an error here, never a hang or a silent stop.

Fork, not spawn: a child inherits what this process holds (the app, options that hold functions
and do not pickle). A child that uses the database calls ``own_connections`` first.
"""

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Iterator

from leadcapture.extensions import db

Send = Callable[[object], None]
QUEUED_MESSAGES = 16
# How often this process looks whether a silent child was killed.
POLL_SECONDS = 1.0
_MESSAGE, _DONE, _FAILED = "message", "done", "failed"


class ChildFailed(RuntimeError):
    """A child raised or died; the message holds its traceback or exit code."""


def run_forked(targets: list[Callable[[Send], None]], name: str) -> Iterator[tuple[int, object]]:
    """Start a forked child per target and yield ``(target's index, message)`` for what each
    sends, until every child has ended. Closing the iterator early kills the children."""
    context = multiprocessing.get_context("fork")
    messages = context.Queue(QUEUED_MESSAGES)
    children = [
        context.Process(target=_child, args=(index, target, messages), name=f"{name}-{index}", daemon=True)
        for index, target in enumerate(targets)
    ]
    for child in children:
        child.start()
    running = set(range(len(children)))
    try:
        while running:
            try:
                index, kind, message = messages.get(timeout=POLL_SECONDS)
            except queue.Empty:
                _raise_if_killed(children, running)
                continue
            if kind == _FAILED:
                raise ChildFailed(f"{children[index].name} failed:\n{message}")
            if kind == _DONE:
                running.discard(index)
            else:
                yield index, message
    finally:
        for child in children:
            if child.is_alive():  # the caller stopped early, or another child failed
                child.kill()
            child.join()


def _child(index: int, target: Callable[[Send], None], messages: multiprocessing.Queue) -> None:
    try:
        target(lambda message: messages.put((index, _MESSAGE, message)))
        messages.put((index, _DONE, None))
    except BaseException:  # noqa: BLE001 - every failure is handed to the parent, which raises it
        messages.put((index, _FAILED, traceback.format_exc()))


def _raise_if_killed(children: list[multiprocessing.Process], running: set[int]) -> None:
    # Exit code 0: the child ended after flushing its last messages into the pipe; read on.
    for index in running:
        if children[index].exitcode not in (None, 0):
            raise ChildFailed(f"{children[index].name} stopped (exit code {children[index].exitcode})")


def own_connections() -> None:
    """In a forked child that uses the database: leave the parent's pooled connections to it (not
    closed: the parent still uses them) and open new ones."""
    db.engine.dispose(close=False)
