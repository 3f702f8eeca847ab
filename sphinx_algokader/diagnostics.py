"""Every warning the extension emits, in one place.

All warnings go through ``sphinx.util.logging`` with ``type="algokader"`` and
one of the subtypes below, so that a handbook can silence one kind with
``suppress_warnings = ["algokader.<subtype>"]`` or fail on all with ``-W``.
"""

from __future__ import annotations

from sphinx.util import logging

logger = logging.getLogger("sphinx_algokader")

#: subtype -> one-line description (the docs reference is checked against it)
SUBTYPES: dict[str, str] = {
    "front_matter": "front matter that is not valid YAML or not a mapping",
    "unknown_marker": "a block comment that looks like a marker but names none",
    "bad_token": "a marker or directive token that is neither a filter nor a column switch",
    "unknown_column": "a no-/add- token naming a column the list does not have",
    "unknown_key": "a filter on a front-matter key that no item has",
    "unknown_value": "a filter value that no item carries and no vocabulary lists",
    "dangling_relation": "a vereiste:/maatregel: relation that names no item",
    "empty_item": "an empty item in a list-valued front-matter key",
    "duplicate_id": "two items with the same id",
    "markdown": "MkDocs Markdown that the official site renders differently than meant",
}


def warn(
    subtype: str,
    message: str,
    location: object = None,
) -> None:
    """Log an ``algokader`` warning of ``subtype`` at ``location``.

    ``location`` is anything Sphinx accepts: a node, a docname, or a
    ``(docname, line)`` tuple.
    """
    if subtype not in SUBTYPES:  # programming error, not user input
        raise ValueError(f"unknown warning subtype {subtype!r}")
    logger.warning(message, location=location, type="algokader", subtype=subtype)
