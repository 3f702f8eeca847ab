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

    /tmp/bench-venv/bin/python benchmarks/profile.py --records 100x100 --workdir /tmp/akrecprof

profiles the compliance records instead (``generate.py``'s records
variants): the ``records`` handbook against ``records-baseline`` (and
``records-nochart`` with ``--records-nochart``), with the front-matter
YAML and the records' own functions as phases.
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
#: further phases of the records profile
RECORD_PHASES = {
    # MyST parses each page's front matter twice, with PyYAML's pure-Python loader
    "front matter YAML, MyST's 1st parse (read_topmatter)":
        ("myst_parser/config/main.py", "read_topmatter"),
    "front matter YAML, MyST's 2nd parse (render_front_matter)":
        ("myst_parser/mdit_to_docutils/base.py", "render_front_matter"),
    "front matter YAML, the extension (source-read)": ("sphinx_algokader/source.py",
                                                       "preprocess_markdown"),
    "collect_record (decode, status files)": ("sphinx_algokader/collector.py", "collect_record"),
    "  read_status_file (CSV)": ("sphinx_algokader/records/model.py", "read_status_file"),
    "assessments (assess)": ("sphinx_algokader/records/assess.py", "assess"),
    "get_updated_docs (fingerprints, view rows)": ("sphinx_algokader/collector.py",
                                                   "get_updated_docs"),
    "record_problems (check.py)": ("sphinx_algokader/records/check.py", "record_problems"),
    "warnings (logging)": ("sphinx_algokader/diagnostics.py", "emit"),
    "ResolveViews (post-transform)": ("sphinx_algokader/records/views.py", "run"),
    "  charts: chart_image": ("sphinx_algokader/records/charts.py", "chart_image"),
    "  charts: draw (matplotlib)": ("sphinx_algokader/records/charts.py", "draw"),
    "  charts: import matplotlib": ("sphinx_algokader/records/charts.py", "_matplotlib"),
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


def analyse(prof_dir: Path, variants: tuple[str, str] = ("algokader", "floor"),
            phases: dict[str, tuple[str, str]] | None = None) -> str:
    """The profile of ``variants[0]`` against ``variants[1]`` (the floor or
    baseline), by phase and by function of the extension."""
    mine, base = variants
    stats = {v: pstats.Stats(str(prof_dir / f"{v}.prof")) for v in variants}
    totals = {v: s.total_tt for v, s in stats.items()}  # type: ignore[attr-defined]
    lines = [f"| phase | {mine} | {base} | difference | share of the difference |",
             "|---|---|---|---|---|"]
    diff_total = totals[mine] - totals[base]

    def row(name: str, a: float, f: float) -> None:
        d = a - f
        lines.append(f"| {name} | {a / totals[mine]:.0%} | {f / totals[base]:.0%} | "
                     f"{d / totals[base]:+.0%} of {base} | "
                     f"{d / diff_total:.0%} |" if diff_total else f"| {name} | | | | |")

    row("total", totals[mine], totals[base])
    for name, (fragment, func) in {**PHASES, **(phases or {})}.items():
        row(name, cumulative(stats[mine], fragment, func),
            cumulative(stats[base], fragment, func))
    own = package_time(stats[mine])
    row("sphinx_algokader's own code (all)", sum(own.values()),
        sum(package_time(stats[base]).values()))
    for key, value in list(own.items())[:8]:
        row(f"  {key}", value, package_time(stats[base]).get(key, 0.0))
    lines += ["", "Functions of sphinx_algokader by cumulative time "
              f"(share of the profiled {mine} build):", "",
              "| function | own | cumulative |", "|---|---|---|"]
    for name, tt, ct in top_functions(stats[mine], "sphinx_algokader", 20 if phases else 12):
        lines.append(f"| {name} | {tt / totals[mine]:.1%} | {ct / totals[mine]:.1%} |")
    return "\n".join(lines)


def profile_build(python: str, src: Path, out: Path, prof: Path) -> None:
    # CPU time, not wall time: a shared machine's waits are not the build's
    with open(prof.with_suffix(".log"), "w") as log:  # the warnings, not on the terminal
        subprocess.run([python, "-c", PROFILE, str(prof), "-b", "html", "-q", "-E", "-j", "1",
                        str(src), str(out)], check=True, cwd=prof.parent, stderr=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=400)
    parser.add_argument("-l", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/akprof"))
    parser.add_argument("--prof-dir", type=Path, help="analyse existing profiles only")
    parser.add_argument("--records", metavar="AxR",
                        help="profile compliance records: A algorithms of R records each, "
                             "against the same handbook without records")
    parser.add_argument("--records-nochart", action="store_true",
                        help="with --records: also profile the records without charts")
    args = parser.parse_args(argv)
    if args.records:
        import generate

        a, _, r = args.records.lower().partition("x")
        variants = ["records", "records-baseline"]
        if args.records_nochart:
            variants.append("records-nochart")
        if args.prof_dir is None:
            args.workdir.mkdir(parents=True, exist_ok=True)
            for variant in variants:
                src = args.workdir / variant
                generate.generate_records(variant, int(a), int(r), args.seed, src)
                # untimed: the first build mirrors the framework into the source folder
                subprocess.run([args.python, "-m", "sphinx", "-b", "html", "-q", str(src),
                                str(args.workdir / f"warm-{variant}")], check=True,
                               cwd=args.workdir, stderr=subprocess.DEVNULL)
                profile_build(args.python, src, args.workdir / f"out-{variant}",
                              args.workdir / f"{variant}.prof")
            args.prof_dir = args.workdir
        print(analyse(args.prof_dir, ("records", "records-baseline"), RECORD_PHASES))
        if "records-nochart" in variants or (args.prof_dir / "records-nochart.prof").is_file():
            print()
            print(analyse(args.prof_dir, ("records-nochart", "records-baseline"), RECORD_PHASES))
        return 0
    if args.prof_dir is None:
        import generate

        args.workdir.mkdir(parents=True, exist_ok=True)
        for variant in ("algokader", "floor"):
            src = args.workdir / variant
            generate.generate(variant, args.n, args.l, args.seed, src)
            profile_build(args.python, src, args.workdir / f"out-{variant}",
                          args.workdir / f"{variant}.prof")
        args.prof_dir = args.workdir
    print(analyse(args.prof_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
