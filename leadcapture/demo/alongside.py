"""Generating demo bundles in a second process while this one writes them.

Generating a visitor is pure Python; writing it is mostly the database's work. In one process the
two take turns on one core; here a forked child runs ``generate`` and hands batches of bundles
over a bounded queue, so the generator and the database each get a core. The bundles arrive in
the order ``generate`` makes them: the same seed still gives the same traffic.

Fork, not spawn: the child inherits the options as they are (the impact table and the rules
hold functions, which do not pickle) and never touches the parent's database connections.
"""

import multiprocessing
import queue
import traceback
from collections.abc import Iterator

from leadcapture.demo.generator import Bundle, DemoOptions, generate

BATCH_BUNDLES = 200
# At most this many batches wait for the writer: the memory stays bounded when writing is slower.
QUEUED_BATCHES = 16
# How often the writer looks whether a silent generator was killed (out of memory, by a person).
POLL_SECONDS = 1.0


class GeneratorFailed(RuntimeError):
    """The generating process raised or died; the message holds its traceback or exit code."""


def generate_alongside(options: DemoOptions) -> Iterator[Bundle]:
    """``generate(options)``'s bundles, made by a child process while the caller consumes them."""
    context = multiprocessing.get_context("fork")
    batches = context.Queue(QUEUED_BATCHES)
    child = context.Process(target=_produce, args=(options, batches), name="demo-generator", daemon=True)
    child.start()
    try:
        while (batch := _next_batch(batches, child)) is not None:
            yield from batch
    finally:
        if child.is_alive():  # the caller stopped early (or failed): the rest is not wanted
            child.kill()
        child.join()


def _produce(options: DemoOptions, batches: multiprocessing.Queue) -> None:
    try:
        batch: list[Bundle] = []
        for bundle in generate(options):
            batch.append(bundle)
            if len(batch) == BATCH_BUNDLES:
                batches.put(batch)
                batch = []
        if batch:
            batches.put(batch)
        batches.put(None)
    except BaseException:  # noqa: BLE001 - every failure is handed to the writer, which raises it
        batches.put(traceback.format_exc())


def _next_batch(batches: multiprocessing.Queue, child: multiprocessing.Process) -> list[Bundle] | None:
    while True:
        try:
            batch = batches.get(timeout=POLL_SECONDS)
        except queue.Empty:
            # Exit code 0: it ended after flushing its last batch into the pipe; read on.
            if child.exitcode not in (None, 0):
                raise GeneratorFailed(f"The demo generator stopped (exit code {child.exitcode})") from None
            continue
        if isinstance(batch, str):
            raise GeneratorFailed(f"The demo generator failed:\n{batch}")
        return batch
