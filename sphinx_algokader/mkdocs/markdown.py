"""MkDocs Markdown to MyST Markdown, line for line.

Every function here keeps each source line on its line number, so that
warnings from MyST, Sphinx and this extension name the line a handbook
author sees in the file. The conversions follow what the official site's
Python-Markdown build makes of the same text:

* ``!!! type "title"`` admonitions and ``???``/``???+`` collapsibles, with
  their 4-space-indented bodies, become ``mkdocs-admonition`` /
  ``mkdocs-details`` colon fences (nesting handled by fence length);
* ``<div … markdown>`` blocks (md_in_html) and ``/// html | div.class``
  blocks become containers;
* thematic breaks inside such blocks become ``<hr>`` (docutils allows
  transitions only between sections);
* list items directly under a paragraph line are text in Python-Markdown
  (reported, and kept as text), and items indented by 1-3 spaces are
  top-level items there;
* icon shortcodes such as ``:material-arrow-right:`` become characters;
* a ``mermaid`` fence becomes a plain text block (no diagram renderer is
  shipped; nothing is fetched);
* unresolved Git merge-conflict lines are reported, and shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sphinx_algokader.scanner import Fences
_ADMONITION_RE = re.compile(
    r'^(?P<ind> *)(?P<mark>!!!|\?\?\?\+?)[ \t]*(?P<type>[\w-]+)(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
_DIV_OPEN_RE = re.compile(r"^(?P<ind> *)<div\b(?P<attrs>[^>]*)>\s*$")
_DIV_CLOSE_RE = re.compile(r"^(?P<ind> *)</div>\s*$")
_BLOCK_OPEN_RE = re.compile(r"^(?P<ind> *)///[ \t]*(?P<kind>[\w-]+)(?:[ \t]*\|[ \t]*(?P<arg>.*?))?[ \t]*$")
_BLOCK_CLOSE_RE = re.compile(r"^(?P<ind> *)///[ \t]*$")
_HR_RE = re.compile(r"^(?P<ind> *)(?:-[ \t]*){3,}$|^(?P<ind2> *)(?:\*[ \t]*){3,}$|^(?P<ind3> *)(?:_[ \t]*){3,}$")
_ITEM_RE = re.compile(r"^(?P<ind> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<rest>[ \t]+.*|)$")
_COLON_FENCE_RE = re.compile(r"^ *(:{3,})")
_CONFLICT_RE = re.compile(r"^(<{7}|={7}|>{7})(?:[ \t].*)?$")
_ICON_RE = re.compile(r":(?:material|fontawesome|octicons|simple)-[\w-]+:")

#: icon shortcodes the corpus uses, as characters; others are dropped
ICONS: dict[str, str] = {
    ":material-arrow-right:": "→",
    ":material-arrow-left:": "←",
    ":material-check:": "✓",
    ":material-close:": "✗",
    ":material-information-outline:": "ℹ",
}

Report = Callable[[int, str], None]  # (0-based line, message)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_paragraph_line(line: str) -> bool:
    """A line that would continue a paragraph (in Python-Markdown's eyes)."""
    stripped = line.strip()
    if not stripped or _indent(line) >= 4:
        return False
    return not (stripped.startswith(("#", "<", ">", "|", "```", "~~~", "!!!", "???", ":::", "///"))
                or _ITEM_RE.match(line) or _HR_RE.match(line))


def _classes(attrs: str) -> list[str]:
    match = re.search(r'class\s*=\s*"([^"]*)"', attrs) or re.search(r"class\s*=\s*'([^']*)'", attrs)
    return match.group(1).split() if match else []


def _block_classes(arg: str | None) -> list[str]:
    """``div.a.b[style=…]`` -> ["a", "b"] (pymdownx.blocks.html)."""
    if not arg:
        return []
    selector = re.sub(r"\[.*?\]", "", arg).strip()
    return [c for c in selector.split(".")[1:] if c]


def _fence_for(body: list[str]) -> str:
    longest = 2
    for line in body:
        match = _COLON_FENCE_RE.match(line)
        if match:
            longest = max(longest, len(match.group(1)))
    return ":" * (longest + 1)


def _wrap(lines: list[str], start: int, end: int, ind: str, header: str,
          body: list[str]) -> int:
    """Replace lines[start:end] by a colon fence around ``body``.

    ``lines[start]`` becomes the opening fence; the body keeps its lines; the
    closing fence goes on the first blank line after the body (or a line is
    added when there is none). Returns the index after the block."""
    fence = _fence_for(body)
    lines[start] = f"{ind}{fence}{header}"
    lines[start + 1:end] = body
    close = start + 1 + len(body)
    if close < len(lines) and not lines[close].strip():
        lines[close] = f"{ind}{fence}"
    else:
        lines.insert(close, f"{ind}{fence}")
    return close + 1


_LEADING_TABS_RE = re.compile(r"^[ \t]*\t")
#: a link destination with spaces, which Python-Markdown allows and CommonMark
#: only in angle brackets: [text](a file.pdf) -> [text](<a file.pdf>)
_SPACED_LINK_RE = re.compile(r'\]\((?!<)(?P<dest>[^()<>"\n]*?[ ][^()<>"\n]*?)\)')


def _fix_inline(line: str) -> str:
    if "](" in line:
        line = _SPACED_LINK_RE.sub(lambda m: "](<" + m.group("dest").strip() + ">)", line)
    if ":" in line and _ICON_RE.search(line):
        line = _ICON_RE.sub(lambda m: ICONS.get(m.group(0), ""), line)
    return line


def convert(lines: list[str], report: Report, offset: int = 0, in_block: bool = False) -> list[str]:
    """Convert a page body (a list of lines without line ends)."""
    # Python-Markdown reads a leading tab as four spaces
    lines = [line.expandtabs(4) if _LEADING_TABS_RE.match(line) else line for line in lines]
    i = 0
    fences = Fences()
    block_is_list = False  # does the current paragraph block start with a list item?
    previous = ""
    while i < len(lines):
        line = lines[i]
        if fences.feed(line):
            opening = fences.opening
            if opening is not None and opening.group("info").strip() == "mermaid":
                lines[i] = f"{opening.group('ind')}{opening.group('fence')}text"
            i += 1
            previous = line
            continue

        if _CONFLICT_RE.match(line):
            report(offset + i, "unresolved Git merge-conflict marker "
                   f"{line.split()[0]!r}: the page shows both versions")
            # as text: not a heading underline or seven nested quotes (which
            # LaTeX cannot nest)
            lines[i] = "\\" + line
            previous = line
            i += 1
            continue

        admonition = _ADMONITION_RE.match(line)
        if admonition:
            ind = admonition.group("ind")
            width = len(ind) + 4
            end = i + 1
            while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) >= width):
                end += 1
            while end > i + 1 and not lines[end - 1].strip():
                end -= 1  # trailing blank lines are not part of the body
            body = [line[width:] if line.strip() else "" for line in lines[i + 1:end]]
            body = convert(body, report, offset + i + 1, in_block=True)
            body = [f"{ind}{b}" if b else b for b in body]
            name = {"!!!": "mkdocs-admonition", "???": "mkdocs-details",
                    "???+": "mkdocs-details-open"}[admonition.group("mark")]
            title = admonition.group("title")
            header = "{%s} %s" % (name, admonition.group("type"))
            if title is not None:
                header += ' "' + title + '"'
            i = _wrap(lines, i, end, ind, header, body)
            previous = ""
            block_is_list = False
            continue

        div = _DIV_OPEN_RE.match(line)
        if div and re.search(r"\bmarkdown\b", div.group("attrs")):
            depth, end = 1, i + 1
            while end < len(lines):
                if _DIV_OPEN_RE.match(lines[end]):
                    depth += 1
                elif _DIV_CLOSE_RE.match(lines[end]):
                    depth -= 1
                    if depth == 0:
                        break
                end += 1
            if end < len(lines):
                body = convert(lines[i + 1:end], report, offset + i + 1, in_block=True)
                classes = " ".join(_classes(div.group("attrs")))
                fence_str = _fence_for(body)
                lines[i] = f"{div.group('ind')}{fence_str}{{container}} {classes}".rstrip()
                lines[i + 1:end] = body
                lines[end] = f"{div.group('ind')}{fence_str}"
                i = end + 1
                previous = ""
                continue

        block = _BLOCK_OPEN_RE.match(line)
        if block and not _BLOCK_CLOSE_RE.match(line):
            end = i + 1
            while end < len(lines) and not _BLOCK_CLOSE_RE.match(lines[end]):
                end += 1
            if end < len(lines) and not any(b.strip() for b in lines[i + 1:end]):
                lines[i] = lines[end] = ""  # an empty block (a float clearer): nothing
                i = end + 1
                continue
            if end < len(lines):
                body = convert(lines[i + 1:end], report, offset + i + 1, in_block=True)
                classes = " ".join(["mkdocs-block", *_block_classes(block.group("arg"))])
                fence_str = _fence_for(body)
                lines[i] = f"{block.group('ind')}{fence_str}{{container}} {classes}"
                lines[i + 1:end] = body
                lines[end] = f"{block.group('ind')}{fence_str}"
                i = end + 1
                previous = ""
                continue

        if in_block and (_HR_RE.match(line)) and not previous.strip():
            lines[i] = " " * _indent(line) + "<hr>"

        item = _ITEM_RE.match(line)
        if item and item.group("rest").strip():
            if not previous.strip():
                block_is_list = True
            if previous.strip() and _is_paragraph_line(previous) and not block_is_list:
                # Python-Markdown: a list cannot interrupt a paragraph
                report(offset + i, "list item directly below a paragraph line: the official "
                       "site shows it as text (add a blank line above the list)")
                marker = item.group("marker")
                escaped = "\\" + marker if not marker[0].isdigit() else marker[:-1] + "\\" + marker[-1]
                lines[i] = item.group("ind") + escaped + item.group("rest")
            elif 1 <= len(item.group("ind")) <= 3:
                # Python-Markdown nests only at 4 spaces
                lines[i] = line.lstrip(" ")
        elif not line.strip():
            block_is_list = False

        lines[i] = _fix_inline(lines[i])

        previous = line
        i += 1
    return lines


def symlink_target(text: str) -> str | None:
    """A file whose whole text is one relative ``.md`` path is a symbolic
    link that was checked out as text (Git on a system without links)."""
    stripped = text.strip()
    if "\n" in stripped or not stripped.endswith(".md") or " " in stripped:
        return None
    return stripped
