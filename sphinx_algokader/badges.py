"""Badges: a page's short id and labels, as a line of links to label pages.

``<!-- tags -->`` shows the id, the dates from which a requirement applies
(``geldt-vanaf``, marked when still to come), lifecycle phases, roles and
topics;
``<!-- tags-ai-act -->`` the AI Act labels (``index.TAG_KEYS``). Which
badges a page has is the index's answer (``index.page_badges``); this
module makes the nodes.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from sphinx_algokader.columns import CellContext
from sphinx_algokader.dates import applies_from_text
from sphinx_algokader.index import Badge
from sphinx_algokader.model import APPLIES_FROM_KEY, ApplicationDate
from sphinx_algokader.table import doc_link


def badge_line(badges: Sequence[Badge], fromdoc: str, which: str, ctx: CellContext,
               root_doc: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=["algokader-tags", f"algokader-{which}"])
    for n, (key, value, page, note, pending) in enumerate(badges):
        if n:  # readable in text and PDF; themes may hide it
            para += nodes.inline(" · ", " · ", classes=["algokader-sep"])
        if key == APPLIES_FROM_KEY:
            name = applies_from_text(ApplicationDate(value, note), ctx.language, pending)
        else:
            name = value if key == "id" else ctx.vocabulary.value_name(key, value, ctx.language)
        # the class sits outside the link: resolving a link replaces its content
        classes = ["algokader-tag", f"algokader-tag-{key}"] + (["algokader-pending"] if pending else [])
        badge = nodes.inline(classes=classes)
        text = nodes.Text(name)
        badge += doc_link(page, fromdoc, nodes.inline(name, name), root_doc) if page else text
        para += badge
    return para
