"""Late resolution: placeholders become plain docutils nodes.

``ResolveLists`` runs after all documents are read, at priority 5 (before
Sphinx's ReferencesResolver at 10, so the ``pending_xref`` links made here
are resolved by Sphinx for every builder). What a placeholder resolves to is
computed by the same functions that ``fingerprint`` hashes, so incremental
builds re-write a page exactly when its output would change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_algokader.collector import Index, digest, get_index, get_store
from sphinx_algokader.htmltable import algokader_table, make_table
from sphinx_algokader.model import AI_ACT_KEYS, Item, decode_labels
from sphinx_algokader.nodes import algokader_list, algokader_tags
from sphinx_algokader.profile import applies

DATA_KEY = "algokader_data"  # see interactive.py
from sphinx_algokader.spec import COLUMN_KEYS, ListSpec
from sphinx_algokader.vocabulary import Vocabulary, get_vocabulary

_ = get_translation("sphinx_algokader")

#: badge marker -> label keys shown, in order
TAG_KEYS: dict[str, tuple[str, ...]] = {
    "tags": ("levenscyclus", "rollen", "onderwerp"),
    "tags-ai-act": tuple(k for k in AI_ACT_KEYS if k != "open-source"),
}
#: values that say a label does not apply; no badge for them
NOT_APPLICABLE = "niet-van-toepassing"

#: relative column widths (LaTeX and HTML ``colwidths``)
COLUMN_WIDTHS: dict[str, int] = {
    "id": 8, "title": 38, "wetcode": 15, "rol": 14, "levenscyclus": 16, "onderwerp": 16,
}

#: classes of a list's table, on both table paths: colwidths-given applies
#: COLUMN_WIDTHS in HTML (colgroup) and LaTeX (\X{n}{total}) alike;
#: longtable makes a list break across PDF pages and repeat its header row
TABLE_CLASSES = ("algokader-table", "colwidths-given", "longtable")
#: classes of a list's row, and of a row naming a relation that is no item
ROW_CLASSES = ("algokader-row",)
DANGLING_ROW_CLASSES = ("algokader-row", "algokader-dangling")

Row = Item | str  # a string is a relation that names no item


def list_rows(env: BuildEnvironment, index: Index, spec: ListSpec, docname: str) -> list[Row]:
    """The rows of a list on ``docname``: the one definition of what it holds."""
    if spec.relation:
        return index.relations_of(docname, spec.relation, env.metadata.get(docname, {}))
    rows = list(index.query(spec))
    profile = build_profile(env, spec)
    if profile and spec.kind == "vereiste":
        rows = [row for row in rows if applies(row.labels, profile)]
    return rows


def build_profile(env: BuildEnvironment, spec: ListSpec) -> dict[str, str]:
    """The build-time AI Act profile of a list: its own, else the handbook's."""
    if spec.profile is not None:
        return dict(spec.profile)
    return dict(env.config.algokader_profile or {})


def page_badges(env: BuildEnvironment, index: Index, docname: str,
                which: str) -> list[tuple[str, str, str | None]]:
    """(key, value, label page or None) for each badge of a page."""
    metadata = env.metadata.get(docname, {})
    item = index.items.get(docname)
    labels = item.labels if item is not None else decode_labels(metadata)[0]
    badges: list[tuple[str, str, str | None]] = []
    if which == "tags" and item is not None and item.code:
        badges.append(("id", item.code, None))
    for key in TAG_KEYS[which]:
        for value in labels.get(key, ()):
            if value != NOT_APPLICABLE:
                badges.append((key, value, index.label_page(key, value, docname)))
    return badges


def row_data(row: Row, columns: Sequence[str]) -> tuple[object, ...]:
    """What a row shows: its target and, per column, the raw cell value."""
    if isinstance(row, str):
        return ("?", row)
    cells: list[object] = [row.docname]
    for column in columns:
        if column == "id":
            cells.append(row.code)
        elif column == "title":
            cells.append(row.title)
        elif column == "wetcode":
            cells.append(row.law)
        else:
            cells.append(row.labels.get(COLUMN_KEYS[column], ()))
    return tuple(cells)


def row_key(index: Index, row: Row) -> str:
    """What the fingerprint hashes of a row: everything any column, the HTML
    data and the downloads could show of it (a superset of ``row_data``
    for every set of columns), computed once per item and index."""
    if isinstance(row, str):
        return repr(("?", row))
    key = index.row_keys.get(row.docname)
    if key is None:
        key = index.row_keys[row.docname] = repr((
            row.docname, row.code, row.title, row.law, row.urn, sorted(row.labels.items())))
    return key


def fingerprint(env: BuildEnvironment, index: Index, docname: str) -> str:
    """A digest of everything the page's lists and badges resolve to."""
    store = get_store(env)
    parts: list[object] = []
    for use in store.lists.get(docname, ()):
        parts.append(use.spec)
        parts.append("\0".join(row_key(index, row)
                                for row in list_rows(env, index, use.spec, docname)))
    for which in store.tags.get(docname, ()):
        parts.append(page_badges(env, index, docname, which))
    return digest(parts)


# --------------------------------------------------------------------------
# node building


def _doc_link(target: str, fromdoc: str, content: nodes.Node, root_doc: str) -> nodes.Node:
    """A cross-reference to a whole document, resolved by Sphinx later.

    The root document's title has no target in LaTeX, so no link to it."""
    if target == root_doc:
        return content
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + target,
        refdoc=fromdoc, refexplicit=True, refwarn=False,
    )
    ref += content
    return ref


def _headers(kind: str) -> dict[str, str]:
    return {
        "id": _("ID"),
        "title": {"vereiste": _("Requirement"), "maatregel": _("Measure"),
                  "hulpmiddel": _("Tool")}[kind],
        "wetcode": _("Law"),
        "rol": _("Role"),
        "levenscyclus": _("Lifecycle"),
        "onderwerp": _("Topic"),
    }


def _empty_sentence(kind: str) -> str:
    return {"vereiste": _("No requirements found."),
            "maatregel": _("No measures found."),
            "hulpmiddel": _("No tools found.")}[kind]


def _entry(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


class _Renderer:
    """Builds the nodes of one document's lists and badges."""

    def __init__(self, env: BuildEnvironment, index: Index, vocabulary: Vocabulary) -> None:
        self.env = env
        self.index = index
        self.vocabulary = vocabulary
        self.language = env.config.language
        self.root_doc = env.config.root_doc

    def label_text(self, key: str, values: Sequence[str]) -> str:
        return ", ".join(self.vocabulary.value_name(key, v, self.language) for v in values)

    def cell_values(self, row: Row, columns: Sequence[str]) -> Sequence[tuple[str, str | None]]:
        """(text, document the text links to) per cell of one row, made from
        ``row_data`` alone (all of whose inputs ``row_key`` hashes, so output
        and fingerprint cannot disagree). Both table paths render these.

        An item shows the same cells in every list with the same columns, so
        they are made once per build (kept in the index)."""
        if isinstance(row, str):  # a relation naming no item: its name, as text
            return [(row if column == "title" else "", None) for column in columns]
        key = (row.docname, tuple(columns))
        cached = self.index.cells.get(key)
        if cached is not None:
            return cached
        data = row_data(row, columns)
        docname, values = str(data[0]), data[1:]
        cells: list[tuple[str, str | None]] = []
        for column, value in zip(columns, values):
            if column == "title":
                # the root document's title has no target in LaTeX: no link to it
                cells.append((str(value), docname if docname != self.root_doc else None))
            elif column == "id":
                cells.append((str(value), None))
            elif column == "wetcode":
                law = self.vocabulary.law_name(str(value), self.language) if value else ""
                cells.append((law, None))
            else:
                cells.append((self.label_text(COLUMN_KEYS[column], value), None))  # type: ignore[arg-type]
        result = self.index.cells[key] = tuple(cells)
        return result

    def cells(self, row: Row, columns: Sequence[str], fromdoc: str) -> list[nodes.entry]:
        entries = []
        for text, target in self.cell_values(row, columns):
            if target is not None:
                title = nodes.inline(text, text)
                entries.append(_entry(_doc_link(target, fromdoc, title, self.root_doc)))
            else:
                entries.append(_entry(nodes.Text(text)) if text else _entry())
        return entries

    @staticmethod
    def row_classes(row: Row) -> tuple[str, ...]:
        return DANGLING_ROW_CLASSES if isinstance(row, str) else ROW_CLASSES

    def html_table(self, spec: ListSpec, rows: Sequence[Row], fromdoc: str,
                   table_id: str) -> algokader_table:
        """The HTML fast path (htmltable.py): the same table, as one node."""
        headers = _headers(spec.kind)
        columns = spec.columns or ("title",)
        return make_table(
            table_id, TABLE_CLASSES, fromdoc,
            [COLUMN_WIDTHS[c] for c in columns], [headers[c] for c in columns],
            [(self.row_classes(row), self.cell_values(row, columns)) for row in rows],
            spec.caption)

    def table(self, spec: ListSpec, rows: Sequence[Row], fromdoc: str,
              table_id: str) -> nodes.table:
        headers = _headers(spec.kind)
        columns = spec.columns or ("title",)
        table = nodes.table(classes=list(TABLE_CLASSES), ids=[table_id])
        if spec.caption:
            table += nodes.title(spec.caption, spec.caption)
        tgroup = nodes.tgroup(cols=len(columns))
        table += tgroup
        for column in columns:
            tgroup += nodes.colspec(colwidth=COLUMN_WIDTHS[column])
        thead = nodes.thead()
        tgroup += thead
        header_row = nodes.row()
        for column in columns:
            header_row += _entry(nodes.Text(headers[column]))
        thead += header_row
        tbody = nodes.tbody()
        tgroup += tbody
        for row in rows:
            row_node = nodes.row(classes=list(self.row_classes(row)))
            row_node.extend(self.cells(row, columns, fromdoc))
            tbody += row_node
        return table

    def list_nodes(self, spec: ListSpec, rows: Sequence[Row], fromdoc: str,
                   list_id: str, html: bool = False) -> nodes.Element:
        # no-search: the search index finds an item on its own page, not in
        # every list that shows it (and indexing the lists costs build time)
        classes = ["algokader-list", f"algokader-{spec.plural}", "no-search"]
        if not rows:
            sentence = _empty_sentence(spec.kind)
            return nodes.paragraph(sentence, sentence, classes=[*classes, "algokader-empty"],
                                   ids=[list_id])
        container = nodes.container(classes=classes, ids=[list_id])
        make = self.html_table if html else self.table
        container += make(spec, rows, fromdoc, list_id + "-table")
        # for the HTML-only extras (interactive.py); other writers ignore it
        container[DATA_KEY] = {"spec": spec, "rows": list(rows), "docname": fromdoc}
        return container

    def badges(self, badges: Sequence[tuple[str, str, str | None]], fromdoc: str,
               which: str) -> nodes.paragraph:
        para = nodes.paragraph(classes=["algokader-tags", f"algokader-{which}"])
        for n, (key, value, page) in enumerate(badges):
            if n:  # readable in text and PDF; themes may hide it
                para += nodes.inline(" · ", " · ", classes=["algokader-sep"])
            name = value if key == "id" else self.vocabulary.value_name(key, value, self.language)
            # the class sits outside the link: resolving a link replaces its content
            badge = nodes.inline(classes=["algokader-tag", f"algokader-tag-{key}"])
            text = nodes.Text(name)
            badge += _doc_link(page, fromdoc, nodes.inline(name, name), self.root_doc) \
                if page else text
            para += badge
        return para


def _unique_id(document: nodes.document, base: str) -> str:
    n = 1
    while f"{base}-{n}" in document.ids:
        n += 1
    return f"{base}-{n}"


class ResolveLists(SphinxPostTransform):
    """Replace every placeholder with a table, a sentence or badges."""

    default_priority = 5  # before ReferencesResolver (10)
    #: tables as one ``algokader_table`` node (htmltable.py) instead of docutils tables
    html = False

    def is_supported(self) -> bool:
        # HTML-format builders have ResolveListsHTML do the work: one walk
        # of each document, not two
        if not self.html and ResolveListsHTML(self.document).is_supported():
            return False
        return super().is_supported()

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(
            lambda n: isinstance(n, (algokader_list, algokader_tags))))
        if not placeholders:
            return
        env = self.env
        index = get_index(env)
        renderer = _Renderer(env, index, get_vocabulary(env.config.algokader_vocabulary))
        for node in placeholders:
            docname = node["docname"]
            if isinstance(node, algokader_list):
                spec: ListSpec = node["spec"]
                rows = list_rows(env, index, spec, docname)
                list_id = _unique_id(self.document, f"algokader-{spec.plural}")
                new = renderer.list_nodes(spec, rows, docname, list_id, self.html)
                # the ids made here: the list's and its table's
                for element in (new, *new.children):
                    if isinstance(element, nodes.Element):
                        for node_id in element["ids"]:
                            self.document.ids[node_id] = element
            else:
                badges = page_badges(env, index, docname, node["which"])
                new = renderer.badges(badges, docname, node["which"]) if badges else None
            new_nodes = [new] if new is not None else []
            if new is not None:
                new.source, new.line = node.source, node.line
            node.replace_self(new_nodes)


class ResolveListsHTML(ResolveLists):
    """For HTML-format builders: the same, with the HTML fast path for tables.

    ``ResolveLists`` does not run where this one does."""

    default_priority = 4
    formats = ("html",)
    html = True


def setup(app: Sphinx) -> None:
    app.add_post_transform(ResolveListsHTML)
    app.add_post_transform(ResolveLists)
