"""Placeholder nodes: what a marker or directive leaves in the doctree.

They remember the document and line they came from (a LaTeX build merges all
documents into one tree) and are always replaced by plain docutils nodes in
the post-transform, so no writer ever sees them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


class algokader_list(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """A list of items: attributes ``spec`` (a ListSpec), ``docname``, ``line``."""


class algokader_tags(nodes.General, nodes.Element):  # noqa: N801
    """Badges for the page's labels: attributes ``which`` (``tags`` or
    ``tags-ai-act``), ``docname``."""


def _never(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    # The post-transform replaces these in every builder; the visitors only
    # make sure an unexpected leftover is skipped instead of crashing a writer.
    for node in (algokader_list, algokader_tags):
        app.add_node(node, html=(_never, None), latex=(_never, None),
                     text=(_never, None), man=(_never, None),
                     texinfo=(_never, None))
