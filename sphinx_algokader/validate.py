"""Content validation: checks that need the whole index.

Local problems (a bad token, an empty front-matter item, broken YAML) are
reported while a page is read; what needs every page is checked here, on
``env-check-consistency``, each with its own warning subtype and the page
and line it concerns:

* ``duplicate_id``, ``urn_format``, ``file_prefix``, ``missing_id``,
  ``missing_title``: identity of items (the framework's own rules);
* ``dangling_relation``: relations that name nothing;
* ``unknown_label``: label values outside the vocabulary;
* ``unknown_key``, ``unknown_value``: filters that can never match;
* ``urn_lock``: URNs a lock file promises that the content lost.

``algokader_strict = True`` makes all of them errors and fails the build;
a broken URN lock fails it always. Failing means: the build runs to its
end, then says why and exits with status 1 (``app.statuscode``, as
``sphinx.ext.doctest`` fails a build), where raising an error would make
Sphinx print a crash report and throw its environment away, so that the
next build would read every page again.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_algokader.changes import edition_problems
from sphinx_algokader.index import get_index, get_store
from sphinx_algokader.diagnostics import emit, is_suppressed, location_text, logger
from sphinx_algokader.locations import front_matter_line
from sphinx_algokader.model import KNOWN_LABEL_KEYS, RELATION_KEYS, URN_FORMS, Item
from sphinx_algokader.records.check import record_problems
from sphinx_algokader.vocabulary import get_vocabulary

Problem = tuple[str, str, tuple[str, int | None]]  # subtype, message, location

def file_matches_code(item: Item) -> bool:
    """The framework's file-name rule: ``avg-02-…`` for ``urn:…:ver:avg-02``,
    ``0-org-01-…`` (the phase digit first) for ``urn:…:mtr:org-01``, and the
    tool's name for ``urn:…:hlp:<name>``."""
    name, code = item.name, item.code
    if item.kind == "vereiste":
        return name == code or name.startswith(code + "-")
    if item.kind == "maatregel":
        return re.match(rf"^\d-{re.escape(code)}(?:-|$)", name) is not None
    return name.lower() == code


def item_problems(env: BuildEnvironment) -> Iterator[Problem]:
    index = get_index(env)
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    by_urn: dict[str, list[str]] = {}
    for kind_items in index.by_kind.values():
        for item in kind_items:
            doc = item.docname

            def at(key: str, value: str | None = None) -> tuple[str, int | None]:
                return (doc, front_matter_line(env, doc, key, value))

            if not item.urn:
                if item.kind in ("vereiste", "maatregel"):
                    yield "missing_id", f"this {item.kind} has no id (urn:nl:ak:...)", (doc, 1)
            else:
                by_urn.setdefault(item.urn, []).append(doc)
                if not URN_FORMS[item.kind].match(item.urn):
                    yield ("urn_format", f"id {item.urn!r} is not a URN of a {item.kind} "
                           f"({URN_FORMS[item.kind].pattern})", at("id"))
                elif not file_matches_code(item):
                    yield ("file_prefix", f"file name {item.name!r} does not match id "
                           f"{item.urn!r}", at("id"))
            if not item.has_title:
                yield "missing_title", "this item has no title in its front matter", (doc, 1)
            for key, names in item.relations.items():
                for name in names:
                    if name and index.resolve(key, name) is None:
                        yield ("dangling_relation",
                               f"{key}: {name!r} names no {key} in this handbook", at(key, name))
            for key, values in item.labels.items():
                entry = vocabulary.labels.get(key)
                if entry is None:
                    continue  # a handbook's own key: no vocabulary to check against
                for value in values:
                    if value not in entry.values:
                        yield ("unknown_label", f"{key}: {value!r} is not in the vocabulary "
                               f"(extend it with algokader_vocabulary)", at(key, value))
    for urn, docnames in sorted(by_urn.items()):
        first, *others = docnames
        for other in others:
            yield ("duplicate_id",
                   f"id {urn!r} is also used by {env.doc2path(first, False).as_posix()}",
                   (other, front_matter_line(env, other, "id")))


def list_problems(env: BuildEnvironment) -> Iterator[Problem]:
    index = get_index(env)
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    for docname, uses in sorted(get_store(env).lists.items()):
        for use in uses:
            for key, value in use.spec.filters:
                where = (docname, use.line)
                if key in RELATION_KEYS:
                    if index.resolve(key, value) is None and value not in index.values_seen.get(key, ()):
                        yield "unknown_value", f"filter {key}/{value}: no {key} is named {value!r}", where
                    continue
                if key not in index.values_seen and key not in vocabulary.labels \
                        and key not in KNOWN_LABEL_KEYS:
                    yield "unknown_key", f"filter {key}/{value}: no item has the key {key!r}", where
                elif value not in index.values_seen.get(key, ()) and not vocabulary.knows(key, value):
                    yield ("unknown_value", f"filter {key}/{value}: no item carries {value!r} and the "
                           f"vocabulary of {key!r} does not list it", where)


# --------------------------------------------------------------------------
# the URN lock


def lock_path(app: Sphinx) -> Path | None:
    setting = app.config.algokader_urn_lock
    return (Path(app.confdir) / setting) if setting else None


def read_lock(path: Path) -> list[str]:
    """URNs in a lock file: one per line; ``#`` starts a comment."""
    urns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            urns.append(line)
    return urns


def write_lock(path: Path, urns: list[str]) -> None:
    """Write the lock: the comment lines it starts with (ours for a new
    file), then the URNs sorted, each keeping a comment it had at the end
    of its line."""
    header = ("# URNs published by this handbook (sphinx-algokader URN lock).\n"
              "# A URN listed here that disappears from the content fails the build.\n"
              "# Update with: sphinx-algokader lock SOURCEDIR\n")
    lines: dict[str, str] = {}
    if path.is_file():
        old = path.read_text(encoding="utf-8").splitlines()
        top = list(itertools.takewhile(lambda line: not line.split("#", 1)[0].strip(), old))
        header = "".join(f"{line}\n" for line in top) if top else header
        for line in old:
            urn = line.split("#", 1)[0].strip()
            if urn:
                lines.setdefault(urn, line.strip())
    path.write_text(header + "".join(f"{lines.get(urn, urn)}\n" for urn in sorted(set(urns))),
                    encoding="utf-8")


def lock_problems(app: Sphinx, env: BuildEnvironment) -> Iterator[Problem]:
    path = lock_path(app)
    if path is None:
        return
    if not path.is_file():
        yield ("urn_lock", f"algokader_urn_lock: {path} does not exist; create it with "
               "'sphinx-algokader lock'", (app.config.root_doc, None))
        return
    present = {item.urn for item in get_index(env).items.values() if item.urn}
    for urn in read_lock(path):
        if urn not in present:
            yield ("urn_lock", f"URN {urn} is in {path.name} but no longer in the content: "
                   "consumers that use it will break (restore the item, or remove the URN "
                   "from the lock on purpose)", (app.config.root_doc, None))


# --------------------------------------------------------------------------


def _on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    strict = app.config.algokader_strict
    count = lock_failures = 0
    paths: dict[str, str] = {}
    for problems in (item_problems(env), list_problems(env), lock_problems(app, env),
                     record_problems(env), edition_problems(env)):
        for subtype, message, location in problems:
            # a broken URN lock fails the build in any mode: an error in any mode
            emit(subtype, message, location_text(env, location, paths),
                 strict or subtype == "urn_lock")
            if not is_suppressed(app.config, subtype):
                count += 1
                lock_failures += subtype == "urn_lock"
    store = get_store(env)
    store.global_problems, store.lock_failures, store.checked = count, lock_failures, True


def _on_before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    get_store(env).read_now = set(docnames)


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    get_store(env).checked = False


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    store = get_store(app.env)
    if not store.checked:
        # Sphinx checks consistency only when a page changed (and pickles
        # the environment before it does): check now, so that a build with
        # nothing to do, or one after a setting that re-reads no page,
        # reports the whole handbook's problems (and fails with -W) as the
        # one before it did
        _on_check_consistency(app, app.env)
    reasons = []
    if store.lock_failures:
        reasons.append("the URN lock is broken (see above)")
    count = store.global_problems + sum(len(v) for v in store.problems.values())
    if app.config.algokader_strict and count:
        # a page's own problems are shown when it is read: of pages this
        # build did not read, they are counted but not shown again
        unseen = sum(len(v) for docname, v in store.problems.items()
                     if docname not in store.read_now)
        reasons.append(f"{count} content problem{'' if count == 1 else 's'} "
                       f"(algokader_strict = True): " + (
                           "see above" if not unseen else
                           f"{count - unseen} shown above; the other {unseen} were found "
                           "when their pages were read in an earlier build (sphinx-build -E "
                           "shows every one)"))
    for reason in reasons:
        logger.error(reason)
    if reasons:
        app.statuscode = 1


def setup(app: Sphinx) -> None:
    app.add_config_value("algokader_strict", False, "", types=frozenset({bool}))
    app.add_config_value("algokader_urn_lock", "", "env", types=frozenset({str}))
    app.connect("env-before-read-docs", _on_before_read)
    app.connect("env-updated", _on_env_updated)
    app.connect("env-check-consistency", _on_check_consistency)
    app.connect("build-finished", _on_build_finished)
