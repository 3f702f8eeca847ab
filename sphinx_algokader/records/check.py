"""Problems of records that only the whole handbook shows.

Reported once per build with the framework's own consistency checks
(``validate.py``), so they show in every build, incremental ones too, and
count for ``algokader_strict``. Problems of one record on its own (an
unknown status, a reason missing, a bad status-file row) are reported when
its page is read (``collector.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docutils import nodes
from sphinx.environment import BuildEnvironment

from sphinx_algokader.changes import changes_since, current_item, current_name
from sphinx_algokader.diagnostics import logger
from sphinx_algokader.index import get_index, get_store
from sphinx_algokader.locations import record_location
from sphinx_algokader.model import RECORD_KEY, Item
from sphinx_algokader.records.assess import Assessment
from sphinx_algokader.records.model import SLASHES, MeasureRecord
from sphinx_algokader.records.views import (
    URL_SCHEMES,
    VIEW_MARKERS,
    algorithms,
    assessment,
    blocked_scheme,
    matches,
    overview_labels,
    record_evidence,
    vocabulary_key,
)
from sphinx_algokader.vocabulary import get_vocabulary

#: (subtype, message, location) as validate.py reports them
Problem = tuple[str, str, object]


def _where(env: BuildEnvironment, docname: str, record: MeasureRecord) -> object:
    return record_location(env, docname, record.name, record.source, record.line)


def _page_ids(env: BuildEnvironment, docname: str, memo: dict[str, set[str]]) -> set[str]:
    """The ids of a page's elements (sections, targets): what an evidence
    entry's ``#fragment`` may name. Read from its doctree, only for pages
    that evidence links into with a fragment."""
    if docname not in memo:
        memo[docname] = {i for node in env.get_doctree(docname).findall(nodes.Element)
                         for i in node["ids"]}
    return memo[docname]


def record_problems(env: BuildEnvironment) -> Iterator[Problem]:
    store = get_store(env)
    first = algorithms(env)
    page_ids: dict[str, set[str]] = {}
    for docname in sorted(store.algorithms):
        algorithm = store.algorithms[docname]
        winner = first.get(algorithm.id)
        if winner is not None and winner.docname != docname:
            yield ("duplicate_algorithm", f"algorithm id {algorithm.id!r} is used by "
                   f"{winner.docname} already; this record is left out of its page's views, "
                   "the overviews and the exports until its id is unique",
                   record_location(env, docname, "id"))
            continue
        a = assessment(env, algorithm.id)
        if a is None:
            continue
        for record in a.unknown:
            removed = _removed_since(env, algorithm.editie, record.name)
            written = _written_otherwise(env, record.name)
            renamed = _renamed(env, record.name) if written is None else None
            hint = (f"it was a measure of edition {algorithm.editie} ({removed!r}) and is no "
                    "longer in the framework: remove the record, or record what you did under "
                    "the measure that took its place" if removed else
                    f"write it {written!r}: a measure is named by its short code, file name "
                    "(without folder or .md) or URN, in lower case" if written else
                    f"its short code names {renamed.title!r}, whose file has another name "
                    f"now: use the short code {renamed.code!r}, which stays when a file is "
                    "renamed" if renamed else
                    "use its short code, file name or URN")
            yield ("unknown_measure", f"{algorithm.id}: {record.name!r} names no measure "
                   f"({hint}); the record is not shown", _where(env, docname, record))
        for record in a.not_relevant:
            yield ("not_relevant", f"{algorithm.id}: measure {record.name!r} "
                   f"{_why_not_relevant(env, record.name)}; the record is kept in the exports "
                   "but not counted", _where(env, docname, record))
        for record in a.overridden:
            yield ("record_conflict", f"{algorithm.id}: measure {record.name!r} has a record "
                   "already (the front matter's record wins over the status file's, and an "
                   "earlier row over a later one); this one is ignored", _where(env, docname, record))
        evidence = record_evidence(env, algorithm)
        for record in algorithm.records:
            for entry, (_, target, kind) in zip(record.bewijs, evidence[id(record)]):
                problem = _evidence_problem(env, entry, target, kind, page_ids)
                if problem is None:
                    continue
                yield ("evidence_link", f"{algorithm.id}: evidence {entry!r} of "
                       f"{record.name!r} {problem}", _where(env, docname, record))
        yield from edition_problems(env, docname, a)
    yield from view_problems(env)


def _why_not_relevant(env: BuildEnvironment, name: str) -> str:
    """Why a measure's record counts for no requirement of an algorithm."""
    index = get_index(env)
    measure = index.resolve("maatregel", name)
    if measure is not None and not any(index.resolve("vereiste", requirement) for requirement
                                       in measure.relations.get("vereiste", ())):
        return ("serves no requirement (its vereiste: names none of this handbook), so no "
                "algorithm counts it")
    return "serves no requirement that applies to this algorithm's profiel"


#: a space of any kind, which no URL holds
_SPACE_RE = re.compile(r"\s")


def _evidence_problem(env: BuildEnvironment, entry: str, target: str, kind: str,
                      page_ids: dict[str, set[str]]) -> str | None:
    """What is wrong with an evidence entry (``views.evidence_link`` made
    ``target`` and ``kind`` of it), or None."""
    if kind == "url":
        if _SPACE_RE.search(entry):
            return ("holds a space, which no URL can: a browser may open another address "
                    "(write a space as %20, and separate entries with ;)")
        return None
    if kind != "doc":
        return None
    page, _, fragment = target.partition("#")
    if page not in env.found_docs:
        scheme = blocked_scheme(entry)
        return (f"is a {scheme}: URL, which is shown as text, not as a link "
                f"(a link starts with {', '.join(URL_SCHEMES)})" if scheme else
                f"is no page of this handbook ({SLASHES})"
                if "\\" in entry else
                "is no page of this handbook (a URL needs https://)")
    if fragment and fragment not in _page_ids(env, page, page_ids):
        return (f"links to #{fragment}, which is no section or target of "
                f"{page} (the part after # is an id the page's HTML has)")
    return None


#: a measure's short code inside a file name (``2-owp-06-impactanalyse``)
_CODE_IN_NAME_RE = re.compile(r"(?<![a-z])[a-z]+-\d+")


#: what a file name may end in where a record names its measure by a path
#: or a web address: a source's suffix, or a built page's
_PAGE_SUFFIXES = (".md", ".rst", ".html", ".htm")


def _written_otherwise(env: BuildEnvironment, name: str) -> str | None:
    """How a record's measure name that names no measure would name one:
    without its folders (a path, or a page's web address, which the official
    site's ends in "/"), its file's suffix (``.md``, ``.html``) or a
    ``#fragment``, or in lower case; None when none of these does."""
    stripped = name.strip()
    if ":" not in stripped or "/" in stripped:  # (not a URN)
        stripped = stripped.partition("#")[0].partition("?")[0].rstrip("/").rpartition("/")[2]
    for suffix in _PAGE_SUFFIXES:
        if stripped.lower().endswith(suffix):
            stripped = stripped[:-len(suffix)]
    for written in dict.fromkeys((stripped, stripped.lower())):
        if written != name and get_index(env).resolve("maatregel", written) is not None:
            return written
    return None


def _renamed(env: BuildEnvironment, name: str) -> Item | None:
    """The measure whose short code a record's file name holds, when that
    name no longer names it (the file was renamed); None otherwise."""
    if ":" in name:  # a URN names its measure by its code already
        return None
    for code in _CODE_IN_NAME_RE.findall(name):
        item = get_index(env).resolve("maatregel", code)
        if item is not None and item.code == code:
            return item
    return None


def _removed_since(env: BuildEnvironment, edition: str, name: str) -> str | None:
    """The title of the measure ``name`` named in ``edition`` when it has
    been removed since; None when it was none or there is no data."""
    d = changes_since(env, edition) if edition else None
    if d is None:
        return None
    name = name.strip()
    for item in d.removed:
        if item.kind == "maatregel" and name in (item.code, item.name, item.urn):
            return item.title
    return None


def edition_problems(env: BuildEnvironment, docname: str, a: Assessment) -> Iterator[Problem]:
    """Records of measures that changed or were re-used since the edition
    the records were confirmed against (``editie``). An edition of which the
    build has no data is said, as information, at each record that names
    it: nothing is guessed (the data export says "not checked": null)."""
    algorithm = a.algorithm
    if not algorithm.editie:
        return
    d = changes_since(env, algorithm.editie)
    if d is None:
        logger.info(f"sphinx-algokader: {algorithm.id}: records are confirmed against edition "
                    f"{algorithm.editie!r}, of which this build has no data; their measures "
                    "are not checked for changes (set algokader_previous_edition to that "
                    "edition's algokader.json or folder)",
                    location=record_location(env, docname, "editie"))
        return
    found = {change.key: change for change in d.changed}
    name = current_name(env)
    # (without a name, no editie can say "checked against these pages")
    now = repr(name) if name else ("the handbook's own edition, once algokader_edition in "
                                   "conf.py names it")
    for m in a.measures:
        if not m.recheck:
            continue
        assert m.record is not None
        change = found[current_item(env, m.measure).key]
        if change.reused:
            what = (f"stands for another measure than in edition {algorithm.editie} "
                    f"(was {change.old_title!r}, now {change.title!r})")
        else:
            what = f"changed since edition {algorithm.editie} ({', '.join(change.fields)})"
        yield ("recheck", f"{algorithm.id}: measure {m.record.name!r} {what}; check its record "
               f"again, then set editie to {now}", _where(env, docname, m.record))


def view_problems(env: BuildEnvironment) -> Iterator[Problem]:
    """Status and requirement views that name no algorithm: an unknown
    ``:algoritme:`` id, or a page without a record of its own. (A page whose
    record repeats an id has its ``duplicate_algorithm`` warning already, and
    one whose record or front matter is broken its ``record`` or
    ``front_matter`` warning: the view's emptiness is not said twice.)"""
    store = get_store(env)
    first = algorithms(env)
    index = get_index(env)
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    for docname in sorted(store.views):
        for use in store.views[docname]:
            spec = use.spec
            marker = next(m for m, v in VIEW_MARKERS.items() if v == spec.view)
            for key, value in spec.filters:
                label = vocabulary_key(key)
                if spec.view == "overzicht" and any(
                        matches(overview_labels(a), [(key, value)]) for a in first.values()):
                    continue  # a value the vocabulary lacks, but a record has (and is told)
                if label in vocabulary.labels and not vocabulary.knows(label, value):
                    yield ("unknown_value", f"{marker}: {key}/{value}: {value!r} is not a value "
                           f"of {label!r}, so no row matches", (docname, use.line))
            if spec.view == "maatregel" and not spec.auto:
                item = index.items.get(docname)
                if item is None or item.kind != "maatregel":
                    yield ("record", f"{marker}: this page is no measure, so no algorithm "
                           "records it; put the marker on a measure's page", (docname, use.line))
                continue
            if spec.view not in ("status", "vereisten"):
                continue
            if spec.algorithm and spec.algorithm not in first:
                yield ("unknown_value", f"{marker}: no algorithm has the id "
                       f"{spec.algorithm!r}; the view shows nothing", (docname, use.line))
            elif not spec.algorithm and docname not in store.algorithms and not \
                    {"record", "front_matter"} & set(store.problems.get(docname, ())):
                directive = marker.replace("_", "-")
                yield ("record", f"{marker}: this page has no {RECORD_KEY} record; add one "
                       f"to its front matter, or show another page's record with the "
                       f"{directive!r} directive and its option ':algoritme: ID'",
                       (docname, use.line))
