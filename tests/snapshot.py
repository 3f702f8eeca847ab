"""Build three handbooks in three formats, to compare a change's output.

Run by hand around a change that must not alter what readers get (moving
code, a faster path): once on the old sources, once on the new, then compare:

    python tests/snapshot.py build /tmp/before     # on the old checkout
    python tests/snapshot.py build /tmp/after      # on the new one
    python tests/snapshot.py compare /tmp/before /tmp/after

The handbooks are ``docs/`` (English, the framework embedded), a fresh
Dutch handbook that embeds the bundled framework (``algokader_embed``), and
the official v2.5.1 source in compat mode (skipped when ``../shared/corpora``
is absent); each is built as html, latex and text. ``compare`` lists every
file that differs, is missing or is new, and exits 1 when any does. The
doctree pickles and ``.buildinfo`` are left out: they are build state, not
output.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import CORPUS, copy_corpus, embedded_handbook

ROOT = Path(__file__).resolve().parents[1]
BUILDERS = ("html", "latex", "text")
SKIP = {".doctrees", ".buildinfo"}


def _handbooks(work: Path) -> dict[str, Path]:
    """name -> source folder of each handbook, made fresh under ``work``."""
    books = {}
    docs = work / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("_build", "algoritmekader"))
    books["docs"] = docs
    (work / "embed").mkdir()
    books["embed"] = embedded_handbook(work / "embed")
    if CORPUS.is_dir():
        books["corpus"] = copy_corpus(work) / "docs"
    else:
        print(f"corpus skipped: {CORPUS} not found", file=sys.stderr)
    return books


def build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, src in _handbooks(Path(tmp)).items():
            for builder in BUILDERS:
                target = out / name / builder
                shutil.rmtree(target, ignore_errors=True)
                subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", builder, str(src),
                                str(target), "-d", str(Path(tmp) / f"{name}-{builder}.doctrees")],
                               check=True)
                print(f"built {name} {builder}")


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not SKIP & set(p.relative_to(folder).parts)}


def compare(before: Path, after: Path) -> int:
    old, new = _files(before), _files(after)
    problems = [f"missing: {f}" for f in sorted(old - new)]
    problems += [f"new: {f}" for f in sorted(new - old)]
    same = sorted(old & new)
    problems += [f"differs: {f}" for f in same
                 if not filecmp.cmp(before / f, after / f, shallow=False)]
    for line in problems:
        print(line)
    print(f"{len(same)} files compared, {len(problems)} differences")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "build":
        build(Path(argv[1]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
