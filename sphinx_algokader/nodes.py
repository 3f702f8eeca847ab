"""Placeholder nodes: what a marker or directive leaves in the doctree.

They remember the document and line they came from (a LaTeX build merges all
documents into one tree) and are always replaced by plain docutils nodes in
the post-transform (``resolve.py``), so no writer ever sees them. Their
attributes are plain data (strings, numbers, booleans, lists of them).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_algokader.spec import ListSpec


class algokader_list(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """A list of items: the attributes of its ``ListSpec`` (``spec_of``),
    ``docname``, ``line``, and ``position`` (its number among the page's
    lists, set by the collector)."""


class algokader_tags(nodes.General, nodes.Element):  # noqa: N801
    """Badges for the page's labels: attributes ``which`` (``tags`` or
    ``tags-ai-act``), ``docname``."""


def list_placeholder(spec: ListSpec, docname: str, line: int | None) -> algokader_list:
    node = algokader_list("", docname=docname, line=line, **spec.attributes())
    node.line = line
    return node


def spec_of(node: algokader_list) -> ListSpec:
    return ListSpec.from_attributes(node)


def _never(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    # The post-transform replaces these in every builder; the visitors only
    # make sure an unexpected leftover is skipped instead of crashing a writer.
    for node in (algokader_list, algokader_tags):
        app.add_node(node, html=(_never, None), latex=(_never, None),
                     text=(_never, None), man=(_never, None),
                     texinfo=(_never, None))
