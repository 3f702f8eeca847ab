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
from sphinx_algokader.dates import format_date
from sphinx_algokader.index import Badge
from sphinx_algokader.model import APPLIES_FROM_KEY
from sphinx_algokader.table import doc_link


def _date_text(badge: Badge, language: str | None) -> str:
    nl = (language or "").split("_")[0] == "nl"
    text = ("geldt vanaf " if nl else "applies from ") + format_date(badge.value, language)
    if badge.note:
        text += f" ({badge.note})"
    if badge.pending:
        text += ", nog niet van toepassing" if nl else ", not yet applicable"
    return text


def badge_line(badges: Sequence[Badge], fromdoc: str, which: str, ctx: CellContext,
               root_doc: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=["algokader-tags", f"algokader-{which}"])
    for n, (key, value, page, _note, pending) in enumerate(badges):
        if n:  # readable in text and PDF; themes may hide it
            para += nodes.inline(" · ", " · ", classes=["algokader-sep"])
        if key == APPLIES_FROM_KEY:
            name = _date_text(badges[n], ctx.language)
        else:
            name = value if key == "id" else ctx.vocabulary.value_name(key, value, ctx.language)
        # the class sits outside the link: resolving a link replaces its content
        classes = ["algokader-tag", f"algokader-tag-{key}"] + (["algokader-pending"] if pending else [])
        badge = nodes.inline(classes=classes)
        text = nodes.Text(name)
        badge += doc_link(page, fromdoc, nodes.inline(name, name), root_doc) if page else text
        para += badge
    return para
