"""Glossary terms become abbreviations, in one pass per text node.

The official build appends its glossary (``*[TERM]: definition`` lines) to
every page, and Python-Markdown then marks every whole-word, case-sensitive
occurrence of a term as ``<abbr title="definition">``. Here one regular
expression of all terms (longest first, as Python-Markdown orders them)
runs once over each text node, instead of one expression per term per page.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

#: text inside these is never marked
_SKIP = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment,
         nodes.abbreviation, nodes.math, nodes.math_block, nodes.target,
         nodes.substitution_definition)


@functools.lru_cache(maxsize=4)
def term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(r"\b(?:%s)\b" % "|".join(re.escape(t) for t in ordered))


def mark_abbreviations(document: nodes.document, glossary: dict[str, str]) -> int:
    """Wrap glossary terms in ``abbreviation`` nodes; returns how many."""
    if not glossary:
        return 0
    pattern = term_pattern(tuple(glossary))
    count = 0
    for text in list(document.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, _SKIP) or any(
                isinstance(a, _SKIP) for a in _ancestors(parent)):
            continue
        value = str(text)
        pieces: list[nodes.Node] = []
        last = 0
        for match in pattern.finditer(value):
            if match.start() > last:
                pieces.append(nodes.Text(value[last:match.start()]))
            term = match.group(0)
            pieces.append(nodes.abbreviation(term, term, explanation=glossary[term]))
            last = match.end()
            count += 1
        if pieces:
            if last < len(value):
                pieces.append(nodes.Text(value[last:]))
            parent.replace(text, pieces)
    return count


def _ancestors(node: nodes.Node) -> Any:
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


class GlossaryTransform(SphinxTransform):
    """Mark the MkDocs site's glossary terms on every page."""

    default_priority = 880  # after MyST's own transforms, before doctree-read

    def apply(self, **kwargs: Any) -> None:
        site = self.config.algokader_mkdocs_site
        if site is None or not site.glossary:
            return
        mark_abbreviations(self.document, dict(site.glossary))
