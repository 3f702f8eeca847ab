"""Badges: a page's short id and labels, as a line of links to label pages.

``<!-- tags -->`` shows the id, lifecycle phases, roles and topics;
``<!-- tags-ai-act -->`` the AI Act labels (``index.TAG_KEYS``). Which
badges a page has is the index's answer (``index.page_badges``); this
module makes the nodes.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from sphinx_algokader.table import doc_link
from sphinx_algokader.vocabulary import Vocabulary


def badge_line(badges: Sequence[tuple[str, str, str | None]], fromdoc: str, which: str,
               vocabulary: Vocabulary, language: str | None, root_doc: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=["algokader-tags", f"algokader-{which}"])
    for n, (key, value, page) in enumerate(badges):
        if n:  # readable in text and PDF; themes may hide it
            para += nodes.inline(" · ", " · ", classes=["algokader-sep"])
        name = value if key == "id" else vocabulary.value_name(key, value, language)
        # the class sits outside the link: resolving a link replaces its content
        badge = nodes.inline(classes=["algokader-tag", f"algokader-tag-{key}"])
        text = nodes.Text(name)
        badge += doc_link(page, fromdoc, nodes.inline(name, name), root_doc) if page else text
        para += badge
    return para
