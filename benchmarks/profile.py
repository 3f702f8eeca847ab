"""Where the time of a build with the extension goes, against the floor.

    /tmp/bench-venv/bin/python benchmarks/profile.py -n 400 -l 40 --workdir /tmp/akprof

generates the algokader and floor variants, builds each once under cProfile
(``-j 1``) and prints, for both and for the difference, the time of the
build's phases: reading, the extension's own code (every function of
``sphinx_algokader`` called from outside it), the post-transforms, writing
HTML, the search index, and page rendering. Shares are of the profiled
total (CPU time of the process); cProfile slows everything down, so compare
shares, not seconds.
``--prof-dir`` analyses existing ``algokader.prof``/``floor.prof`` instead.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: phase -> (file fragment, function name) whose cumulative time it is
PHASES = {
    "read (parse, transforms, pickle)": ("sphinx/builders/__init__.py", "read"),
    "write (all)": ("sphinx/builders/__init__.py", "write"),
    "  post-transforms (all)": ("sphinx/environment/__init__.py", "apply_post_transforms"),
    "    ReferencesResolver (and the other post-transforms of that module)":
        ("sphinx/transforms/post_transforms/__init__.py", "run"),
    "    HighlightLanguage/TrimDoctestFlags (tree walks)":
        ("sphinx/transforms/post_transforms/code.py", "apply"),
    "  HTML translation (write_doc)": ("sphinx/builders/html/__init__.py", "write_doc"),
    "  search index (IndexBuilder.feed)": ("sphinx/search/__init__.py", "feed"),
    "  page rendering (handle_page)": ("sphinx/builders/html/__init__.py", "handle_page"),
}


PROFILE = """\
import cProfile, sys, time
from sphinx.cmd.build import main
prof = cProfile.Profile(time.process_time)
out, argv = sys.argv[1], sys.argv[2:]
status = prof.runcall(main, argv)
prof.dump_stats(out)
sys.exit(status)
"""


def cumulative(stats: pstats.Stats, fragment: str, name: str) -> float:
    total = 0.0
    for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if func == name and filename.replace("\\", "/").endswith(fragment):
            total += ct
    return total


def package_time(stats: pstats.Stats, package: str = "sphinx_algokader") -> dict[str, float]:
    """Time in the package's functions called from outside it, by function."""
    out: dict[str, float] = {}
    for (filename, line, func), (_cc, _nc, _tt, _ct, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if package not in filename:
            continue
        outside = sum(c[3] for caller, c in callers.items() if package not in caller[0])
        if outside > 0.001:
            key = f"{Path(filename).name}:{func}"
            out[key] = out.get(key, 0.0) + outside
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def top_functions(stats: pstats.Stats, package: str, n: int = 12) -> list[tuple[str, float, float]]:
    rows = []
    for (filename, _line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if package in filename:
            rows.append((f"{Path(filename).name}:{func}", tt, ct))
    return sorted(rows, key=lambda r: -r[2])[:n]


def analyse(prof_dir: Path) -> str:
    stats = {v: pstats.Stats(str(prof_dir / f"{v}.prof")) for v in ("algokader", "floor")}
    totals = {v: s.total_tt for v, s in stats.items()}  # type: ignore[attr-defined]
    lines = ["| phase | algokader | floor | difference | share of the difference |",
             "|---|---|---|---|---|"]
    diff_total = totals["algokader"] - totals["floor"]

    def row(name: str, a: float, f: float) -> None:
        d = a - f
        lines.append(f"| {name} | {a / totals['algokader']:.0%} | {f / totals['floor']:.0%} | "
                     f"{d / totals['floor']:+.0%} of floor | "
                     f"{d / diff_total:.0%} |" if diff_total else f"| {name} | | | | |")

    row("total", totals["algokader"], totals["floor"])
    for name, (fragment, func) in PHASES.items():
        row(name, cumulative(stats["algokader"], fragment, func),
            cumulative(stats["floor"], fragment, func))
    own = package_time(stats["algokader"])
    row("sphinx_algokader's own code (all)", sum(own.values()), 0.0)
    for key, value in list(own.items())[:8]:
        row(f"  {key}", value, 0.0)
    lines += ["", "Functions of sphinx_algokader by cumulative time "
              "(share of the profiled algokader build):", "",
              "| function | own | cumulative |", "|---|---|---|"]
    for name, tt, ct in top_functions(stats["algokader"], "sphinx_algokader"):
        lines.append(f"| {name} | {tt / totals['algokader']:.1%} | {ct / totals['algokader']:.1%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=400)
    parser.add_argument("-l", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/akprof"))
    parser.add_argument("--prof-dir", type=Path, help="analyse existing profiles only")
    args = parser.parse_args(argv)
    if args.prof_dir is None:
        import generate

        args.workdir.mkdir(parents=True, exist_ok=True)
        for variant in ("algokader", "floor"):
            src = args.workdir / variant
            generate.generate(variant, args.n, args.l, args.seed, src)
            out = args.workdir / f"out-{variant}"
            # CPU time, not wall time: a shared machine's waits are not the build's
            subprocess.run([args.python, "-c", PROFILE, str(args.workdir / f"{variant}.prof"),
                            "-b", "html", "-q", "-E", "-j", "1", str(src), str(out)],
                           check=True, cwd=args.workdir)
        args.prof_dir = args.workdir
    print(analyse(args.prof_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
