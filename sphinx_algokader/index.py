"""The index of framework items, and every question asked of it.

The collector (``collector.py``) fills a ``Store`` in the environment per
document; after reading, ``get_index(env)`` derives an ``Index`` from it
once per build. Everything a list, a badge line or an export shows is
answered here, by lookups rather than a scan of all pages: the rows of a
list (``list_rows``), the badges of a page (``page_badges``), and the
fingerprint of what a page's lists resolve to (``fingerprint``), which the
collector compares between builds to re-write exactly the pages whose
output changes.

``get_store(env)`` and ``get_index(env)`` are the only ways to the records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

from sphinx.environment import BuildEnvironment

from sphinx_algokader.dates import reference_date
from sphinx_algokader.model import AI_ACT_KEYS, APPLIES_FROM_KEY, KINDS, Item, decode_labels
from sphinx_algokader.profile import NOT_APPLICABLE, Profile, applies, make_profile
from sphinx_algokader.spec import ListSpec

#: a row of a list: an item, or a string for a relation that names no item
Row = Item | str


@dataclass(frozen=True)
class ListUse:
    """A list placeholder as recorded at read time."""

    spec: ListSpec
    line: int | None


@dataclass
class Store:
    """Everything the extension keeps in the environment (``env.algokader``)."""

    items: dict[str, Item] = field(default_factory=dict)
    #: docname -> lists on that page
    lists: dict[str, list[ListUse]] = field(default_factory=dict)
    #: docname -> tag markers on that page (``tags``, ``tags-ai-act``)
    tags: dict[str, list[str]] = field(default_factory=dict)
    #: docname -> the algorithm record of that page (``records.model.Algorithm``)
    algorithms: dict[str, Any] = field(default_factory=dict)
    #: docname -> the records views on that page (``records.views.ViewUse``)
    views: dict[str, list[Any]] = field(default_factory=dict)
    #: docname -> the edition changes shown on that page (``changes.ChangesUse``)
    changes: dict[str, list[Any]] = field(default_factory=dict)
    #: docname -> its record's status file as last read: (path, digest of
    #: its bytes, "" when missing), checked by content at every build
    #: (``collector.changed_status_files``)
    status_files: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: docname -> subtypes of the problems found while reading it
    problems: dict[str, list[str]] = field(default_factory=dict)
    #: how many problems the last whole-index check found, and how many of
    #: them break the URN lock (a locked URN gone, the lock file missing)
    global_problems: int = 0
    lock_failures: int = 0
    #: whether that check ran in this build (Sphinx skips it when no page changed)
    checked: bool = False
    #: docname -> fingerprint of what its lists and badges resolved to
    fingerprints: dict[str, str] = field(default_factory=dict)
    #: derived lookups; rebuilt after every read phase, never pickled
    index: Index | None = None
    #: docname -> its source's first lines, read once for the warnings that
    #: need a line number (locations.front_matter_line); never pickled
    source_lines: dict[str, list[str]] = field(default_factory=dict)
    #: docname -> key -> the first line that starts with ``key:``, made
    #: from ``source_lines`` when a warning first needs it; never pickled
    source_keys: dict[str, dict[str, int]] = field(default_factory=dict)
    #: pages resolved for writing in this build (collector.py); never pickled
    resolved: set[str] = field(default_factory=set)
    #: pages read in this build, whose problems it has shown (validate.py);
    #: never pickled
    read_now: set[str] = field(default_factory=set)
    #: docname -> the ``algoritme:`` record source.py read and decoded
    #: (``records.model.decode_algorithm``: the record, its problems),
    #: until the collector takes it while the same page is read; never pickled
    read_records: dict[str, Any] = field(default_factory=dict)

    #: the fields that hold what a page's reading found, by docname: purged
    #: when the page is read again or removed, and merged from the worker
    #: that read it in a parallel build (``collector.AlgokaderCollector``)
    PER_PAGE: ClassVar[tuple[str, ...]] = ("items", "lists", "tags", "algorithms", "views",
                                          "changes", "status_files", "problems")

    def forget(self, docname: str) -> None:
        """Drop what the reading of ``docname`` found (and its source's lines)."""
        for name in (*self.PER_PAGE, "source_lines", "source_keys"):
            getattr(self, name).pop(docname, None)
        self.index = None

    def take(self, other: Store, docname: str) -> None:
        """Take what ``other`` (a worker's store) found reading ``docname``."""
        for name in self.PER_PAGE:
            theirs = getattr(other, name)
            if docname in theirs:
                getattr(self, name)[docname] = theirs[docname]
        self.index = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["index"] = None
        state["source_lines"] = {}
        state["source_keys"] = {}
        state["resolved"] = set()
        state["read_now"] = set()
        state["read_records"] = {}
        return state


def get_store(env: BuildEnvironment) -> Store:
    store = getattr(env, "algokader", None)
    if store is None:
        store = Store()
        env.algokader = store  # type: ignore[attr-defined]
    return store


def get_index(env: BuildEnvironment) -> Index:
    """The index of all items; built once per build after reading."""
    store = get_store(env)
    if store.index is None:
        store.index = Index(store.items, env.found_docs, env.config)
    return store.index


# --------------------------------------------------------------------------
# the index


class Index:
    """Lookups over all items: by kind, by label value, by name, by relation."""

    def __init__(self, items: Mapping[str, Item], found_docs: Iterable[str],
                 config: Any) -> None:
        self.items = items
        #: the reference date of this build (dates.reference_date)
        self.day: str = reference_date(config)
        #: name -> a per-build memo (see ``memo``)
        self._memos: dict[str, dict[Any, Any]] = {}
        self.by_kind: dict[str, list[Item]] = {kind: [] for kind in KINDS}
        for item in sorted(items.values(), key=lambda i: i.path):
            self.by_kind[item.kind].append(item)
        self.order: dict[str, int] = {}
        for kind_items in self.by_kind.values():
            for position, item in enumerate(kind_items):
                self.order[item.docname] = position

        #: (kind, key, value) -> docnames carrying that label value
        self.postings: dict[tuple[str, str, str], set[str]] = {}
        #: every label/relation key and value any item carries
        self.values_seen: dict[str, set[str]] = {}
        #: kind -> name (file name, URN, short code) -> docname
        self.names: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for kind, kind_items in self.by_kind.items():
            names = self.names[kind]
            for item in kind_items:  # path order: the first of equal names wins
                for name in (item.name, item.urn, item.code, numbered_code(item.name)):
                    if name:
                        names.setdefault(name, item.docname)
                for key, values in item.labels.items():
                    seen = self.values_seen.setdefault(key, set())
                    for value in values:
                        seen.add(value)
                        self.postings.setdefault((kind, key, value), set()).add(item.docname)

        #: (kind, relation key, target) -> docnames relating to target, where
        #: target is the resolved docname, or "?name" for a dangling name
        self.related: dict[tuple[str, str, str], set[str]] = {}
        for item in items.values():
            for key, targets in item.relations.items():
                seen = self.values_seen.setdefault(key, set())
                for target in targets:
                    if not target:
                        continue
                    seen.add(target)
                    self.related.setdefault(
                        (item.kind, key, self.target_key(key, target)), set()
                    ).add(item.docname)

        #: (folder, value) -> docnames of label pages such as levenscyclus/ontwerp
        self.label_pages: dict[tuple[str, str], list[str]] = {}
        for docname in sorted(found_docs):
            parts = docname.rsplit("/", 2)
            if len(parts) >= 2:
                self.label_pages.setdefault((parts[-2], parts[-1]), []).append(docname)
        self.label_folders: Mapping[str, str] = config.algokader_label_folders

    def memo(self, name: str) -> dict[Any, Any]:
        """A dict that lives as long as this index: one build (under -j N,
        each writer process has its own copy).

        For what a module derives from items and shows in many places (the
        cells of a row, its HTML data, a link from a folder of pages): each
        module names its own memo and documents its keys, so the index need
        not know them."""
        memo = self._memos.get(name)
        if memo is None:
            memo = self._memos[name] = {}
        return memo

    # -- names and relations

    def resolve(self, kind: str, name: str) -> Item | None:
        """The item of ``kind`` that ``name`` (file name, URN or code) names."""
        docname = self.names[kind].get(name.strip())
        return self.items[docname] if docname is not None else None

    def target_key(self, relation: str, name: str) -> str:
        item = self.resolve(relation, name)
        return item.docname if item is not None else "?" + name.strip()

    def relations_of(self, docname: str, relation: str,
                     metadata: Mapping[str, Any]) -> list[Item | str]:
        """The items a page names in ``relation``, in front-matter order;
        a name that resolves to nothing stays a string."""
        item = self.items.get(docname)
        if item is not None:
            names = item.relations.get(relation, ())
        else:
            names = decode_labels(metadata)[1].get(relation, ())
        return [self.resolve(relation, name) or name for name in names if name]

    # -- queries

    def query(self, spec: ListSpec) -> list[Item]:
        """The items of ``spec.kind`` matching all of its filters, in order."""
        candidates: set[str] | None = None
        for key, value in spec.filters:
            if key in ("vereiste", "maatregel"):
                matched = self.related.get((spec.kind, key, self.target_key(key, value)), set())
            else:
                matched = self.postings.get((spec.kind, key, value), set())
            candidates = matched if candidates is None else candidates & matched
            if not candidates:
                return []
        if candidates is None:
            rows = list(self.by_kind[spec.kind])
        else:
            rows = sorted((self.items[d] for d in candidates),
                          key=lambda i: self.order[i.docname])
        if spec.sort == "title":
            rows.sort(key=lambda i: i.title.casefold())
        elif spec.sort == "id":
            rows.sort(key=lambda i: (i.code == "", i.code))
        elif spec.sort == "geldt-vanaf":  # earliest date first; without a date last
            rows.sort(key=lambda i: (not i.applies_from,
                                     i.applies_from[0].date if i.applies_from else ""))
        return rows

    def label_page(self, key: str, value: str, from_doc: str) -> str | None:
        """The page of a label value (``levenscyclus/ontwerp``), if the
        handbook has one; the nearest to ``from_doc`` when several match."""
        folder = self.label_folders.get(key)
        if not folder:
            return None
        pages = self.label_pages.get((folder, value))
        if not pages:
            return None
        if len(pages) == 1:
            return pages[0]
        return max(pages, key=lambda p: _common_prefix(p, from_doc))


_NUMBERED_RE = re.compile(r"^\d+-[a-z]+-\d+")


def numbered_code(name: str) -> str:
    """The numbered short code a file name starts with (``0-org-01`` for
    ``0-org-01-benodigde-expertise``): how records often name a measure."""
    match = _NUMBERED_RE.match(name)
    return match.group(0) if match else ""


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        n += 1
    return n


def digest(parts: Iterable[object]) -> str:
    """A stable digest of ``parts`` (Python's own hash is salted per process)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------
# what lists and badges show


#: badge marker -> label keys shown, in order
TAG_KEYS: dict[str, tuple[str, ...]] = {
    "tags": ("levenscyclus", "rollen", "onderwerp"),
    "tags-ai-act": tuple(k for k in AI_ACT_KEYS if k != "open-source"),
}


def build_profile(env: BuildEnvironment, spec: ListSpec) -> Profile:
    """The build-time AI Act profile of a list: its own, else the handbook's."""
    if spec.profile is not None:
        return make_profile(spec.profile)
    return make_profile(env.config.algokader_profile)


def query_rows(env: BuildEnvironment, index: Index, spec: ListSpec, docname: str) -> list[Row]:
    """The rows of a list with ``spec`` on ``docname``: the one definition
    of what a list holds."""
    if spec.relation:
        return index.relations_of(docname, spec.relation, env.metadata.get(docname, {}))
    rows: list[Row] = list(index.query(spec))
    if spec.kind != "vereiste":
        return rows
    profile = build_profile(env, spec)
    if profile:
        rows = [row for row in rows if isinstance(row, Item) and applies(row.labels, profile)]
    if env.config.algokader_applicable_only:
        rows = [row for row in rows if isinstance(row, Item) and row.applies_on(index.day)]
    return rows


def list_use(env: BuildEnvironment, docname: str, position: int) -> ListUse:
    """The ``position``-th list on ``docname`` (counted by the collector)."""
    return get_store(env).lists[docname][position]


def list_rows(env: BuildEnvironment, docname: str, position: int) -> list[Row]:
    """The rows of the ``position``-th list on ``docname``, found once per
    build: the fingerprint, the table, the HTML data and the downloads all
    read these."""
    index = get_index(env)
    memo = index.memo("index.list_rows")
    key = (docname, position)
    rows = memo.get(key)
    if rows is None:
        rows = memo[key] = query_rows(env, index, list_use(env, docname, position).spec, docname)
    return rows


class Badge(NamedTuple):
    """One badge of a page: a label value (linked to its label page, if the
    handbook has one), the short id, or a date from which it applies."""

    key: str
    value: str
    page: str | None = None
    #: for a date: its condition
    note: str = ""
    #: for a date: whether it is still to come on the reference date
    pending: bool = False


def page_badges(env: BuildEnvironment, index: Index, docname: str, which: str) -> list[Badge]:
    """The badges of a page, in order."""
    metadata = env.metadata.get(docname, {})
    item = index.items.get(docname)
    labels = item.labels if item is not None else decode_labels(metadata)[0]
    badges: list[Badge] = []
    if which == "tags" and item is not None:
        if item.code:
            badges.append(Badge("id", item.code))
        badges += [Badge(APPLIES_FROM_KEY, d.date, None, d.condition, d.date > index.day)
                   for d in item.applies_from]
    for key in TAG_KEYS[which]:
        for value in labels.get(key, ()):
            if value != NOT_APPLICABLE:
                badges.append(Badge(key, value, index.label_page(key, value, docname)))
    return badges


def row_key(index: Index, row: Row) -> str:
    """What the fingerprint hashes of a row: everything any column, the HTML
    data and the downloads could show of it, computed once per item and
    index. Every cell (``columns.py``) is made from these fields alone, so
    output and fingerprint cannot disagree."""
    if isinstance(row, str):
        return repr(("?", row))
    memo = index.memo("index.row_key")
    key = memo.get(row.docname)
    if key is None:
        # the reference date matters only through whether the item applies on it
        key = memo[row.docname] = repr((
            row.docname, row.code, row.title, row.law, row.urn, sorted(row.labels.items()),
            row.applies_from, row.applies_on(index.day)))
    return key


def fingerprint(env: BuildEnvironment, index: Index, docname: str,
                extra: Iterable[object] = ()) -> str:
    """A digest of everything the page's lists and badges resolve to, and
    of ``extra`` (what its records views show, ``records.views``)."""
    store = get_store(env)
    parts: list[object] = []
    for position, use in enumerate(store.lists.get(docname, ())):
        parts.append(use.spec)
        parts.append("\0".join(row_key(index, row)
                                for row in list_rows(env, docname, position)))
    for which in store.tags.get(docname, ()):
        parts.append(page_badges(env, index, docname, which))
    parts.extend(extra)
    return digest(parts)
