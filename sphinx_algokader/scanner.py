"""Markdown read line by line: front matter and fenced code.

The source fixes (``source.py``) and the MkDocs conversion (``mkdocs/``)
both change lines of a page before MyST parses it, and both must leave
code alone. They share these rules:

* front matter is the block between a first line ``---`` and the next
  ``---`` or ``...`` line;
* a plain scalar of the front matter that looks like an ISO date but
  names no day (``2027-02-30``) is quoted before YAML reads it
  (``quote_impossible_dates``), in a page and in an edition's item alike;
* a fence is three or more backticks or tildes, at any indentation (so
  that fences inside list items count); it closes at a line of the same
  character, at least as long, with no info string after it (CommonMark);
* a page is Markdown when the handbook reads its suffix as Markdown
  (``is_markdown``: ``.md``, and ``.markdown`` or any other it names).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sphinx.config import Config

FENCE_RE = re.compile(r"^(?P<ind> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def split_front_matter(lines: list[str]) -> int:
    """The index of the closing ``---`` line of the front matter, or 0."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            return number
    return 0


class Fences:
    """Follows fenced code blocks through a page, one line at a time."""

    def __init__(self) -> None:
        #: the open fence (its backticks or tildes), or None outside code
        self.fence: str | None = None
        #: the match of the last line fed, when it opened a fence
        self.opening: re.Match[str] | None = None

    def feed(self, line: str) -> bool:
        """Whether ``line`` is code or a fence."""
        match = FENCE_RE.match(line.rstrip("\n"))
        self.opening = None
        if self.fence is not None:
            if match and match.group("fence")[0] == self.fence[0] \
                    and len(match.group("fence")) >= len(self.fence) \
                    and not match.group("info").strip():
                self.fence = None
            return True
        if match:
            self.fence, self.opening = match.group("fence"), match
            return True
        return False


_ISO_LIKE_RE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def quote_impossible_dates(lines: list[str], end: int) -> bool:
    """Quote each plain YAML scalar in the front matter that looks like a
    date but does not exist (``2027-02-30``); whether any was quoted.

    YAML reads an unquoted ISO date as a date, and one that does not exist
    makes the whole front matter fail (in PyYAML and so in MyST). Quoted, it
    is a string, which the collector reports with its line
    (``algokader.bad_date``), and the rest of the front matter stays. The
    scalars are found by YAML's own scanner, so text inside quoted strings
    is never touched."""
    import datetime

    try:
        tokens = list(yaml.scan("".join(lines[1:end]), Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return False
    edits: list[tuple[int, int, int]] = []
    for token in tokens:
        if isinstance(token, yaml.ScalarToken) and token.plain \
                and _ISO_LIKE_RE.fullmatch(token.value) \
                and token.start_mark.line == token.end_mark.line:
            try:
                datetime.date(*(int(part) for part in token.value.split("-")))
            except ValueError:
                edits.append((token.start_mark.line + 1, token.start_mark.column,
                              token.end_mark.column))
    for number, start, stop in reversed(edits):
        line = lines[number]
        lines[number] = f'{line[:start]}"{line[start:stop]}"{line[stop:]}'
    return bool(edits)


#: the suffixes myst-nb reads as MyST Markdown (it reads its other
#: suffixes, ``.ipynb`` and its custom formats, as notebooks)
_MYST_NB_MARKDOWN = frozenset({".md", ".markdown"})


def _markdown_suffixes(config: Config) -> set[str]:
    """The suffixes of the Markdown pages: MyST's, or myst-nb's when it
    has taken ``.md`` over."""
    return {suffix.lower() for suffix, filetype in config.source_suffix.items()
            if filetype == "markdown"
            or (filetype == "myst-nb" and suffix.lower() in _MYST_NB_MARKDOWN)}


def is_markdown(config: Config, path: str | Path) -> bool:
    """Whether the page at ``path`` is Markdown (``.md``, and any other
    suffix the handbook reads as Markdown, such as ``.markdown``): whose
    front matter ``source.py`` reads, and whose title is its front matter's.
    The reading, the collector and the editions' comparison ask here."""
    return Path(path).suffix.lower() in _markdown_suffixes(config)
