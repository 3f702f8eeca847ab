"""``sphinx-algokader``: copy the framework edition into a handbook to edit
it, compare two editions, and keep a handbook's URN lock.

``init DIR`` copies the shipped ``content/`` into DIR and records a checksum
of every file. ``update DIR`` takes in the edition of the installed (newer)
release: files the organisation did not edit are replaced, new files are
added, files the release dropped are removed if unedited, and where both
sides changed the release's version is written next to the file as
``NAME.new`` for a person to merge. Nothing the organisation wrote is lost.
It then prints what the new edition adds, changes, drops and re-uses.

``diff OLD NEW`` compares two editions (folders or ``algokader.json``
exports, ``editions.py``) as text, Markdown or JSON; ``--fail-on`` makes it
exit 1 for CI when the new edition adds, removes, changes or re-uses items.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sphinx_algokader import editions
from sphinx_algokader.embed import (
    MANIFEST,
    content_dir,
    content_edition,
    content_files,
    digest,
    inside,
    read_manifest,
    write_manifest,
)
from sphinx_algokader.version import __version__


def init(target: Path, force: bool = False) -> int:
    if target.exists() and not target.is_dir():
        print(f"{target} is a file; give a folder to copy the framework into", file=sys.stderr)
        return 1
    if target.exists() and any(target.iterdir()) and not force:
        manifest = read_manifest(target)
        if manifest is not None and manifest.get("mode") == "embed":
            print(f"{target} is the framework that algokader_embed mirrors; to make it a "
                  "copy of your own, remove algokader_embed from conf.py and run 'init "
                  "--force' on it", file=sys.stderr)
        else:
            print(f"{target} is not empty; use 'update' to take in a new release "
                  "(or --force to copy over it)", file=sys.stderr)
        return 1
    files = {}
    try:
        for relative, source in content_files():
            data = source.read_bytes()
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            files[relative] = digest(data)
        write_manifest(target, files, "copy", content_edition().name)
    except OSError as error:
        print(f"cannot copy the framework into {target}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    print(f"copied {len(files)} files of the Algoritmekader into {target}")
    return 0


def update(target: Path) -> int:
    manifest = read_manifest(target)
    if manifest is None:
        problem = ("cannot be read (not a JSON object)" if (target / MANIFEST).is_file()
                   else "does not exist")
        print(f"{target / MANIFEST} {problem}: was {target} made by 'init'?", file=sys.stderr)
        return 1
    if manifest.get("mode") == "embed":
        print(f"{target} is the framework that algokader_embed mirrors: every build restores "
              "it from the installed release, so there is nothing to update (upgrade "
              "sphinx-algokader and build; to make it a copy of your own, remove "
              "algokader_embed from conf.py and run 'init --force' on it)", file=sys.stderr)
        return 1
    base: dict[str, str] = dict(manifest.get("files", {}))  # type: ignore[arg-type]
    before = _edition_before(target, manifest)
    new_files: dict[str, str] = {}
    report: dict[str, list[str]] = {"updated": [], "added": [], "removed": [], "conflict": [],
                                    "kept": []}
    for relative, source in content_files():
        data = source.read_bytes()
        theirs = digest(data)
        destination = target / relative
        mine = digest(destination.read_bytes()) if destination.is_file() else None
        new_files[relative] = theirs
        if mine == theirs:
            continue
        if mine is None:
            if relative in base:  # the organisation deleted it: respect that
                report["kept"].append(relative)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(data)
            report["added"].append(relative)
        elif mine == base.get(relative):  # unedited here: take the release's
            destination.write_bytes(data)
            report["updated"].append(relative)
        elif base.get(relative) == theirs:  # edited here, unchanged upstream
            report["kept"].append(relative)
        else:  # both changed: the release's version beside it, never over a kept one
            new = destination.with_name(destination.name + ".new")
            n = 1
            while new.exists() and new.read_bytes() != data:
                n += 1
                new = destination.with_name(f"{destination.name}.new{n}")
            new.write_bytes(data)
            report["conflict"].append(relative)
    for relative in sorted(set(base) - set(new_files)):
        destination = inside(target, relative)  # type: ignore[assignment]
        if destination is None:
            print(f"{MANIFEST} names {relative!r}, outside {target}: left alone", file=sys.stderr)
            continue
        if destination.is_file() and digest(destination.read_bytes()) == base[relative]:
            destination.unlink()
            report["removed"].append(relative)
        elif destination.is_file():
            report["kept"].append(relative)
    write_manifest(target, new_files, "copy", content_edition().name)
    for kind, paths in report.items():
        for path in paths:
            print(f"{kind:9} {path}")
    _print_edition_changes(before)
    if report["conflict"]:
        n = len(report["conflict"])
        print(f"{n} file{'s' if n != 1 else ''} changed both here and in the release: "
              "merge each NAME.new into NAME, then delete NAME.new (an earlier NAME.new "
              "that you kept is left alone; the release's version is then NAME.new2, ...)", file=sys.stderr)
    return 0


def _edition_before(target: Path, manifest: dict[str, object]
                    ) -> tuple[editions.Edition | None, bool]:
    """The edition a copy holds before an update, and whether it is the
    release's: the shipped export of the edition its manifest names, else
    the copy's own pages (with its edits)."""
    name = manifest.get("edition")
    shipped = editions.shipped_edition(name) if isinstance(name, str) else None
    try:
        if shipped is not None:
            return editions.load_export(shipped), True
        return editions.load_folder(target), False
    except editions.EditionError:
        return None, False


def _print_edition_changes(before: tuple[editions.Edition | None, bool]) -> None:
    edition, released = before
    if edition is None:
        print("no earlier edition to compare with: the copy held no framework items")
        return
    after = editions.load_folder(content_dir())
    for problem in (*edition.problems, *after.problems):  # as diff says them
        print(f"warning: {problem}", file=sys.stderr)
    if released:
        print(f"\nChanges in the framework from edition {edition.label} to {after.label}:")
    else:
        print(f"\nChanges from the pages of this copy (edits included) to edition {after.label}:")
    print(editions.as_text(editions.diff(edition, after)), end="")


#: what --fail-on may name
FAIL_ON = ("added", "removed", "changed", "reused")


def diff(old: str, new: str, form: str = "text", fail_on: tuple[str, ...] = ()) -> int:
    """Print the changes from edition ``old`` to ``new``; 1 when one of
    ``fail_on`` has any, 2 when an edition cannot be read."""
    import json

    try:
        before, after = editions.load_edition(old), editions.load_edition(new)
    except editions.EditionError as error:
        print(f"sphinx-algokader diff: {error}", file=sys.stderr)
        return 2
    for problem in (*before.problems, *after.problems):
        print(f"warning: {problem}", file=sys.stderr)
    result = editions.diff(before, after)
    if form == "json":
        print(json.dumps(editions.as_json(result), ensure_ascii=False, indent=1))
    elif form == "md":
        print(editions.as_markdown(result), end="")
    else:
        print(editions.as_text(result), end="")
    counts = result.counts()
    failed = [name for name in fail_on if counts[name]]
    if failed:
        print(f"sphinx-algokader diff: {', '.join(f'{counts[n]} {n}' for n in failed)} "
              f"(--fail-on {','.join(fail_on)})", file=sys.stderr)
        return 1
    return 0


def _fail_on(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in FAIL_ON]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown {', '.join(map(repr, unknown))}; choose from {','.join(FAIL_ON)}")
    return names


def lock(source: Path, prune: bool = False) -> int:
    """Write or update the URN lock of the handbook in ``source``.

    The handbook is read (with the lock check off) and every URN it has is
    added to the lock named by ``algokader_urn_lock`` (``algokader.lock``
    when unset). URNs the lock has and the content lost are kept, and
    reported, unless ``prune``: dropping a published URN is a decision."""
    import json
    import tempfile
    from io import StringIO

    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError

    from sphinx_algokader.model import URN_FORMS
    from sphinx_algokader.validate import lock_path, read_lock, write_lock

    if not (Path(source) / "conf.py").is_file():
        print(f"{source} has no conf.py: give the handbook's source folder", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        try:
            # the lock's own check is silenced: it is what is being written
            app = Sphinx(str(source), str(source), tmp, str(Path(tmp) / ".doctrees"),
                         "algokader-json", status=StringIO(), warning=StringIO(),
                         freshenv=True, confoverrides={
                             "suppress_warnings": ["algokader.urn_lock"],
                             "algokader_strict": False})
            app.build()
        except SphinxError as error:
            hint = ("; is sphinx_algokader in its extensions?"
                    if "algokader-json" in str(error) else "")
            print(f"{source}: the handbook cannot be read: {error}{hint}", file=sys.stderr)
            return 1
        data = json.loads((Path(tmp) / editions.EXPORT_FILE).read_text(encoding="utf-8"))
        path = lock_path(app)
    configured = path is not None
    # named as the user named the handbook ("docs/algokader.lock"), whether
    # conf.py names the lock or not
    shown = Path(source) / (app.config.algokader_urn_lock or "algokader.lock")
    path = path or shown
    # a malformed URN (algokader.urn_format) is no promise to keep: not locked
    malformed = sorted({item["urn"] for item in data["items"] if item["urn"]
                        and item["kind"] in URN_FORMS
                        and not URN_FORMS[item["kind"]].match(item["urn"])})
    urns = {item["urn"] for item in data["items"] if item["urn"]} - set(malformed)
    old = set(read_lock(path)) if path.is_file() else set()
    lost = sorted(old - urns)
    added = sorted(urns - old)
    kept = urns if prune else urns | old
    path.parent.mkdir(parents=True, exist_ok=True)  # algokader_urn_lock = "ci/urns.lock"
    write_lock(path, sorted(kept))
    for urn in added:
        print(f"added    {urn}")
    for urn in malformed:
        print(f"skipped  {urn} (not a URN of its kind: fix the id, then lock again)")
    for urn in lost:
        print(f"{'dropped' if prune else 'missing'}  {urn}")
    print(f"{shown}: {_count(len(kept), 'URN')}")
    if not configured:
        print(f'add algokader_urn_lock = "{path.name}" to conf.py to check it in every build')
    if lost and not prune:
        print(f"{_count(len(lost), 'locked URN')} {'is' if len(lost) == 1 else 'are'} not in "
              "the content; restore them, or run with --prune to drop them from the lock",
              file=sys.stderr)
        return 1
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="sphinx-algokader",
        description="Copy the Algoritmekader shipped with sphinx-algokader into a handbook, "
                    "take in a new edition, compare editions, and lock the URNs a handbook "
                    "publishes.")
    edition = content_edition()
    parser.add_argument("--version", action="version",
                        version=f"sphinx-algokader {__version__} (Algoritmekader edition "
                                f"{edition.name} of {edition.date})")
    commands = parser.add_subparsers(dest="command", required=True)
    p_init = commands.add_parser("init", help="copy the framework pages into DIR to edit them")
    p_init.add_argument("dir", type=Path)
    p_init.add_argument("--force", action="store_true", help="copy into a non-empty DIR")
    p_update = commands.add_parser("update", help="take in the installed release's pages "
                                   "and print what the new edition changed")
    p_update.add_argument("dir", type=Path)
    p_diff = commands.add_parser(
        "diff", help="compare two editions: what NEW adds, removes, changes and re-uses",
        description="OLD and NEW are each a folder of framework pages (content/, an official "
                    "MkDocs docs/ tree, an item-only tree), an algokader.json export, or the "
                    "name of an edition that ships with sphinx-algokader "
                    f"({', '.join(editions.shipped_editions()) or 'none'}).")
    p_diff.add_argument("old")
    p_diff.add_argument("new")
    p_diff.add_argument("--format", choices=("text", "md", "json"), default="text",
                        help="text (the default), md (Markdown) or json")
    p_diff.add_argument("--fail-on", type=_fail_on, default=(), metavar="KINDS",
                        help="exit 1 when there is any of these, comma-separated: "
                             f"{','.join(FAIL_ON)}")
    p_lock = commands.add_parser("lock", help="write or update the URN lock of a handbook")
    p_lock.add_argument("sourcedir", type=Path, help="the folder that holds conf.py")
    p_lock.add_argument("--prune", action="store_true",
                        help="drop locked URNs that the content no longer has")
    args = parser.parse_args(argv)
    if args.command == "init":
        return init(args.dir, args.force)
    if args.command == "lock":
        return lock(args.sourcedir, args.prune)
    if args.command == "diff":
        return diff(args.old, args.new, args.format, args.fail_on)
    return update(args.dir)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
