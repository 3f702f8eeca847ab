"""Placeholder nodes: what a marker or directive leaves in the doctree.

They remember the document and line they came from (a LaTeX build merges all
documents into one tree) and are always replaced by plain docutils nodes in
the post-transform (``resolve.py``), so no writer ever sees them; only the
message catalogs (``-b gettext``, which writes no page) read them as they
are (``ResolvePostTransform``). Their
attributes are plain data (strings, numbers, booleans, lists of them).
"""

from __future__ import annotations

from typing import Any, TypeVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_algokader.spec import ListSpec

N = TypeVar("N", bound=nodes.Element)


class TranslatableCaption(nodes.Element, addnodes.translatable):
    """A placeholder whose ``caption`` (a directive's ``:caption:``, the
    author's own words) goes through Sphinx's translation as a toctree's
    caption does: into the message catalogs (``-b gettext``), and replaced
    by its translation before the page is collected and resolved."""

    def preserve_original_messages(self) -> None:
        if self.get("caption"):
            self["rawcaption"] = self["caption"]

    def apply_translated_message(self, original_message: str, translated_message: str) -> None:
        if self.get("rawcaption") == original_message:
            self["caption"] = translated_message

    def extract_original_messages(self) -> list[str]:
        raw = self.get("rawcaption")
        return [raw] if raw else []


class algokader_list(nodes.General, TranslatableCaption):  # noqa: N801 (docutils style)
    """A list of items: the attributes of its ``ListSpec`` (``spec_of``),
    ``docname``, ``line``, and ``position`` (its number among the page's
    lists, set by the collector)."""


class algokader_tags(nodes.General, nodes.Element):  # noqa: N801
    """Badges for the page's labels: attributes ``which`` (``tags`` or
    ``tags-ai-act``), ``docname``."""


def placeholder(cls: type[N], attributes: dict[str, Any], docname: str,
                line: int | None) -> N:
    """A placeholder node of ``cls`` holding a spec's ``attributes`` and
    where it came from (lists, records views, the changes page)."""
    node = cls("", docname=docname, line=line, **attributes)
    node.line = line
    return node


def list_placeholder(spec: ListSpec, docname: str, line: int | None) -> algokader_list:
    return placeholder(algokader_list, spec.attributes(), docname, line)


def spec_of(node: algokader_list) -> ListSpec:
    return ListSpec.from_attributes(node)


def _never(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode


def add_placeholder_node(app: Sphinx, node: type[nodes.Element]) -> None:
    """Register a placeholder node class. A post-transform replaces its
    nodes in every builder that writes pages (``ResolvePostTransform``);
    the visitors only make sure that an unexpected leftover is skipped
    instead of crashing a writer."""
    app.add_node(node, html=(_never, None), latex=(_never, None), text=(_never, None),
                 man=(_never, None), texinfo=(_never, None))


def setup(app: Sphinx) -> None:
    for node in (algokader_list, algokader_tags):
        add_placeholder_node(app, node)


#: builders for which the placeholders stay: the message catalogs take a
#: directive's caption from its node (``TranslatableCaption``), and a
#: generated table holds none of the author's words
UNRESOLVED_BUILDERS = ("gettext",)


#: what the id of every list, records view and changes table starts with
#: (``new_list_id``), and so the name of its download files after the page's
LIST_ID_PREFIX = "algokader-"


def new_list_id(document: nodes.document, kind: str) -> str:
    """The id of a list, records view or changes table of a page:
    ``algokader-<kind>-N``, N the first number no element of the page has
    yet. Its downloads, its controls and links to it are named by it."""
    base = f"{LIST_ID_PREFIX}{kind}"
    n = 1
    while f"{base}-{n}" in document.ids:
        n += 1
    return f"{base}-{n}"


class ResolvePostTransform(SphinxPostTransform):
    """A post-transform that replaces placeholders: in every builder but
    those of ``UNRESOLVED_BUILDERS``."""

    def is_supported(self) -> bool:
        return not builder_is(self.document, builders=UNRESOLVED_BUILDERS)


def builder_is(document: nodes.document, *, builders: tuple[str, ...] = (),
               formats: tuple[str, ...] = ()) -> bool:
    """Whether the builder of the build ``document`` is in is one of
    ``builders`` and writes one of ``formats`` (either left out: any): what
    a post-transform asks Sphinx through ``SphinxPostTransform.is_supported``,
    the public way for it to learn its builder."""
    probe = SphinxPostTransform(document)
    probe.builders, probe.formats = builders, formats
    return probe.is_supported()
