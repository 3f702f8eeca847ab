"""One phase of a build, on its own, to be counted under valgrind.

A whole build's instruction count (``run.py --records-instructions``) says
how much the records add, not where. This runs one phase of a build of a
handbook, so that counting two handbooks (or one with a part switched off)
tells that phase's share:

    valgrind --tool=cachegrind --cache-sim=no \\
        python benchmarks/phases.py read SRC OUT
    python -m sphinx -b html -j 1 SRC OUT             # once, for the next two
    valgrind --tool=cachegrind --cache-sim=no \\
        python benchmarks/phases.py load SRC OUT
    valgrind --tool=cachegrind --cache-sim=no \\
        python benchmarks/phases.py write SRC OUT --pages algoritmen/

``read`` is a fresh HTML build that stops when the pages are read
(``env-updated``); ``load`` loads the environment that a full build left
in OUT, runs the consistency checks and prepares writing, and writes no
page; ``write`` does the same and writes the pages whose docnames start
with ``--pages``. So ``write`` minus ``load`` is what writing those pages
costs, and ``load`` of the records handbook minus ``load`` of its
baseline what the records add to the checks (with their warnings). What
Sphinx does between reading and the checks (``env-get-updated``: the
pages' fingerprints; pickling the environment) is in no phase: it is what
a whole build's count has beyond the three.

``--opcodes FILE`` counts, instead, the Python bytecode instructions each
function runs in the phase (from when Sphinx is set up; ``sys.settrace``
with opcode events: some fifty times slower, and deterministic): ``FILE``
gets one line per function, the most first. Counting a phase of two
handbooks and comparing the files by function tells which of the
extension's functions make a difference that valgrind sees only as "the
interpreter" (``benchmarks/README.md``, step 7).

``--off`` switches a part of the extension's output off, by patching it
in this process only (a measurement, never a configuration): ``rows`` (the
HTML of the tables' rows), ``filters`` (the records views' HTML filters,
their data and download links; the framework's lists keep theirs),
``downloads`` (``algokader_downloads = []``),
``views`` (every records view resolved to nothing).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import Any

SWITCHES = ("rows", "filters", "downloads", "views")


def _count_opcodes(path: str) -> None:
    """Count each function's bytecode instructions from here on, and write
    them to ``path`` when the process ends (also by ``os._exit``)."""
    import atexit
    from collections import Counter
    from types import CodeType, FrameType

    counts: Counter[CodeType] = Counter()

    def opcode(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "opcode":
            counts[frame.f_code] += 1
        return opcode

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        frame.f_trace_opcodes = True
        return opcode

    def write() -> None:
        sys.settrace(None)
        lines = sorted(((n, f"{code.co_filename}:{code.co_firstlineno} {code.co_name}")
                        for code, n in counts.items()), reverse=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write(f"{sum(counts.values())} TOTAL\n")
            out.writelines(f"{n} {name}\n" for n, name in lines)

    atexit.register(write)
    exit_now = os._exit

    def exit_written(code: int) -> None:  # (``read`` ends so)
        write()
        exit_now(code)

    os._exit = exit_written  # type: ignore[assignment]
    sys.settrace(call)


def _switch_off(parts: set[str]) -> dict[str, Any]:
    """Patch the parts off; the configuration overrides they need."""
    overrides: dict[str, Any] = {}
    if "rows" in parts:
        from sphinx_algokader import table
        table._write_rows = lambda translator, node, out: None
    if "filters" in parts:
        from sphinx_algokader import interactive
        interactive._interactive_view = lambda *args: None
    if "downloads" in parts:
        overrides["algokader_downloads"] = []
    if "views" in parts:
        from sphinx_algokader.records import views

        def nothing(transform: Any, placeholders: list[Any]) -> None:
            for node in placeholders:
                node.replace_self([])
        views.ResolveViews.resolve = nothing
    return overrides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=("read", "load", "write"))
    parser.add_argument("src")
    parser.add_argument("out")
    parser.add_argument("--pages", default="", help="write the pages whose docnames start so")
    parser.add_argument("--off", default="", help=f"comma-separated: {', '.join(SWITCHES)}")
    parser.add_argument("--opcodes", metavar="FILE",
                        help="count each function's bytecode instructions into FILE")
    args = parser.parse_args()
    parts = {p for p in args.off.split(",") if p}
    if parts - set(SWITCHES):
        parser.error(f"--off takes {', '.join(SWITCHES)}")
    overrides = _switch_off(parts)

    from sphinx.application import Sphinx
    from sphinx.util.build_phase import BuildPhase
    from sphinx.util.docutils import docutils_namespace
    from sphinx.util.parallel import SerialTasks

    doctrees = os.path.join(args.out, ".doctrees")
    with docutils_namespace():
        if args.phase == "read":
            app = Sphinx(args.src, args.src, args.out, doctrees, "html", status=None,
                         warning=io.StringIO(), freshenv=True, parallel=1,
                         confoverrides=overrides)

            def stop(*_: Any) -> None:  # the pages are read: that is the phase
                sys.stdout.flush()
                os._exit(0)

            app.connect("env-updated", stop, priority=999)
            if args.opcodes:
                _count_opcodes(args.opcodes)
            app.build(force_all=True)
            return
        app = Sphinx(args.src, args.src, args.out, doctrees, "html", status=None,
                     warning=io.StringIO(), freshenv=False, parallel=1,
                     confoverrides=overrides)
        builder = app.builder
        if args.opcodes:
            _count_opcodes(args.opcodes)
        app.env.find_files(app.config, builder)
        builder.phase = BuildPhase.CONSISTENCY_CHECK
        app.env.check_consistency()
        builder.phase = BuildPhase.RESOLVING
        builder.parallel_ok = False
        builder.finish_tasks = SerialTasks()
        pages = (sorted(d for d in app.env.all_docs if d.startswith(args.pages))
                 if args.phase == "write" else [])
        builder.write(pages, [], "specific")


if __name__ == "__main__":
    main()
