"""Where a problem is: the line of a front-matter key, the row of a status file.

Warnings point at a page's line (``diagnostics.warn``); the line of a
front-matter key is found in the page's source, read once per page and only
when a warning first needs it (``Store.source_lines``). The collector,
validation (``validate.py``) and the records' checks (``records/check.py``)
all ask here, so that none of them imports another for it.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.environment import BuildEnvironment

from sphinx_algokader.index import get_store
from sphinx_algokader.model import RECORD_KEY
from sphinx_algokader.scanner import split_front_matter

#: the lines of a page without a Markdown front matter whose keys are looked for
SOURCE_LINES = 500


def front_matter_line(env: BuildEnvironment, docname: str, key: str,
                      value: str | None = None) -> int | None:
    """The line of ``key`` (and of ``value`` below it) in a page's front
    matter; the source is read once per page, when a warning first needs it."""
    store = get_store(env)
    lines = store.source_lines.get(docname)
    if lines is None:
        try:
            text = env.doc2path(docname).read_text(encoding="utf-8")
        except OSError:
            return None
        # a Markdown page's front matter, however long (a record of a
        # hundred measures and more); else (a reST field list) its start
        lines = text.splitlines()
        end = split_front_matter(lines)
        lines = store.source_lines[docname] = lines[:end + 1 if end else SOURCE_LINES]
    # a page of records asks once per record: the keys' lines are an index
    keys = store.source_keys.get(docname)
    if keys is None:
        keys = store.source_keys[docname] = _key_lines(lines)
    found = keys.get(key)
    if found is None or value is None or value in lines[found - 1].split(":", 1)[1]:
        return found
    for number, line in enumerate(lines[found:], start=found + 1):
        if value in line:
            return number
        if re.match(r"^\S", line) and not line.startswith("-"):
            break
    return found


def _key_lines(lines: list[str]) -> dict[str, int]:
    """key -> the first line that ``^\\s*:?key:`` matches, for every key
    some line starts with (a key may hold colons: ``urn:nl:ak:mtr:x``).
    A YAML key ends at the first colon followed by a space (or at the end
    of the line): no prefix beyond it is a key, and a line of text with
    thousands of colons is not indexed thousands of times over."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        text = line.lstrip()
        for start in ((0, 1) if text.startswith(":") else (0,)):
            colon = text.find(":", start + 1)
            while colon != -1:
                found.setdefault(text[start:colon], number)
                if colon + 1 == len(text) or text[colon + 1].isspace():
                    break  # the key's own colon
                colon = text.find(":", colon + 1)
    return found


def status_file_path(env: BuildEnvironment, docname: str, relative: str) -> Path:
    """Where a page's ``status-bestand`` is: relative to the page, or with a
    leading "/" to the source folder (as for evidence, and as Sphinx reads
    "/x" in a literalinclude)."""
    folder = env.srcdir if relative.startswith("/") else env.doc2path(docname).parent
    return folder / relative.lstrip("/")


def _child_line(lines: list[str], start: int, key: str) -> int | None:
    """The line of ``key`` among the keys of the mapping that line
    ``start`` opens (below it, more indented, as indented as the first of
    them), or None (a flow mapping, no such key)."""
    key_re = re.compile(rf"['\"]?{re.escape(key)}['\"]?\s*:")
    parent = lines[start - 1] if 0 < start <= len(lines) else ""
    indent = None
    for number, text in enumerate(lines[start:], start=start + 1):
        stripped = text.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        width = len(text) - len(stripped)
        if indent is None:
            indent = width
        if width < indent or width <= len(parent) - len(parent.lstrip(" ")):
            return None
        if width == indent and key_re.match(stripped):
            return number
    return None


def record_location(env: BuildEnvironment, docname: str, key: str, source: str = "",
                    line: int | None = None, within: str = ""
                    ) -> tuple[str, int | None] | str:
    """Where a record, or a problem of one, is: row ``line`` of its status
    file ``source``, else the line of ``key`` (a measure, or a field such as
    ``fase``) below the page's ``algoritme`` key (at the start of a line, or
    in a flow mapping), else that key's own line (a record written on one
    line, as a reStructuredText field list holds it). The collector and the whole-handbook checks both ask here."""
    if source:
        # "path:line" (Sphinx shows a location with a colon as it is); the
        # problem is kept with the page being read (diagnostics.warn)
        return f"{status_file_path(env, docname, source)}:{line or 1}"
    start = front_matter_line(env, docname, RECORD_KEY, None)
    if key == RECORD_KEY:
        return (docname, start)
    if within:  # a key of the record itself, or of its profiel, and not one of
        # the same name above or below it: among the keys of that mapping
        found_parent = (docname, start) if within == RECORD_KEY else record_location(
            env, docname, within, within=RECORD_KEY)
        parent = found_parent[1] if isinstance(found_parent, tuple) else None
        if parent is not None:
            found = _child_line(get_store(env).source_lines.get(docname, []), parent, key)
            if found is not None:
                return (docname, found)
            start = parent  # a flow mapping: looked for below its key
    # the keys' index finds a plain key at once (a page of a hundred warned
    # records asks a hundred times); a quoted one, or a key that is also one
    # above the record, is looked for below the record's key
    found = front_matter_line(env, docname, key, None)
    if found is not None and found > (start or 0):
        return (docname, found)
    lines = get_store(env).source_lines.get(docname, [])
    key_re = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
    for number, text in enumerate(lines[start or 0:], start=(start or 0) + 1):
        if key_re.match(text):
            return (docname, number)
    # a key inside a flow mapping ("profiel: {rol-ai-act: aanbieder}")
    flow_re = re.compile(rf"[{{,]\s*['\"]?{re.escape(key)}['\"]?\s*:(?:\s|$)")
    for number, text in enumerate(lines[start or 0:], start=(start or 0) + 1):
        if flow_re.search(text):
            return (docname, number)
    return (docname, start)
