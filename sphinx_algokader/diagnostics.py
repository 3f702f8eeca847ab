"""Every warning the extension emits, in one place.

All warnings go through ``sphinx.util.logging`` with ``type="algokader"`` and
one of the subtypes below, so that a handbook can silence one kind with
``suppress_warnings = ["algokader.<subtype>"]`` or fail on all with ``-W``.
With ``algokader_strict = True`` they are logged as errors and a build that
had any fails at the end, so CI can fail on content problems alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("sphinx_algokader")

#: subtype -> one-line description (the docs reference is checked against it)
SUBTYPES: dict[str, str] = {
    "front_matter": "front matter that is not valid YAML (a key twice in one mapping "
                    "included) or not a mapping",
    "unknown_marker": "a block comment that looks like a marker but names none",
    "bad_token": "a marker or directive token that is neither a filter nor a column switch",
    "unknown_column": "a no-/add- token naming a column the list does not have",
    "unknown_key": "a filter on a front-matter key that no item has",
    "unknown_value": "a filter value that no item carries and no vocabulary lists",
    "dangling_relation": "a vereiste:/maatregel: relation that names no item",
    "empty_item": "an empty item in a list-valued front-matter key",
    "duplicate_id": "two items with the same id",
    "urn_format": "an id that is not a well-formed URN of the item's kind",
    "file_prefix": "a file name that does not start with the item's short code",
    "unknown_label": "a label value outside the vocabulary of its key",
    "missing_title": "a Markdown item page without a front-matter title",
    "missing_id": "a vereiste or maatregel without an id",
    "urn_lock": "a URN listed in the lock file that the content no longer has",
    "uitzondering": "an uitzondering expression that does not parse",
    "bad_date": "a geldt-vanaf date that is not a real date (YYYY-MM-DD)",
    "manifest": "a framework manifest that names a file outside its folder",
    "export": "two items that an export would write to the same file or give the same id, "
              "a profiel value that a system card cannot carry, or an OSCAL profile that "
              "would select nothing",
    "control_character": "a front-matter value or status-file cell that holds a control "
                         "character (removed: no PDF or EPUB page can hold one)",
    "markdown": "MkDocs Markdown that the official site renders differently than meant",
    "record": "an algoritme record, or one measure's record, that is not shaped as documented",
    "unknown_status": "a measure's status that is not one of the five statuses",
    "missing_reason": "a niet-van-toepassing status without a toelichting",
    "unknown_phase": "an algorithm's fase that is not a lifecycle phase",
    "status_file": "a status-bestand that is missing or unreadable, or a bad header or row in it",
    "unknown_measure": "a record for a measure that is not in the index",
    "not_relevant": "a record for a measure that serves no requirement of the algorithm's profiel",
    "record_conflict": "two records for one measure (the front matter wins over the status "
                       "file, an earlier row over a later one)",
    "evidence_link": "an evidence entry that is neither a URL nor a page of the handbook, "
                     "names an #anchor its page does not have, or is a URL of a scheme that "
                     "is not linked (javascript:)",
    "duplicate_algorithm": "two algorithm records with the same id",
    "edition": "a previous edition that cannot be read, or changes asked for without one",
    "recheck": "a record of a measure that changed or was re-used since the record's editie",
}


def is_suppressed(config: Any, subtype: str) -> bool:
    return logging.is_suppressed_warning("algokader", subtype, config.suppress_warnings)


def emit(subtype: str, message: str, location: object, as_error: bool) -> None:
    """Log one problem, as a warning or (strict mode, a lost URN) an error."""
    if subtype not in SUBTYPES:  # programming error, not user input
        raise ValueError(f"unknown warning subtype {subtype!r}")
    log = logger.error if as_error else logger.warning
    log(message, location=location, type="algokader", subtype=subtype)


def location_text(env: Any, location: object, paths: dict[str, str]) -> object:
    """A ``(docname, line)`` location as the text Sphinx's logging makes of
    it ("path:line"), each page's path made once (``paths``: docname ->
    path); any other location as it is. Sphinx makes the path anew for each
    warning, with pathlib: a fifth of a warning's cost, where the checks
    of a hundred algorithms' records can give a thousand warnings."""
    if not isinstance(location, tuple) or not location[0] or not location[1]:
        return location
    docname, line = location
    path = paths.get(docname)
    if path is None:
        path = paths[docname] = str(env.doc2path(docname))
    return f"{path}:{line}"


def warn(subtype: str, message: str, location: object = None, env: Any = None) -> None:
    """Report a problem found while reading a page, at ``location``.

    ``location`` is a node, a docname or a ``(docname, line)`` tuple. With
    ``env`` the problem is also remembered with the page (for strict mode,
    which must count problems of pages that an incremental build skips).
    """
    strict = env is not None and env.config.algokader_strict
    emit(subtype, message, location, strict)
    if env is not None and not is_suppressed(env.config, subtype):
        from sphinx_algokader.index import get_store

        docname = location[0] if isinstance(location, tuple) else env.docname
        get_store(env).problems.setdefault(docname, []).append(subtype)


def warn_tokens(marker: str, problems: Iterable[tuple[str, str]], docname: str,
                line: int | None, env: Any) -> None:
    """Report the problems of a marker's or directive's tokens, each a
    ``(subtype, message)``, at its line, prefixed with its name."""
    for subtype, message in problems:
        warn(subtype, f"{marker}: {message}", (docname, line), env)
