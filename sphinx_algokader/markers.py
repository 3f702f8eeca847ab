"""Block-level HTML comments that are markers become placeholder nodes.

MyST turns a block-level ``<!-- ... -->`` into ``nodes.raw(format="html")``
outside any paragraph; an inline comment sits inside a paragraph and is no
marker. Comments that are not markers are left alone, except that a first
word starting with ``list_`` or ``tags`` that names no marker is a typo and
warns.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

from sphinx_algokader import changes
from sphinx_algokader.diagnostics import warn, warn_tokens
from sphinx_algokader.nodes import algokader_tags, list_placeholder
from sphinx_algokader.records.views import VIEW_MARKERS, view_placeholder
from sphinx_algokader.spec import MARKERS, TAG_MARKERS, ListSpec, parse_tokens

_COMMENT_RE = re.compile(r"\A\s*<!--(.*?)-->\s*\Z", re.DOTALL)
#: a comment that starts like a marker but has text after it on the line
_MARKER_WITH_TEXT_RE = re.compile(
    r"\A\s*<!--\s*((?:list_|tags|algoritme|algokader_)[\w-]*)[^>]*-->\s*\S")


def parse_list(
    name: str, tokens: str, docname: str, line: int | None, env: BuildEnvironment
) -> ListSpec:
    """The spec of marker/directive ``name``, warning on bad tokens."""
    kind, relation = MARKERS[name]
    spec, problems = parse_tokens(kind, relation, tokens)
    warn_tokens(name, problems, docname, line, env)
    return spec


class MarkerTransform(SphinxTransform):
    """Replace marker comments with placeholders."""

    default_priority = 400

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            if isinstance(raw.parent, nodes.TextElement):
                continue  # inline comment: never a marker
            match = _COMMENT_RE.match(raw.astext())
            if not match:
                trailing = _MARKER_WITH_TEXT_RE.match(raw.astext())
                if trailing and trailing.group(1) in (*MARKERS, *TAG_MARKERS, *VIEW_MARKERS,
                                                      changes.MARKER):
                    warn("unknown_marker", f"{trailing.group(1)} is followed by text on its line, "
                         "so it is no marker: put the marker on a line of its own",
                         (docname, raw.line), self.env)
                continue
            words = match.group(1).split(None, 1)
            if not words:
                continue
            name, tokens = words[0], (words[1] if len(words) > 1 else "")
            line = raw.line
            if name == "algokader:no-search":  # made by source.py from { data-search-exclude }
                section = raw.next_node(nodes.section, descend=False, siblings=True, ascend=True)
                if section is not None:
                    section["classes"].append("no-search")
                raw.parent.remove(raw)
                continue
            if name in MARKERS:
                spec = parse_list(name, tokens, docname, line, self.env)
                raw.replace_self(list_placeholder(spec, docname, line))
            elif name in TAG_MARKERS:
                if tokens.strip():
                    warn("bad_token", f"{name} takes no tokens, got {tokens.strip()!r}",
                         (docname, line), self.env)
                node = algokader_tags("", which=name, docname=docname)
                node.line = line
                raw.replace_self(node)
            elif name in VIEW_MARKERS:
                raw.replace_self(view_placeholder(name, tokens, docname, line, self.env))
            elif name == changes.MARKER:
                raw.replace_self(changes.changes_placeholder(tokens, docname, line, self.env))
            elif name.startswith(("list_", "tags", "algoritme", "algokader_")):
                known = ", ".join([*MARKERS, *TAG_MARKERS, *VIEW_MARKERS, changes.MARKER])
                warn("unknown_marker", f"unknown marker {name!r}; markers are {known}",
                     (docname, line), self.env)


def setup(app: Sphinx) -> None:
    app.add_transform(MarkerTransform)
