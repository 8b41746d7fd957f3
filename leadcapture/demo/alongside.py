"""Generating demo bundles in a second process while this one writes them.

Generating a visitor is pure Python; writing it is mostly the database's work. In one process the
two take turns on one core; here a forked child (``leadcapture.forked``) runs ``generate`` and
sends batches of bundles, so the generator and the database each get a core. The bundles arrive
in the order ``generate`` makes them: the same seed still gives the same traffic.
"""

from collections.abc import Iterator
from functools import partial

from leadcapture.demo.generator import Bundle, DemoOptions, generate
from leadcapture.forked import Send, run_forked

BATCH_BUNDLES = 200


def generate_alongside(options: DemoOptions) -> Iterator[Bundle]:
    """``generate(options)``'s bundles, made by a child process while the caller consumes them."""
    for _child, batch in run_forked([partial(_produce, options)], name="demo-generator"):
        yield from batch


def _produce(options: DemoOptions, send: Send) -> None:
    batch: list[Bundle] = []
    for bundle in generate(options):
        batch.append(bundle)
        if len(batch) == BATCH_BUNDLES:
            send(batch)
            batch = []
    if batch:
        send(batch)
