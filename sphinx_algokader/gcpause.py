"""Keeping Python's cyclic garbage collector to what a build makes anew:
paused around short bursts of allocation, and kept off what lives for the
whole build once the pages are read.

**Pausing.**

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

**Freezing.** What a build holds once its pages are read (the environment,
the index, the records and their assessments) lives until the build ends,
yet every full collection of the write phase walks all of it again, two or
three times per build. ``setup`` freezes it (``gc.freeze``: the objects the
collector tracks move to its permanent generation, which no collection
walks) when the environment is updated and again when writing starts, and
unfreezes it when the build finishes, also after an error. Objects are
still freed by reference counting; only cyclic garbage among them waits
for the unfreeze, and a read environment makes next to none. Measured on
the records benchmark: a third less collection time for the handbook
without records, two fifths less for the one with them, whose records
then add next to none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sphinx.application import Sphinx


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


def _freeze(*args: Any) -> None:
    gc.freeze()


def _unfreeze(app: Sphinx, exception: Exception | None) -> None:
    gc.unfreeze()


def setup(app: Sphinx) -> None:
    # after the other handlers of env-updated (they build what the write
    # phase reads), and once more when writing starts (the consistency
    # checks have built the records' assessments by then)
    app.connect("env-updated", _freeze, priority=900)
    app.connect("write-started", _freeze)
    app.connect("build-finished", _unfreeze)
