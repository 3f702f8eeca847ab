"""Benchmark runner: sphinx-algokader against its floor, hand-written tables
and sphinx-needs, on generated handbooks and on the official corpus.

    /tmp/bench-venv/bin/python benchmarks/run.py --sizes 200x20,2000x100 --reps 3 \\
        --output benchmarks/results.md

Every build is a fresh ``python -m sphinx -b html -q -j J SRC OUT`` subprocess
into an empty output folder; its wall time is taken around it, its CPU time
(user + system, workers included) and peak RSS from ``os.wait4`` on that one
child, so each number belongs to one build. Variants are built alternately
(the order rotates per repetition) and medians are reported, with ratios.

Scenarios (``--scenarios``):

``full``         a full build of every variant (``-j 1``);
``parallel``     the algokader variant with ``-j 2`` as well (vs its ``-j 1``);
``incremental``  for algokader and sphinx-needs: a full build, one
                 requirement's ``levenscyclus`` label edited, a rebuild
                 (timed); pages re-read (doctree files written), pages
                 re-written (HTML files written), the pages that had to be
                 re-written (whose tables or badges changed), and the tables
                 that are stale: compared with a fresh full build of the
                 edited sources;
``corpus``       the official Algoritmekader v2.5.1 (``--corpus``), with
                 the extension vs plain MyST on the same pages without
                 markers: full builds, and with ``incremental`` an
                 incremental rebuild too (``--sizes ""`` with
                 ``--scenarios corpus,incremental``: the corpus alone);
``records``      compliance records (``--records-sizes AxR``): the bundled
                 framework plus A algorithm records of R records each,
                 against the same pages without records, with and without
                 charts (``generate.py``'s records variants); then one
                 status-file row edited and the handbook rebuilt
                 (``--records-incremental``; ``--sizes ""`` with
                 ``--scenarios records``: the records alone);
``mkdocs``       the official corpus in compat mode (default settings, the
                 theme's own navigation, no sidebar) against the framework's
                 own ``mkdocs build`` (``--mkdocs-python``,
                 ``--mkdocs-overrides``), CPU time (``navbench.py``);
``navigation``   a generated handbook (``--navigation-sizes``) with the
                 extension's navigation against no sidebar (``navbench.py``).

The generated handbooks of ``--sizes`` are made and built only for the
``full``, ``parallel`` and ``incremental`` scenarios.

Only the standard library and PyYAML (through ``generate.py``) are used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import navbench  # noqa: E402

DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpora" / "algoritmekader-v2.5.1"
QUICK_SIZE = (12, 2)
SIDEBARS = 'html_sidebars = {"**": []}\n'


# --------------------------------------------------------------------------
# one build


@dataclass
class Build:
    wall: float
    cpu: float
    rss_mb: float
    returncode: int
    warnings: int


def sphinx_build(python: str, src: Path, out: Path, jobs: int = 1, fresh: bool = True,
                 log: Path | None = None) -> Build:
    """One ``sphinx-build`` in its own process, measured alone."""
    if fresh and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    log = log or out.parent / f"{out.name}.log"
    cmd = [python, "-m", "sphinx", "-b", "html", "-q", "-j", str(jobs), str(src), str(out)]
    with open(log, "w") as err:
        start = time.perf_counter()
        # run outside the repository: the interpreter's installed extension is measured
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=out.parent)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    warnings = sum(1 for line in log.read_text(errors="replace").splitlines() if "WARNING" in line)
    if proc.returncode:
        sys.stderr.write(log.read_text(errors="replace")[-3000:])
        raise RuntimeError(f"build failed ({proc.returncode}): {' '.join(cmd)}")
    return Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                 proc.returncode, warnings)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Samples:
    builds: list[Build] = field(default_factory=list)

    def add(self, build: Build) -> None:
        self.builds.append(build)

    @property
    def wall(self) -> float:
        return median([b.wall for b in self.builds])

    @property
    def cpu(self) -> float:
        return median([b.cpu for b in self.builds])

    @property
    def rss(self) -> float:
        return median([b.rss_mb for b in self.builds])


# --------------------------------------------------------------------------
# reading output


_TABLE_RE = re.compile(r"<table\b.*?</table>|<p class=\"algokader-tags.*?</p>|"
                       r"<p class=\"algokader-list[^\"]*\"[^>]*>.*?</p>|"
                       # records views: their summary line and chart
                       r"<p class=\"algokader-summary\">.*?</p>|"
                       r"<img [^>]*class=\"algokader-chart\"[^>]*>|"
                       r"<svg class=\"algokader-chart\".*?</svg>", re.DOTALL)
#: pages Sphinx or sphinx-needs make themselves, not from a source
SPECIAL_PAGES = {"genindex.html", "search.html", "py-modindex.html", "permalink.html"}


def doc_pages(out: Path) -> list[Path]:
    return [p for p in out.rglob("*.html")
            if "_static" not in p.parts and "_sources" not in p.parts
            and p.relative_to(out).as_posix() not in SPECIAL_PAGES]


def tables(out: Path) -> dict[str, list[str]]:
    """The tables (and algokader badges) of every page, as HTML."""
    result = {}
    for page in doc_pages(out):
        found = _TABLE_RE.findall(page.read_text(encoding="utf-8", errors="replace"))
        if found:
            result[page.relative_to(out).as_posix()] = found
    return result


def mtimes(root: Path, pattern: str) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob(pattern)
            if "_static" not in p.parts}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {p for p, t in after.items() if before.get(p) != t}


def table_diff(a: dict[str, list[str]], b: dict[str, list[str]]) -> tuple[int, set[str]]:
    """(tables that differ, pages whose tables differ)."""
    stale, pages = 0, set()
    for page in set(a) | set(b):
        x, y = a.get(page, []), b.get(page, [])
        diff = sum(1 for i in range(max(len(x), len(y)))
                   if (x[i] if i < len(x) else None) != (y[i] if i < len(y) else None))
        if diff:
            stale += diff
            pages.add(page)
    return stale, pages


# --------------------------------------------------------------------------
# scenarios


@dataclass
class Incremental:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    reread: list[int] = field(default_factory=list)
    rewritten: list[int] = field(default_factory=list)
    needed: int = 0  # pages whose tables or badges changed, plus the edited page
    extra: list[int] = field(default_factory=list)  # re-written pages beyond those
    missed: list[int] = field(default_factory=list)  # needed pages not re-written
    stale: list[int] = field(default_factory=list)  # tables that differ from a fresh build
    tables: int = 0
    pages: int = 0
    extra_pages: list[str] = field(default_factory=list)  # a few, for the log
    missed_pages: list[str] = field(default_factory=list)
    rewritten_pages: list[str] = field(default_factory=list)  # of the last repetition


def incremental(python: str, src: Path, work: Path, edit, reps: int, log=print,
                edited_page: str = "", subdir: str = "") -> Incremental:
    """A full build of a copy of ``src``; then ``reps`` times: ``edit`` it,
    rebuild (timed), check, undo the edit and rebuild (untimed). Checked
    against a fresh full build of the edited sources. ``src`` is copied whole
    and Sphinx builds its ``subdir``; ``edit(root)`` returns (path, old text)."""
    result = Incremental()
    copy, out = work / "src", work / "out"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(src, copy)
    sphinx_build(python, copy / subdir, out)
    ref_before = tables(out)
    after_src = work / "ref-src"
    shutil.rmtree(after_src, ignore_errors=True)
    shutil.copytree(src, after_src)
    edit(after_src)
    sphinx_build(python, after_src / subdir, work / "ref-after")
    ref_after = tables(work / "ref-after")
    _, needed = table_diff(ref_before, ref_after)
    needed.add(edited_page)
    result.needed = len(needed)
    result.tables = sum(len(v) for v in ref_after.values())
    result.pages = len(doc_pages(work / "ref-after"))
    for rep in range(reps):
        time.sleep(0.05)
        html_before = mtimes(out, "*.html")
        doctrees_before = mtimes(out / ".doctrees", "*.doctree")
        path, old_text = edit(copy)
        build = sphinx_build(python, copy / subdir, out, fresh=False)
        rewritten = changed(html_before, mtimes(out, "*.html")) - SPECIAL_PAGES
        rewritten = {p for p in rewritten if not p.startswith("_")}
        reread = changed(doctrees_before, mtimes(out / ".doctrees", "*.doctree"))
        stale, _ = table_diff(tables(out), ref_after)
        result.wall.append(build.wall)
        result.cpu.append(build.cpu)
        result.reread.append(len(reread))
        result.rewritten.append(len(rewritten))
        result.extra.append(len(rewritten - needed))
        result.missed.append(len(needed - rewritten))
        result.stale.append(stale)
        result.extra_pages = sorted(rewritten - needed)[:5]
        result.rewritten_pages = sorted(rewritten)[:50]
        result.missed_pages = sorted(needed - rewritten)[:5]
        log(f"    incremental rep {rep + 1}: {build.wall:.2f}s wall, re-read {len(reread)}, "
            f"re-written {len(rewritten)} (needed {len(needed)}, extra "
            f"{len(rewritten - needed)}, missed {len(needed - rewritten)}), stale tables {stale}"
            f"; extra e.g. {result.extra_pages}, missed e.g. {result.missed_pages}")
        if rep + 1 < reps:  # back to the state before the edit
            path.write_text(old_text, encoding="utf-8")
            sphinx_build(python, copy / subdir, out, fresh=False)
    return result


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        n, _, l = part.lower().partition("x")
        sizes.append((int(n), int(l)))
    return sizes


def full_builds(args, runs: list[tuple[str, int]], srcs: dict[str, Path], work: Path,
                log) -> dict[str, dict]:
    """Full builds of each (variant, jobs) in ``runs``, alternated, ``args.reps``
    times (the order rotates per repetition); medians per run."""
    samples = {f"{v} -j{j}": Samples() for v, j in runs}
    for rep in range(args.reps):
        order = runs[rep % len(runs):] + runs[:rep % len(runs)]
        for variant, jobs in order:
            build = sphinx_build(args.python, srcs[variant], work / variant / f"out-j{jobs}",
                                 jobs=jobs)
            samples[f"{variant} -j{jobs}"].add(build)
            log(f"  rep {rep + 1} {variant:12s} -j{jobs}: {build.wall:7.2f}s wall "
                f"{build.cpu:7.2f}s cpu {build.rss_mb:6.0f} MB, {build.warnings} warnings")
    return {name: {"wall": s.wall, "cpu": s.cpu, "rss": s.rss,
                   "walls": [b.wall for b in s.builds], "cpus": [b.cpu for b in s.builds],
                   "warnings": max(b.warnings for b in s.builds)}
            for name, s in samples.items()}


def run_size(args, n: int, l: int, results: dict, log) -> None:
    work = args.workdir / f"n{n}-l{l}"
    work.mkdir(parents=True, exist_ok=True)
    variants = list(args.variants)
    srcs, stats = {}, {}
    for variant in variants:
        srcs[variant] = work / variant / "src"
        stats[variant] = generate.generate(variant, n, l, args.seed, srcs[variant])
    hb = generate.build_model(n, l, args.seed)
    relation_rows = sum(len(i.relations.get(k, ())) for i in hb.items for k in ("vereiste", "maatregel"))
    entry = results.setdefault(f"{n}x{l}", {"n": n, "l": l, "full": {}, "incremental": {},
                                            "rows": stats[variants[0]]["rows"],
                                            "relation_rows": relation_rows})
    log(f"== N={n} L={l}: {stats[variants[0]]}, relation rows {relation_rows}")

    if "full" in args.scenarios or "parallel" in args.scenarios:
        runs = [(v, 1) for v in variants] if "full" in args.scenarios else []
        if "parallel" in args.scenarios:
            for v in args.parallel_variants:
                if v in variants:
                    if (v, 1) not in runs:
                        runs.append((v, 1))
                    runs.append((v, 2))
        entry["full"].update(full_builds(args, runs, srcs, work, log))

    if "incremental" in args.scenarios:
        plan = generate.edit_plan(n, l, args.seed)
        log(f"  edit: {plan['docname']} levenscyclus {plan['old']} -> {plan['new']}")
        for variant in ("algokader", "needs"):
            if variant not in variants:
                continue
            inc = incremental(args.python, srcs[variant], work / variant / "inc",
                              lambda s, v=variant: generate.apply_edit(s, v, plan),
                              args.reps, log, edited_page=plan["docname"] + ".html")
            entry["incremental"][variant] = asdict(inc)


def prepare_corpus(corpus: Path, work: Path) -> dict[str, Path]:
    """The corpus with the extension, and the floor: markers removed, plain MyST."""
    out = {}
    for variant in ("algokader", "floor"):
        target = work / variant / "src"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(corpus, target, symlinks=True)
        for path in target.rglob("*"):
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        docs = target / "docs"
        if variant == "algokader":
            conf = ('extensions = ["sphinx_algokader"]\n'
                    'algokader_mkdocs_config = "../mkdocs.yml"\n')
        else:
            conf = 'extensions = ["myst_parser"]\nlanguage = "nl"\n'
            marker = re.compile(r"^[ \t]*<!--\s*(list_\w+|tags[\w-]*)\b.*?-->[ \t]*$", re.M)
            for page in docs.rglob("*.md"):
                if page.is_symlink():
                    continue
                text = page.read_text(encoding="utf-8")
                new = marker.sub("", text)
                if new != text:
                    page.write_text(new, encoding="utf-8")
        (docs / "conf.py").write_text(conf + 'html_theme = "alabaster"\n' + SIDEBARS)
        out[variant] = docs
    return out


CORPUS_EDIT = ("voldoen-aan-wetten-en-regels/vereisten/avg-02-beperkte-bewaartermijn-van-persoonsgegevens.md",
               "levenscyclus:\n- ontwerp\n", "levenscyclus:\n- ontwikkelen\n")


def corpus_edit(docs: Path) -> tuple[Path, str]:
    path = docs / CORPUS_EDIT[0]
    text = path.read_text(encoding="utf-8")
    if CORPUS_EDIT[1] not in text:
        raise RuntimeError(f"corpus edit does not apply to {path}")
    path.write_text(text.replace(CORPUS_EDIT[1], CORPUS_EDIT[2], 1), encoding="utf-8")
    return path, text


def run_corpus(args, results: dict, log) -> None:
    work = args.workdir / "corpus"
    work.mkdir(parents=True, exist_ok=True)
    docs = prepare_corpus(args.corpus, work)
    entry = results.setdefault("corpus", {"full": {}, "incremental": {}})
    log(f"== corpus {args.corpus}")
    runs = [("algokader", 1), ("floor", 1)]
    if "parallel" in args.scenarios:
        runs.append(("algokader", 2))
    entry["full"].update(full_builds(args, runs, docs, work, log))
    if "incremental" in args.scenarios:
        inc = incremental(args.python, docs["algokader"].parent, work / "algokader" / "inc",
                          lambda s: corpus_edit(s / "docs"), args.reps, log,
                          edited_page=CORPUS_EDIT[0].replace(".md", ".html"), subdir="docs")
        entry["incremental"]["algokader"] = asdict(inc)


# --------------------------------------------------------------------------
# compliance records


def per_rep_ratios(a: dict, b: dict, key: str = "walls") -> list[float]:
    """a / b per repetition: the two builds of one repetition ran one after
    the other, so each ratio pairs builds under the same machine load."""
    return [x / y for x, y in zip(a.get(key, []), b.get(key, [])) if y]


def run_records(args, algorithms: int, per_algorithm: int, results: dict, log) -> None:
    """The bundled framework with ``algorithms`` algorithm records of
    ``per_algorithm`` records each, against the same handbook without
    records; full builds (with and without charts), then an incremental
    build after one status-file row is edited."""
    work = args.workdir / f"records-a{algorithms}-r{per_algorithm}"
    work.mkdir(parents=True, exist_ok=True)
    srcs, stats = {}, {}
    for variant in generate.RECORD_VARIANTS:
        srcs[variant] = work / variant / "src"
        stats[variant] = generate.generate_records(variant, algorithms, per_algorithm,
                                                   args.seed, srcs[variant])
    entry = results.setdefault(f"records-{algorithms}x{per_algorithm}", {
        "algorithms": algorithms, "records": per_algorithm, "stats": stats["records"],
        "full": {}, "incremental": {}})
    log(f"== records: {stats['records']}")
    # untimed: the first build mirrors the framework into each source folder
    for variant, src in srcs.items():
        build = sphinx_build(args.python, src, work / variant / "warmup")
        entry.setdefault("warmup_warnings", {})[variant] = build.warnings
        log(f"  warm-up {variant:16s}: {build.warnings} warnings")
    runs = [(v, 1) for v in generate.RECORD_VARIANTS]
    entry["full"].update(full_builds(args, runs, srcs, work, log))
    if args.records_paired:
        pairs = paired_builds(args.python, srcs["records"], srcs["records-baseline"], work,
                              args.records_paired, log)
        entry["paired"] = [p[0].cpu / p[1].cpu for p in pairs]
    if args.records_instructions:
        for variant in generate.RECORD_EXTRA_VARIANTS:  # counted only
            srcs[variant] = work / variant / "src"
            generate.generate_records(variant, algorithms, per_algorithm, args.seed,
                                      srcs[variant])
            sphinx_build(args.python, srcs[variant], work / variant / "warmup")
        entry["instructions"] = instruction_counts(
            args.python, {v: srcs[v] for v in ("records", "records-empty", "records-baseline")},
            work, log)
    plan = generate.records_edit_plan(algorithms, per_algorithm, args.seed)
    log(f"  edit: {plan['file']} {plan['code']} {plan['old']} -> {plan['new']}")
    for variant in args.records_incremental:
        inc = incremental(args.python, srcs[variant], work / variant / "inc",
                          lambda s: generate.apply_records_edit(s, plan), args.reps, log,
                          edited_page=plan["docname"] + ".html")
        entry["incremental"][variant] = {**asdict(inc), "plan": plan}


def paired_builds(python: str, a: Path, b: Path, out: Path, reps: int, log
                  ) -> list[tuple[Build, Build]]:
    """``a`` and ``b`` built at the same time, each pinned to a CPU of its
    own (swapped every repetition), ``reps`` times. On a shared machine the
    load that other jobs put on it changes from minute to minute: builds
    run one after the other see different loads, builds run side by side
    see the same, so their ratio varies far less. Needs two CPUs."""
    cpus = sorted(os.sched_getaffinity(0))[:2]
    if len(cpus) < 2:
        raise RuntimeError("paired builds need two CPUs")
    pairs = []
    for rep in range(reps):
        first, second = cpus if rep % 2 == 0 else cpus[::-1]
        procs = []
        for src, cpu, name in ((a, first, "a"), (b, second, "b")):
            target = out / f"paired-{name}"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            cmd = [python, "-m", "sphinx", "-b", "html", "-q", "-j", "1", str(src), str(target)]
            err = open(out / f"paired-{name}.log", "w")
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=out,
                                    preexec_fn=lambda cpu=cpu: os.sched_setaffinity(0, {cpu}))
            procs.append((proc, err, start))
        builds = []
        for proc, err, start in procs:
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            err.close()
            if os.waitstatus_to_exitcode(status):
                raise RuntimeError(f"paired build failed: {proc.args}")
            builds.append(Build(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                                0, 0))
        pairs.append((builds[0], builds[1]))
        log(f"  paired rep {rep + 1}: {a.parent.name} {builds[0].cpu:.2f}s cpu, "
            f"{b.parent.name} {builds[1].cpu:.2f}s cpu, ratio {builds[0].cpu / builds[1].cpu:.3f}")
    return pairs


def instruction_counts(python: str, srcs: dict[str, Path], out: Path, log) -> dict[str, int]:
    """The instructions each build executes, counted by valgrind
    (cachegrind without its cache simulation; the builds run side by side,
    some 40 times slower than without it). Unlike time, a count does not
    move with the load other jobs put on the machine: the same sources give
    the same count to a few parts in a thousand. It does not see what an
    instruction costs, though: the garbage collector's full collections,
    which wait on memory, take far more time than their instructions say.
    {} when valgrind is not installed (``apt-get install valgrind``)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        log("  instructions: valgrind is not installed; skipped")
        return {}
    procs = {}
    for name, src in srcs.items():
        target = out / f"instructions-{name}"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        report = out / f"instructions-{name}.log"
        cmd = [valgrind, "--tool=cachegrind", "--cache-sim=no",
               "--cachegrind-out-file=/dev/null", python, "-m", "sphinx", "-b", "html", "-q",
               "-j", "1", str(src), str(target)]
        with open(report, "w") as err:
            procs[name] = (subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err,
                                            cwd=out), report)
    counts = {}
    for name, (proc, report) in procs.items():
        if proc.wait():
            raise RuntimeError(f"counted build failed: {proc.args} (see {report})")
        found = re.search(r"I\s+refs:\s+([\d,]+)", report.read_text(encoding="utf-8"))
        if found is None:
            raise RuntimeError(f"no instruction count in {report}")
        counts[name] = int(found.group(1).replace(",", ""))
        log(f"  instructions {name}: {counts[name]:,}")
    return counts


def _spread(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"


def records_report(results: dict) -> list[str]:
    keys = sorted(k for k in results if k.startswith("records-"))
    if not keys:
        return []
    out = ["", "## Compliance records", "",
           "The bundled framework (`algokader_embed = True`) plus A algorithm pages with R "
           "records each and one overview page, against the same handbook whose algorithm "
           "pages have the same text but no `algoritme:` front matter, no markers and no "
           "status files (`records-baseline`). Per-repetition ratios pair the two builds of "
           "one repetition (run one after the other); given as median (min–max).", "",
           "On a shared virtual machine the wall time also holds the time other jobs "
           "take the CPU from the build (steal), which CPU time (user + system) does not: "
           "compare the cpu columns first.", "",
           "| A × R | records / baseline (cpu) | records-nochart / baseline (cpu) | "
           "records / records-nochart (cpu): the charts | records / baseline (wall) | "
           "records-nochart / baseline (wall) | peak RSS records / baseline | reps | "
           "warnings (records) |",
           "|---|---|---|---|---|---|---|---|---|"]
    for key in keys:
        e = results[key]
        f = e["full"]
        rec, noc, base = (f.get(f"{v} -j1") for v in generate.RECORD_VARIANTS)
        if not (rec and noc and base):
            continue
        out.append(
            f"| {e['algorithms']} × {e['records']} | {_spread(per_rep_ratios(rec, base, 'cpus'))} | "
            f"{_spread(per_rep_ratios(noc, base, 'cpus'))} | "
            f"{_spread(per_rep_ratios(rec, noc, 'cpus'))} | {_spread(per_rep_ratios(rec, base))} | "
            f"{_spread(per_rep_ratios(noc, base))} | {_r(rec['rss'], base['rss'])} | "
            f"{len(rec.get('walls', []))} | {rec['warnings']} |")
    paired = [(k, results[k]["paired"]) for k in keys if results[k].get("paired")]
    if paired:
        out += ["", "Side by side (`--records-paired N`): records and records-baseline built at "
                "the same time, each pinned to a CPU of its own (swapped every repetition), so "
                "that both see the same load; cpu ratio per pair, median (min–max).", "",
                "| A × R | records / baseline (cpu), side by side | pairs |", "|---|---|---|"]
        for key, ratios in paired:
            e = results[key]
            out.append(f"| {e['algorithms']} × {e['records']} | {_spread(ratios)} | "
                       f"{len(ratios)} |")
    counted = [(k, results[k]["instructions"]) for k in keys if results[k].get("instructions")]
    if counted:
        out += ["", "Instructions (`--records-instructions`): what each build executes, counted "
                "by valgrind's cachegrind; a count the machine's load does not move, but blind "
                "to time spent waiting on memory (the garbage collector's full collections). "
                "`records-empty` is the records handbook without a single record: its "
                "algorithms' tables, every relevant measure te-doen.",
                "", "| A × R | records / baseline (instructions) | the tables: records-empty / "
                "baseline | the records: records / records-empty | records | records-empty | "
                "baseline |", "|---|---|---|---|---|---|---|"]
        for key, counts in counted:
            e = results[key]
            rec, base = counts["records"], counts["records-baseline"]
            empty = counts.get("records-empty")
            out.append(f"| {e['algorithms']} × {e['records']} | {rec / base:.3f}× | "
                       + (f"{empty / base:.3f}× | {rec / empty:.3f}× | {rec:,} | {empty:,} | "
                          if empty else f"– | – | {rec:,} | – | ")
                       + f"{base:,} |")
    out += ["", "Incremental: one status-file row edited (a measure set to `gereed`), then "
            "rebuilt; each repetition's time against the median full build of that variant. "
            "*needed*: pages whose tables, summaries or charts differ between fresh builds "
            "before and after the edit, plus the edited page.", "",
            "| A × R | variant | incremental / full (wall) | incremental / full (cpu) | pages | "
            "re-read | re-written | needed | extra re-written | needed not re-written | "
            "stale views | re-written pages |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for key in keys:
        e = results[key]
        for variant, inc in e["incremental"].items():
            full = e["full"].get(f"{variant} -j1")
            walls = [w / full["wall"] for w in inc["wall"]] if full else []
            cpus = [c / full["cpu"] for c in inc["cpu"]] if full else []
            out.append(f"| {e['algorithms']} × {e['records']} | {variant} | "
                       f"{_spread(walls).replace('×', '')} | {_spread(cpus).replace('×', '')} | "
                       f"{inc['pages']} | "
                       f"{int(median(inc['reread']))} | {int(median(inc['rewritten']))} | "
                       f"{inc['needed']} | {int(median(inc['extra']))} | "
                       f"{int(median(inc['missed']))} | {max(inc['stale'])} ({inc['tables']}) | "
                       + ", ".join(f"`{p}`" for p in inc.get("rewritten_pages", [])[:6]) + " |")
    return out


# --------------------------------------------------------------------------
# report


def _r(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b and a == a and b == b else "–"


def _mark(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def report(results: dict, meta: dict) -> str:
    out = ["# Benchmark results", "",
           f"Generated by `{meta['command']}` on {meta['when']}.", "",
           "Machine: " + ", ".join(f"{k} {v}" for k, v in meta["machine"].items()), ""]
    sizes = sorted((k for k in results if k != "corpus"
                    and not k.startswith(("records-", "nav-"))),
                   key=lambda k: results[k]["n"])

    out += ["## Ratios", "",
            "Medians of the repetitions; wall time unless marked cpu. "
            "Targets from the issue; `–` where not measured.", "",
            "| size | algokader / floor (wall, cpu) ≤ 1.20 | algokader / handwritten < 1 "
            "| needs / algokader > 1 (≥ 2 at N=2000) | incremental / full ≤ 0.20 "
            "| -j2 / -j1 < 1 | peak RSS algokader / floor |",
            "|---|---|---|---|---|---|---|"]
    for size in sizes:
        e = results[size]
        f = e["full"]
        alg, flo = f.get("algokader -j1"), f.get("floor -j1")
        hand, needs, par = f.get("handwritten -j1"), f.get("needs -j1"), f.get("algokader -j2")
        inc = e["incremental"].get("algokader")
        cells = [f"N={e['n']} L={e['l']}"]
        if alg and flo:
            r = alg["wall"] / flo["wall"]
            cells.append(f"{r:.2f}× / {alg['cpu'] / flo['cpu']:.2f}× {_mark(r <= 1.20)}")
        else:
            cells.append("–")
        cells.append(f"{alg['wall'] / hand['wall']:.2f}× {_mark(alg['wall'] < hand['wall'])}"
                     if alg and hand else "–")
        if alg and needs:
            r = needs["wall"] / alg["wall"]
            ok = r > 1 and (r >= 2 if e["n"] == 2000 else True)
            cells.append(f"{r:.2f}× {_mark(ok)}")
        else:
            cells.append("–")
        if inc and alg:
            r = median(inc["wall"]) / alg["wall"]
            cells.append(f"{r:.2f} {_mark(r <= 0.20)}")
        else:
            cells.append("–")
        cells.append(f"{par['wall'] / alg['wall']:.2f}× {_mark(par['wall'] < alg['wall'])}"
                     if alg and par else "–")
        cells.append(_r(alg["rss"], flo["rss"]) if alg and flo else "–")
        out.append("| " + " | ".join(cells) + " |")

    # linear growth of the extension's own cost
    rows = []
    for size in sizes:
        e = results[size]
        f = e["full"]
        if "algokader -j1" in f and "floor -j1" in f:
            extra = f["algokader -j1"]["cpu"] - f["floor -j1"]["cpu"]
            units = e["n"] + e["rows"] + e["relation_rows"]
            rows.append((size, e, extra, units))
    if rows:
        base = rows[0][2] / rows[0][3] if rows[0][3] else 0
        out += ["", "### The extension's own cost (cpu of algokader − cpu of floor)", "",
                "Per item plus row shown, relative to the smallest size (linear growth "
                "keeps this near 1.0; the floor's own cost per page is given for scale).", "",
                "| size | items + rows shown | extra cpu per item+row, relative | "
                "extra cpu / floor cpu |", "|---|---|---|---|"]
        for size, e, extra, units in rows:
            rel = (extra / units) / base if base else float("nan")
            out.append(f"| N={e['n']} L={e['l']} | {units} | {rel:.2f} | "
                       f"{extra / e['full']['floor -j1']['cpu']:.2f} |")

    out += ["", "## Full builds", "",
            "Medians; ratios against the floor (plain Sphinx + MyST, same pages, no markers).", "",
            "| size | variant | wall / floor | cpu / floor | peak RSS / floor | "
            "median wall s | median cpu s | peak RSS MB | warnings |",
            "|---|---|---|---|---|---|---|---|---|"]
    for size in [*sizes, "corpus"] if "corpus" in results else sizes:
        e = results[size]
        label = "corpus v2.5.1" if size == "corpus" else f"N={e['n']} L={e['l']}"
        flo = e["full"].get("floor -j1")
        for name, s in e["full"].items():
            out.append(f"| {label} | {name} | {_r(s['wall'], flo['wall']) if flo else '–'} | "
                       f"{_r(s['cpu'], flo['cpu']) if flo else '–'} | "
                       f"{_r(s['rss'], flo['rss']) if flo else '–'} | {s['wall']:.2f} | "
                       f"{s['cpu']:.2f} | {s['rss']:.0f} | {s['warnings']} |")

    out += ["", "## Incremental rebuilds", "",
            "One requirement's `levenscyclus` edited, then rebuilt. *needed*: pages whose "
            "tables or badges differ between the builds before and after the edit, plus the "
            "edited page; *stale tables*: tables (and badge lines) of the rebuilt output that "
            "differ from a fresh full build of the edited sources (must be 0).", "",
            "| size | tool | incremental / full (wall) | pages | re-read | re-written | needed | "
            "extra re-written | needed not re-written | stale tables (of all) |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for size in [*sizes, "corpus"] if "corpus" in results else sizes:
        e = results[size]
        label = "corpus v2.5.1" if size == "corpus" else f"N={e['n']} L={e['l']}"
        for tool, inc in e["incremental"].items():
            full = e["full"].get(f"{tool} -j1")
            ratio = f"{median(inc['wall']) / full['wall']:.2f}" if full else "–"
            out.append(f"| {label} | {tool} | {ratio} | {inc['pages']} | "
                       f"{int(median(inc['reread']))} | {int(median(inc['rewritten']))} | "
                       f"{inc['needed']} | {int(median(inc['extra']))} | "
                       f"{int(median(inc['missed']))} | {max(inc['stale'])} ({inc['tables']}) |")
    if "corpus" in results:
        e = results["corpus"]
        f = e["full"]
        out += ["", "## Official corpus (Algoritmekader v2.5.1)", ""]
        if "algokader -j1" in f and "floor -j1" in f:
            out.append(f"- full build with the extension / floor: "
                       f"{_r(f['algokader -j1']['wall'], f['floor -j1']['wall'])} wall, "
                       f"{_r(f['algokader -j1']['cpu'], f['floor -j1']['cpu'])} cpu")
        if "algokader -j2" in f:
            out.append(f"- -j2 / -j1: {_r(f['algokader -j2']['wall'], f['algokader -j1']['wall'])}")
        if "algokader" in e["incremental"] and "algokader -j1" in f:
            inc = e["incremental"]["algokader"]
            out.append(f"- incremental / full: {median(inc['wall']) / f['algokader -j1']['wall']:.2f}"
                       f", stale tables {max(inc['stale'])}")
    out += records_report(results)
    out += navbench.report(results)
    return "\n".join(out) + "\n"


def machine(python: str) -> dict[str, str]:
    info = {"nproc": str(os.cpu_count())}
    try:
        kb = int(next(line.split()[1] for line in open("/proc/meminfo")
                      if line.startswith("MemTotal")))
        info["memory"] = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                   if line.startswith("model name"))
        info["cpu"] = cpu
    except (OSError, StopIteration):
        pass
    info["os"] = platform.platform()
    code = ("import sys, importlib.metadata as m\n"
            "out = {'python': sys.version.split()[0]}\n"
            "for d in ('sphinx', 'myst-parser', 'docutils', 'sphinx-needs', 'sphinx-algokader'):\n"
            "    try: out[d] = m.version(d)\n"
            "    except m.PackageNotFoundError: pass\n"
            "import hashlib, pathlib\n"
            "try:\n"
            "    import sphinx_algokader as ak\n"
            "    root = pathlib.Path(ak.__file__).parent\n"
            "    h = hashlib.sha256()\n"
            "    for p in sorted(root.rglob('*.py')): h.update(p.read_bytes())\n"
            "    out['sphinx_algokader from'] = str(root)\n"
            "    out['sphinx_algokader sources sha256'] = h.hexdigest()[:12]\n"
            "except ImportError: pass\n"
            "import json; print(json.dumps(out))")
    try:
        # outside the repository, as the builds run: the installed extension
        info.update(json.loads(subprocess.run([python, "-c", code], capture_output=True,
                                              text=True, check=True,
                                              cwd=tempfile.gettempdir()).stdout))
    except (subprocess.CalledProcessError, ValueError):
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200x20,2000x100",
                        help="NxL pairs, comma-separated (items x listing pages)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--variants", default="algokader,floor,handwritten,needs")
    parser.add_argument("--scenarios", default="full,parallel,incremental,corpus")
    parser.add_argument("--parallel-variants", default="algokader",
                        help="variants also built with -j 2")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter whose environment has Sphinx, the extension "
                             "and (for the needs variant) sphinx-needs")
    parser.add_argument("--records-sizes", default="100x100",
                        help="records scenario: AxR pairs (algorithms x records per algorithm)")
    parser.add_argument("--records-paired", type=int, default=0, metavar="N",
                        help="also build records and records-baseline side by side, each on "
                        "a CPU of its own, N times (needs two CPUs)")
    parser.add_argument("--records-instructions", action="store_true",
                        help="also count the instructions of one records and one "
                        "records-baseline build (valgrind; minutes)")
    parser.add_argument("--records-incremental", default="records",
                        help="records variants built incrementally in the records scenario "
                             "('' for none)")
    parser.add_argument("--mkdocs-python", default=sys.executable,
                        help="mkdocs scenario: the interpreter whose environment has MkDocs "
                             "and the plugins of the corpus's mkdocs.yml")
    parser.add_argument("--mkdocs-overrides", type=Path, default=None,
                        help="mkdocs scenario: the src folder of MinBZK/Algoritmekader at "
                             "the corpus's commit (theme overrides and hooks)")
    parser.add_argument("--navigation-sizes", default="2000x100",
                        help="navigation scenario: NxL pairs of generated handbooks")
    parser.add_argument("--navigation-variants", default="fast-nav,no-sidebar",
                        help="navigation scenario: of " + ",".join(navbench.NAVIGATION_VARIANTS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where sources and builds go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--output", type=Path, help="write the Markdown report here")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--from-json", type=Path, nargs="+",
                        help="no builds: merge these --json files into one report")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: N={QUICK_SIZE[0]} L={QUICK_SIZE[1]}, no corpus")
    args = parser.parse_args(argv)

    if args.from_json:
        merged: dict = {}
        metas = []
        for path in args.from_json:
            data = json.loads(path.read_text(encoding="utf-8"))
            metas.append(data["meta"])
            for size, entry in data["results"].items():
                # runs of one size with different scenarios add up
                mine = merged.setdefault(size, {**entry, "full": {}, "incremental": {}})
                mine["full"].update(entry.get("full", {}))
                mine["incremental"].update(entry.get("incremental", {}))
        meta = dict(metas[-1])
        meta["command"] = " + ".join(m["command"] for m in metas)
        text = report(merged, meta)
        print(text)
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        return 0

    args.variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    for v in args.variants:
        if v not in generate.VARIANTS:
            parser.error(f"unknown variant {v!r}")
    args.scenarios = {s.strip() for s in args.scenarios.split(",") if s.strip()}
    args.parallel_variants = [v.strip() for v in args.parallel_variants.split(",")]
    args.records_incremental = [v.strip() for v in args.records_incremental.split(",")
                                if v.strip()]
    for v in args.records_incremental:
        if v not in generate.RECORD_VARIANTS:
            parser.error(f"unknown records variant {v!r}")
    args.navigation_variants = [v.strip() for v in args.navigation_variants.split(",")
                                if v.strip()]
    for v in args.navigation_variants:
        if v not in navbench.NAVIGATION_VARIANTS:
            parser.error(f"unknown navigation variant {v!r}")
    # the generated handbooks are only built for these scenarios
    sizes = parse_sizes(args.sizes) if args.scenarios & {"full", "parallel", "incremental"} else []
    if args.quick:
        sizes = [QUICK_SIZE]
        args.scenarios.discard("corpus")
        args.records_sizes = "3x10"
        args.navigation_sizes = "x".join(map(str, QUICK_SIZE))
    if "needs" in args.variants and sizes:
        probe = subprocess.run([args.python, "-c", "import sphinx_needs"], capture_output=True)
        if probe.returncode:
            print(f"sphinx_needs is not importable by {args.python}: leaving out the needs "
                  "variant (use --python with a venv that has it)", file=sys.stderr)
            args.variants.remove("needs")

    temp = None
    if args.workdir is None:
        temp = tempfile.mkdtemp(prefix="akbench-")
        args.workdir = Path(temp)
    args.workdir = args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, flush=True)

    meta = {"command": "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
            "when": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(args.python)}
    log("machine: " + json.dumps(meta["machine"]))
    results: dict = {}
    try:
        for n, l in sizes:
            run_size(args, n, l, results, log)
            if args.json:
                args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
        if "records" in args.scenarios:
            for algorithms, per_algorithm in parse_sizes(args.records_sizes):
                run_records(args, algorithms, per_algorithm, results, log)
                if args.json:
                    args.json.write_text(json.dumps({"meta": meta, "results": results},
                                                    indent=1))
        if "corpus" in args.scenarios:
            if args.corpus.is_dir():
                run_corpus(args, results, log)
            else:
                log(f"corpus not found at {args.corpus}: skipped")
        if "navigation" in args.scenarios:
            for n, l in parse_sizes(args.navigation_sizes):
                navbench.run_navigation(args, n, l, results, log)
                if args.json:
                    args.json.write_text(json.dumps({"meta": meta, "results": results},
                                                    indent=1))
        if "mkdocs" in args.scenarios:
            navbench.run_mkdocs(args, results, log)
    finally:
        if temp and not args.keep:
            shutil.rmtree(temp, ignore_errors=True)
    text = report(results, meta)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
