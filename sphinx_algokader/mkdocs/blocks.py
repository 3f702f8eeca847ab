"""Admonitions and collapsible blocks as MkDocs Material writes them.

``mkdocs-admonition TYPE ["TITLE"]`` is an admonition of that type with
that title (MkDocs' default title is the type, capitalised; an empty title
means none). ``mkdocs-details`` is the ``???`` collapsible: a ``<details>``
element, closed by default, in HTML; in every other builder (PDF, text) an
ordinary admonition, shown in full. ``mkdocs-details-open`` is ``???+``.
"""

from __future__ import annotations

import re
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

_ARG_RE = re.compile(r'^\s*(?P<type>[\w-]+)(?:\s+"(?P<title>[^"]*)")?\s*$')


class collapsible(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """A ``???`` block: ``summary`` is its title, ``open`` whether it starts open."""


class MkDocsAdmonition(SphinxDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        match = _ARG_RE.match(self.arguments[0] if self.arguments else "note")
        kind = match.group("type") if match else "note"
        title = match.group("title") if match and match.group("title") is not None \
            else kind.replace("-", " ").capitalize()
        if self.name == "mkdocs-admonition":
            node: nodes.Element = nodes.admonition(classes=["admonition", kind])
        else:
            node = collapsible(classes=["admonition", kind],
                               open=self.name.endswith("-open"))
        self.set_source_info(node)
        if title:
            textnodes, messages = self.parse_inline(title, lineno=self.lineno)
            heading = nodes.title(title, "", *textnodes)
            self.set_source_info(heading)
            node += heading
            node += messages
        node += self.parse_content_to_nodes()
        return [node]


def visit_collapsible_html(self: HTML5Translator, node: collapsible) -> None:
    classes = " ".join(node["classes"])
    attrs = " open" if node.get("open") else ""
    self.body.append(f'<details class="{self.attval(classes)}"{attrs}>')
    if node.children and isinstance(node.children[0], nodes.title):
        title = node.children[0]
        self.body.append('<summary class="admonition-title">')
        for child in title.children:
            child.walkabout(self)
        self.body.append("</summary>")
        title.parent.remove(title)


def depart_collapsible_html(self: HTML5Translator, node: collapsible) -> None:
    self.body.append("</details>\n")


def collapsibles_to_admonitions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Outside HTML a collapsible is an admonition, shown in full."""
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(collapsible)):
        admonition = nodes.admonition("", *node.children, classes=node["classes"])
        admonition.source, admonition.line = node.source, node.line
        node.replace_self(admonition)


def setup(app: Sphinx) -> None:
    for name in ("mkdocs-admonition", "mkdocs-details", "mkdocs-details-open"):
        app.add_directive(name, MkDocsAdmonition)
    app.add_node(collapsible, html=(visit_collapsible_html, depart_collapsible_html))
    app.connect("doctree-resolved", collapsibles_to_admonitions)
