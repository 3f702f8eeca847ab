"""Markdown read line by line: front matter and fenced code.

The source fixes (``source.py``) and the MkDocs conversion (``mkdocs/``)
both change lines of a page before MyST parses it, and both must leave
code alone. They share these rules:

* front matter is the block between a first line ``---`` and the next
  ``---`` or ``...`` line;
* a fence is three or more backticks or tildes, at any indentation (so
  that fences inside list items count); it closes at a line of the same
  character, at least as long, with no info string after it (CommonMark).
"""

from __future__ import annotations

import re

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
