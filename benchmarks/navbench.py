"""The navigation benchmarks of ``run.py`` (issue 21).

``--scenarios mkdocs``: the official Algoritmekader v2.5.1 (``--corpus``) in
compat mode against the framework's own MkDocs build of the same source,
CPU time, the builds alternated:

``algokader``            compat mode with the default settings (alabaster,
                         its default sidebars, ``algokader_fast_navigation``
                         on by default);
``algokader-theme-nav``  the same with ``algokader_fast_navigation = False``:
                         the theme's own navigation, as before issue 21;
``algokader-no-sidebar`` the same with ``html_sidebars = {"**": []}``: no
                         navigation at all;
``mkdocs``               ``mkdocs build`` with the interpreter of
                         ``--mkdocs-python`` (a venv with the versions of the
                         framework's ``requirements.txt``).

The corpus holds ``mkdocs.yml`` and ``docs/`` but not the site's theme
overrides and hooks (``src/overrides``: the tag and list hooks that make the
official site's tables). ``--mkdocs-overrides DIR`` names a ``src`` folder
of MinBZK/Algoritmekader at the release's commit (450e1befcc97); it is
copied beside ``mkdocs.yml``, and the build runs as the official one, less
two things that need a network: the ``security_txt`` hook (it fetches a file
from ncsc.nl after the build) and the git dates of
``git-revision-date-localized`` (``MKDOCS_ENABLE_GIT_DATES=false``; the
copy is no Git checkout). Without ``--mkdocs-overrides`` the theme's
``custom_dir`` and all hooks are left out, which makes MkDocs cheaper than
the official build (the report says which was measured).

``--scenarios navigation``: a generated handbook of ``--navigation-sizes``
(``generate.py``'s algokader variant, one flat toctree of every page) with
alabaster's default sidebars and ``algokader_fast_navigation = True``
(``fast-nav``), against the same handbook with ``html_sidebars = {"**": []}``
(``no-sidebar``, as every other benchmark builds); ``theme-nav`` (the
theme's own navigation) only when named in ``--navigation-variants``: it is
quadratic in the pages.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import generate

MKDOCS_VARIANTS = ("algokader", "algokader-theme-nav", "algokader-no-sidebar", "mkdocs")
NAVIGATION_VARIANTS = ("fast-nav", "no-sidebar", "theme-nav")
CONF = {
    "algokader": "",
    "algokader-theme-nav": "algokader_fast_navigation = False\n",
    "algokader-no-sidebar": 'html_sidebars = {"**": []}\n',
    # generated handbooks: their conf.py sets html_sidebars = {"**": []}
    "no-sidebar": "",
    "fast-nav": "html_sidebars = {}  # the theme's default sidebars\n"
                "algokader_fast_navigation = True\n",
    "theme-nav": "html_sidebars = {}  # the theme's default sidebars\n"
                 "algokader_fast_navigation = False\n",
}
#: the hook that fetches security.txt from the network after the build
NETWORK_HOOK = "src/overrides/hooks/security_txt.py"


def measure(cmd: list[str], out: Path, log_file: Path, env: dict | None = None,
            cwd: Path | None = None) -> dict:
    """One build in its own process: wall time around it, CPU (user + system)
    and peak RSS of that child from ``os.wait4``."""
    shutil.rmtree(out, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "w") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err,
                                cwd=cwd or out.parent, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code:
        sys.stderr.write(log_file.read_text(errors="replace")[-3000:])
        raise RuntimeError(f"build failed ({code}): {' '.join(map(str, cmd))}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024}


def _copy(src: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(src, target, symlinks=True)
    for path in target.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def prepare_mkdocs(corpus: Path, overrides: Path | None, target: Path) -> str:
    """A copy of the corpus that ``mkdocs build`` builds; returns what was
    left out of the official build."""
    _copy(corpus, target)
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if overrides is not None:
        shutil.copytree(overrides, target / "src")
        text = re.sub(rf"^(\s*)- {re.escape(NETWORK_HOOK)}\s*$", "", text, flags=re.M)
        left_out = ("the security_txt hook (network) and git dates "
                    "(MKDOCS_ENABLE_GIT_DATES=false)")
    else:
        text = re.sub(r"^\s*custom_dir:.*\n", "", text, flags=re.M)
        text = re.sub(r"^hooks:\n(?:[ \t]+- .*\n)+", "", text, flags=re.M)
        left_out = ("the theme overrides and every hook (no --mkdocs-overrides: no tag and "
                    "list hooks, so MkDocs does less than the official build) and git dates")
    config.write_text(text, encoding="utf-8")
    return left_out


def _sphinx(args, src: Path, out: Path) -> list[str]:
    return [args.python, "-m", "sphinx", "-b", "html", "-q", "-j", "1", str(src), str(out)]


Command = tuple[list[str], "dict | None", "Path | None"]  # command, environment, folder


def _alternate(args, commands: dict[str, Command], work: Path, log) -> dict[str, dict]:
    """Every command ``args.reps`` times, alternated (the order rotates per
    repetition)."""
    names = list(commands)
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for rep in range(args.reps):
        order = names[rep % len(names):] + names[:rep % len(names)]
        for name in order:
            cmd, env, cwd = commands[name]
            out = work / name / "out"
            build = measure(cmd, out, work / name / f"build-{rep + 1}.log", env, cwd)
            build["order"] = order.index(name)
            runs[name].append(build)
            log(f"  rep {rep + 1} {name:22s}: {build['wall']:7.2f}s wall "
                f"{build['cpu']:7.2f}s cpu {build['rss']:6.0f} MB")
    return {name: {"walls": [b["wall"] for b in r], "cpus": [b["cpu"] for b in r],
                   "rss": statistics.median(b["rss"] for b in r)} for name, r in runs.items()}


def run_mkdocs(args, results: dict, log) -> None:
    if not args.corpus.is_dir():
        log(f"corpus not found at {args.corpus}: mkdocs scenario skipped")
        return
    probe = subprocess.run([args.mkdocs_python, "-m", "mkdocs", "--version"],
                           capture_output=True, text=True)
    if probe.returncode:
        log(f"mkdocs is not importable by {args.mkdocs_python}: mkdocs scenario skipped "
            "(--mkdocs-python)")
        return
    work = args.workdir / "mkdocs"
    commands: dict[str, Command] = {}
    for variant in MKDOCS_VARIANTS[:3]:
        root = work / variant / "src"
        _copy(args.corpus, root)
        (root / "docs" / "conf.py").write_text(
            'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n'
            + CONF[variant], encoding="utf-8")
        commands[variant] = (_sphinx(args, root / "docs", work / variant / "out"), None, None)
    root = work / "mkdocs" / "src"
    left_out = prepare_mkdocs(args.corpus, args.mkdocs_overrides, root)
    env = dict(os.environ, MKDOCS_ENABLE_GIT_DATES="false")
    # from the repository's root, as the official build: pymdownx.snippets
    # finds the glossary (includes/begrippenlijst.md) relative to it; from
    # elsewhere MkDocs silently makes no abbreviations and costs a fifth
    commands["mkdocs"] = ([args.mkdocs_python, "-m", "mkdocs", "build", "-q", "-f",
                           str(root / "mkdocs.yml"), "-d", str(work / "mkdocs" / "out")],
                          env, root)
    log(f"== corpus against MkDocs ({probe.stdout.strip()}); left out: {left_out}")
    entry = results.setdefault("nav-mkdocs", {"full": {}, "incremental": {}})
    entry["mkdocs"] = {"version": probe.stdout.strip(), "left_out": left_out,
                       "runs": _alternate(args, commands, work, log)}
    entry["mkdocs"]["navigation_in_pages"] = _pages_with_navigation(work / "algokader" / "out")
    # both made the glossary's abbreviations (MkDocs only when run from the root)
    entry["mkdocs"]["abbr_pages"] = {name: _pages_with(work / name / "out", "<abbr ")
                                     for name in ("algokader", "mkdocs")}
    log(f"  pages with a navigation: {entry['mkdocs']['navigation_in_pages']}; with "
        f"abbreviations: {entry['mkdocs']['abbr_pages']}")


def _pages_with(out: Path, text: str) -> int:
    return sum(1 for p in out.rglob("*.html")
               if "_static" not in p.parts and text in p.read_text(encoding="utf-8"))


def _pages_with_navigation(out: Path) -> list[int]:
    """[pages with a navigation sidebar, pages]."""
    pages = [p for p in out.rglob("*.html") if "_static" not in p.parts]
    found = sum(1 for p in pages
                if '<h3>Navigation</h3>' in (text := p.read_text(encoding="utf-8"))
                or "<h3>Navigatie</h3>" in text)
    return [found, len(pages)]


def run_navigation(args, n: int, l: int, results: dict, log) -> None:
    work = args.workdir / f"nav-n{n}-l{l}"
    commands = {}
    for variant in args.navigation_variants:
        src = work / variant / "src"
        generate.generate("algokader", n, l, args.seed, src)
        with open(src / "conf.py", "a", encoding="utf-8") as conf:
            conf.write(CONF[variant])
        commands[variant] = (_sphinx(args, src, work / variant / "out"), None, None)
    log(f"== navigation: N={n} L={l}, {', '.join(commands)}")
    entry = results.setdefault(f"nav-{n}x{l}", {"n": n, "l": l, "full": {},
                                                "incremental": {}})
    entry["navigation"] = {"runs": _alternate(args, commands, work, log)}
    if "fast-nav" in commands:
        entry["navigation"]["navigation_in_pages"] = _pages_with_navigation(
            work / "fast-nav" / "out")


# --------------------------------------------------------------------------
# report


def _ratios(a: dict, b: dict, key: str) -> list[float]:
    return [x / y for x, y in zip(a[key], b[key]) if y]


def _spread(values: list[float]) -> str:
    if not values:
        return "–"
    return f"{statistics.median(values):.2f}× ({min(values):.2f}–{max(values):.2f})"


def _medians(runs: dict, name: str) -> str:
    r = runs[name]
    return (f"{statistics.median(r['cpus']):.2f} ({min(r['cpus']):.2f}–{max(r['cpus']):.2f})"
            f" | {statistics.median(r['walls']):.2f} | {r['rss']:.0f}")


def report(results: dict) -> list[str]:
    out: list[str] = []
    mk = results.get("nav-mkdocs", {}).get("mkdocs")
    if mk:
        runs = mk["runs"]
        base = runs["mkdocs"]
        out += ["", "## The corpus against its own MkDocs build", "",
                f"MkDocs: `{mk['version']}`; left out of the official build: "
                f"{mk['left_out']}. Per-repetition CPU ratios (builds of one repetition "
                "ran one after the other), median (min–max) of "
                f"{len(base['cpus'])}; ratio of medians after the semicolon.", "",
                "| variant | cpu / MkDocs per repetition; of medians | wall / MkDocs | "
                "cpu s, median (min–max) | wall s | peak RSS MB |",
                "|---|---|---|---|---|---|"]
        for name in runs:
            r = runs[name]
            of_medians = statistics.median(r["cpus"]) / statistics.median(base["cpus"])
            out.append(f"| {name} | {_spread(_ratios(r, base, 'cpus'))}; {of_medians:.2f}× | "
                       f"{_spread(_ratios(r, base, 'walls'))} | {_medians(runs, name)} |")
        if "navigation_in_pages" in mk:
            found, pages = mk["navigation_in_pages"]
            out.append(f"\nPages of `algokader` with a navigation sidebar: {found} of {pages}. "
                       "Pages with glossary abbreviations: "
                       + ", ".join(f"{k} {v}" for k, v in mk.get("abbr_pages", {}).items()) + ".")
    for key in sorted((k for k in results if k.startswith("nav-") and k != "nav-mkdocs"),
                      key=lambda k: results[k]["n"]):
        e = results[key]
        runs = e["navigation"]["runs"]
        out += ["", f"## Navigation of a generated handbook, N={e['n']} L={e['l']}", "",
                "Per-repetition CPU ratios against `no-sidebar`, median (min–max).", "",
                "| variant | cpu / no-sidebar | wall / no-sidebar | cpu s, median (min–max) | "
                "wall s | peak RSS MB |", "|---|---|---|---|---|---|"]
        base = runs.get("no-sidebar")
        for name in runs:
            r = runs[name]
            cpu = _spread(_ratios(r, base, "cpus")) if base else "–"
            wall = _spread(_ratios(r, base, "walls")) if base else "–"
            out.append(f"| {name} | {cpu} | {wall} | {_medians(runs, name)} |")
        if "navigation_in_pages" in e["navigation"]:
            found, pages = e["navigation"]["navigation_in_pages"]
            out.append(f"\nPages of `fast-nav` with a navigation sidebar: {found} of {pages}.")
    return out
