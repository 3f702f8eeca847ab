"""Pausing Python's cyclic garbage collector around short bursts of
allocation.

Reading a record of a hundred measures (``source.py``) or resolving a
page's records views (``records/views.py``) makes tens of thousands of
small objects in a few milliseconds, nearly all of them garbage a moment
later and freed by reference counting. With the collector running, those
that happen to be alive at a young collection are promoted, and promoted
objects count towards the next *full* collection, which walks every
object of the build (the environment, the index, the search index: some
300,000 objects, a few tenths of a second each time). Measured on the
records benchmark (``benchmarks/README.md``, step 7), pausing the
collector for these bursts halves the collection time the records add.

The pause is local and always undone: the collector's state is restored
when the block ends, also on an exception, and a block inside another
leaves it to the outer one. Nothing is collected late: cyclic garbage made
during a pause is found by the next collection, as it would have been.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Run the block with the cyclic garbage collector paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
