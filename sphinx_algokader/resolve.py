"""Late resolution: placeholders become plain docutils nodes.

``ResolvePlaceholders`` runs after all documents are read, at priority 5
(before Sphinx's ReferencesResolver at 10, so the ``pending_xref`` links
made here are resolved by Sphinx for every builder). A list placeholder
becomes a container holding its table (``table.py``) or, without rows, a
sentence; a badge placeholder becomes a line of badges (``badges.py``).
What a placeholder resolves to comes from the index (``index.list_rows``,
``index.page_badges``), the same answers that ``index.fingerprint`` hashes,
so incremental builds re-write a page exactly when its output would change.

The container carries ``algokader_docname`` and ``algokader_position``:
the HTML extras (``interactive.py``, ``downloads.py``) find the list's spec
and rows in the index by them.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_algokader.badges import badge_line
from sphinx_algokader.changes import COLUMN, change_marks
from sphinx_algokader.columns import CellContext
from sphinx_algokader.i18n import _
from sphinx_algokader.index import ListUse, get_index, list_rows, list_use, page_badges
from sphinx_algokader.nodes import (
    ResolvePostTransform,
    algokader_list,
    algokader_tags,
    new_list_id,
)
from sphinx_algokader.table import make_table
from sphinx_algokader.vocabulary import get_vocabulary


def _empty_sentence(kind: str) -> str:
    return {"vereiste": _("No requirements found."),
            "maatregel": _("No measures found."),
            "hulpmiddel": _("No tools found.")}[kind]


def resolved_list(element: nodes.Element) -> tuple[str, int] | None:
    """(docname, position) of the list an element of the resolved doctree
    shows, or None when it shows none."""
    docname = element.get("algokader_docname")
    return None if docname is None else (docname, element["algokader_position"])


class ResolvePlaceholders(ResolvePostTransform):
    """Replace every placeholder with a table, a sentence or badges."""

    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(
            lambda n: isinstance(n, (algokader_list, algokader_tags))))
        if not placeholders:
            return
        env = self.env
        index = get_index(env)
        vocabulary = get_vocabulary(env.config.algokader_vocabulary)
        language, root_doc = env.config.language, env.config.root_doc
        # the marks since the previous edition, for lists that show them
        marks = change_marks(env) if any(
            COLUMN in node.get("columns", ()) for node in placeholders) else {}
        ctx = CellContext(vocabulary, language, index.day, marks)
        for node in placeholders:
            docname = node["docname"]
            new: nodes.Element | None
            if isinstance(node, algokader_list):
                position = node["position"]
                use: ListUse = list_use(env, docname, position)
                spec = use.spec
                rows = list_rows(env, docname, position)
                list_id = new_list_id(self.document, spec.plural)
                # no-search: the search index finds an item on its own page, not in
                # every list that shows it (and indexing the lists costs build time)
                classes = ["algokader-list", f"algokader-{spec.plural}", "no-search"]
                if rows:
                    new = nodes.container(classes=classes, ids=[list_id],
                                          algokader_docname=docname,
                                          algokader_position=position)
                    new += make_table(index, spec, rows, docname, list_id + "-table", ctx,
                                      root_doc)
                else:
                    sentence = _empty_sentence(spec.kind)
                    new = nodes.paragraph(sentence, sentence,
                                          classes=[*classes, "algokader-empty"], ids=[list_id])
                # the ids made here: the list's and its table's
                for element in (new, *new.children):
                    if isinstance(element, nodes.Element):
                        for node_id in element["ids"]:
                            self.document.ids[node_id] = element
            else:
                badges = page_badges(env, index, docname, node["which"])
                new = badge_line(badges, docname, node["which"], ctx, root_doc) \
                    if badges else None
            if new is not None:
                new.source, new.line = node.source, node.line
            node.replace_self([new] if new is not None else [])


def setup(app: Sphinx) -> None:
    app.add_post_transform(ResolvePlaceholders)
