"""``list-vereisten``, ``list-maatregelen``, ``list-hulpmiddelen``.

They take exactly the marker's tokens as arguments and produce the same
placeholder, in MyST and reST alike.
"""

from __future__ import annotations

import dataclasses

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.markers import parse_list
from sphinx_algokader.nodes import list_placeholder
from sphinx_algokader.profile import parse_profile, unknown_values
from sphinx_algokader.vocabulary import get_vocabulary
from sphinx_algokader.spec import SORT_KEYS

#: directive name -> marker name
DIRECTIVES: dict[str, str] = {
    "list-vereisten": "list_vereisten",
    "list-maatregelen": "list_maatregelen",
    "list-hulpmiddelen": "list_hulpmiddelen",
}


class ListDirective(SphinxDirective):
    """A list of framework items; arguments are marker tokens."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = {
        "caption": directives.unchanged,
        # checked in run(): a bad value is reported and the list still shown
        "sort": directives.unchanged,
        "profile": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        marker = DIRECTIVES[self.name]
        spec = parse_list(marker, self.arguments[0] if self.arguments else "",
                          self.env.docname, self.lineno, self.env)
        changes = {}
        if "caption" in self.options:
            changes["caption"] = self.options["caption"].strip()
        if "sort" in self.options:
            sort = self.options["sort"].strip()
            if sort in SORT_KEYS:
                changes["sort"] = sort
            else:
                warn("bad_token", f":sort: {sort!r} is not one of {', '.join(SORT_KEYS)}; "
                     "the list keeps its default order", (self.env.docname, self.lineno), self.env)
        if "profile" in self.options:
            profile, problems = parse_profile(self.options["profile"])
            vocabulary = get_vocabulary(self.config.algokader_vocabulary)
            unknown = unknown_values(profile, vocabulary)
            for message in problems + unknown:
                warn("bad_token", f":profile: {message}; ignored (a list left without a "
                     "valid value shows every requirement)",
                     (self.env.docname, self.lineno), self.env)
            changes["profile"] = tuple((k, v) for k, v in profile if vocabulary.knows(k, v))
        node = list_placeholder(dataclasses.replace(spec, **changes), self.env.docname,
                                self.lineno)
        self.set_source_info(node)
        return [node]


def setup(app: Sphinx) -> None:
    for name in DIRECTIVES:
        app.add_directive(name, ListDirective)
