"""The index of framework items, harvested per document.

``AlgokaderCollector`` follows Sphinx's own environment collectors: records
are made on ``doctree-read`` (after Sphinx's MetadataCollector has filled
``env.metadata``), dropped on purge, merged after parallel reads, and
``get_updated_docs`` returns the listing pages whose resolved lists changed,
so an edit to one item re-writes exactly the pages that show it.

``get_index(env)`` is the only way to the records.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.model import (
    EXPLANATION_TITLES,
    KINDS,
    STATEMENT_TITLES,
    Item,
    decode_labels,
    item_kind,
)
from sphinx_algokader.nodes import algokader_list, algokader_tags
from sphinx_algokader.profile import ExpressionError
from sphinx_algokader.profile import parse as parse_expression
from sphinx_algokader.spec import ListSpec


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
    #: docname -> subtypes of the problems found while reading it
    problems: dict[str, list[str]] = field(default_factory=dict)
    #: how many problems the last whole-index check found
    global_problems: int = 0
    #: docname -> fingerprint of what its lists and badges resolved to
    fingerprints: dict[str, str] = field(default_factory=dict)
    #: derived lookups; rebuilt after every read phase, never pickled
    index: Index | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["index"] = None
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
        #: what is derived from one item while writing, computed once per
        #: build: the fingerprint's key (resolve.row_key), the cells shown
        #: for a set of columns (resolve.cell_values), the HTML data
        #: (interactive.rows_json), the spreadsheet row for a set of label
        #: keys (spreadsheets.table), and the link to it from a folder of
        #: pages (htmltable.depart_html); keyed by docname and what else it
        #: depends on. Under -j N each writer process fills its own copy.
        self.row_keys: dict[str, str] = {}
        self.cells: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, str | None], ...]] = {}
        self.row_json: dict[str, str] = {}
        self.sheet_rows: dict[tuple[str, bool, tuple[str, ...]], list[str]] = {}
        self.uris: dict[tuple[str, str], str] = {}
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
                for name in (item.name, item.urn, item.code):
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


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.split("/"), b.split("/")):
        if x != y:
            break
        n += 1
    return n


# --------------------------------------------------------------------------
# the collector



def front_matter_line(env: BuildEnvironment, docname: str, key: str,
                      value: str | None = None) -> int | None:
    """The line of ``key`` (and of ``value`` below it) in a page's front
    matter; read from the source only when a warning needs it."""
    try:
        text = env.doc2path(docname).read_text(encoding="utf-8")
    except OSError:
        return None
    key_re = re.compile(rf"^\s*:?{re.escape(key)}:")
    found = None
    for number, line in enumerate(text.splitlines()[:500], start=1):
        if found is None:
            if key_re.match(line):
                found = number
                if value is None or value in line.split(":", 1)[1]:
                    return number
        elif value is not None:
            if value in line:
                return number
            if re.match(r"^\S", line) and not line.startswith("-"):
                break
    return found


def section_texts(doctree: nodes.document) -> tuple[str, str]:
    """The plain text of the statement and explanation sections of a page
    (their own paragraphs and lists, not subsections, lists or badges)."""
    found = {"statement": "", "explanation": ""}
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is None:
            continue
        name = title.astext().strip()
        key = "statement" if name in STATEMENT_TITLES else \
            "explanation" if name in EXPLANATION_TITLES else None
        if key is None or found[key]:
            continue
        parts = [plain_text(child) for child in section.children
                 if not isinstance(child, (nodes.title, nodes.section, nodes.raw, nodes.comment,
                                           algokader_list, algokader_tags))]
        found[key] = "\n\n".join(p for p in parts if p)
    return found["statement"], found["explanation"]


def plain_text(node: nodes.Node) -> str:
    """Text of a block, with list items marked as in Markdown."""
    if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
        lines = []
        for n, item in enumerate(node.children, start=1):
            marker = f"{n}." if isinstance(node, nodes.enumerated_list) else "-"
            text = "\n".join(plain_text(c) for c in item.children).strip()
            lines.append(f"{marker} " + text.replace("\n", "\n   "))
        return "\n".join(lines)
    return node.astext().strip()


class AlgokaderCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        store = get_store(env)
        store.items.pop(docname, None)
        store.lists.pop(docname, None)
        store.tags.pop(docname, None)
        store.problems.pop(docname, None)
        store.index = None

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        store, theirs = get_store(env), get_store(other)
        for docname in docnames:
            for mine, their in ((store.items, theirs.items), (store.lists, theirs.lists),
                                (store.tags, theirs.tags), (store.problems, theirs.problems)):
                if docname in their:
                    mine[docname] = their[docname]
        store.index = None

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        store = get_store(env)
        store.index = None

        uses = [ListUse(node["spec"], node.get("line")) for node in doctree.findall(algokader_list)]
        if uses:
            store.lists[docname] = uses
        tags = [node["which"] for node in doctree.findall(algokader_tags)]
        if tags:
            store.tags[docname] = tags

        metadata = env.metadata.get(docname, {})
        urn = str(metadata.get("id") or "").strip()
        kind = item_kind(docname, urn, app.config.algokader_kind_folders)
        labels, relations, problems = decode_labels(metadata)
        for problem in problems:
            warn(problem.subtype, problem.message,
                 (docname, front_matter_line(env, docname, problem.key)), env)
        if kind is None:
            return
        for expression in labels.get("uitzondering", ()):
            try:
                parse_expression(expression)
            except ExpressionError as error:
                warn("uitzondering", f"uitzondering {expression!r} does not parse: {error}",
                     (docname, front_matter_line(env, docname, "uitzondering")), env)
        title = metadata.get("title")
        has_title = isinstance(title, str) and bool(title.strip())
        if not has_title:
            title_node = env.titles.get(docname)
            title = title_node.astext() if title_node is not None else docname
        statement, explanation = section_texts(doctree)
        store.items[docname] = Item(
            docname=docname,
            kind=kind,
            title=title.strip(),
            urn=urn,
            path=env.doc2path(docname, False).as_posix(),
            labels=labels,
            relations=relations,
            statement=statement,
            explanation=explanation,
            has_title=has_title or not env.doc2path(docname).suffix == ".md",
        )

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        from sphinx_algokader.resolve import fingerprint

        store = get_store(env)
        index = get_index(env)
        old = store.fingerprints
        new: dict[str, str] = {}
        for docname in set(store.lists) | set(store.tags):
            new[docname] = fingerprint(env, index, docname)
        store.fingerprints = new
        return sorted(d for d, value in new.items() if old.get(d) != value)


def digest(parts: Iterable[object]) -> str:
    """A stable digest of ``parts`` (Python's own hash is salted per process)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    get_store(env).index = None
    get_index(env)


def setup(app: Sphinx) -> None:
    app.add_env_collector(AlgokaderCollector)
    app.connect("env-updated", _on_env_updated)
