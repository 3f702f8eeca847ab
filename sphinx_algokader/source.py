"""Fixes that must happen before a page's front matter and text are read.

In reStructuredText the front matter is the field list at the top of a page
(docutils makes it the ``docinfo``), its values YAML: ``[ontwerp, "x, y"]``,
``{id: regel, editie: "2026.12"}``. ``KeepFrontMatterQuotes`` keeps Sphinx's
smart quotes out of it, which would turn those quotes into typographic ones
that YAML does not know (MyST keeps a Markdown page's front matter out of
them already, and Sphinx takes the docinfo out of the page, so no reader
sees the difference). A reST page's ``:algoritme:`` record is read from
the source on ``source-read`` (``take_rest_record``), before docutils
reads its text as inline markup.

The rest is done on ``source-read`` for Markdown documents only, always
keeping every line where it was, so that warnings from MyST and from this
extension name the right line:

* front matter that is not valid YAML is reported once (as
  ``algokader.front_matter``) and hidden from MyST, so the page still builds;
* a front-matter value that holds a control character (a YAML escape such
  as ``"\\x01"``, which no PDF or EPUB page can hold) is reported
  (``algokader.control_character``) and read without it, by MyST too;
* a page whose front matter has a ``title`` but which has no H1 of its own
  gets that title as its H1, as on the framework's own site;
* heading attribute lists such as ``{ data-search-exclude }`` are taken out
  of headings, so they neither show nor end up in the anchor;
* a page's ``algoritme:`` record is read here with libyaml, decoded
  (``records.model.decode_algorithm``) and handed to the collector
  (``Store.read_records``), and its lines are blanked in what MyST parses.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any, NamedTuple

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.gcpause import paused_gc
from sphinx_algokader.index import get_store
from sphinx_algokader.model import RECORD_KEY, control_message, without_controls
from sphinx_algokader.records.model import decode_algorithm, status_forms
from sphinx_algokader.scanner import (
    Fences,
    is_markdown,
    quote_impossible_dates,
    split_front_matter,
)

try:  # the C loader and dumper are safe ones too, only faster
    _Loader: Any = yaml.CSafeLoader
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Loader = yaml.SafeLoader
    _Dumper = yaml.SafeDumper

_ATX_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)")
_SETEXT_H1_RE = re.compile(r"^ {0,3}=+[ \t]*$")
_HEADING_ATTRS_RE = re.compile(r"^( {0,3}#{1,6}[ \t].*?)[ \t]*(\{[^{}\n]*\})[ \t]*$")
#: a block comment that keeps the next section out of the search index
NO_SEARCH_MARK = "<!-- algokader:no-search -->"
#: the records' key at the start of a front-matter line
_RECORD_KEY_RE = re.compile(rf"{RECORD_KEY}[ \t]*:(?:[ \t]|$)")
_PUNCT_RE = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows literally (every ASCII punctuation escaped)."""
    return _PUNCT_RE.sub(r"\\\1", " ".join(text.split()))


def _scan_body(lines: list[str], start: int) -> bool:
    """Strip heading attribute lists in place; return whether an H1 exists."""
    has_h1 = False
    fences = Fences()
    previous_blank = True
    for number in range(start, len(lines)):
        line = lines[number]
        if line == "\n" and fences.fence is None:
            # what feed and the tests below make of a blank line, at once
            # (a page of records has a hundred: its blanked record)
            fences.opening = None
            previous_blank = True
            continue
        if fences.feed(line):
            continue
        heading = _ATX_RE.match(line)
        if heading:
            if len(heading.group(1)) == 1:
                has_h1 = True
            attrs = _HEADING_ATTRS_RE.match(line.rstrip("\n"))
            if attrs:
                lines[number] = attrs.group(1) + ("\n" if line.endswith("\n") else "")
                if "data-search-exclude" in attrs.group(2) and number > start \
                        and not lines[number - 1].strip():
                    # the blank line above carries it to the section (see markers.py)
                    lines[number - 1] = NO_SEARCH_MARK + "\n"
        elif _SETEXT_H1_RE.match(line) and not previous_blank \
                and not line.startswith("    "):
            has_h1 = True
        previous_blank = not line.strip()
    return has_h1


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))


class _NotPlain(Exception):
    """The YAML holds what only PyYAML's own constructor builds right."""


def load_front_matter(text: str, twice: list[tuple[str, int]] | None = None,
                      controls: list[tuple[int, str]] | None = None) -> Any:
    """``yaml.load(text, Loader=CSafeLoader)``, faster for plain data.

    libyaml parses; strings, and mappings and sequences of them, are built
    here straight from its events, where PyYAML's composer (a node and two
    marks for every value, the resolver called twice more per node) and
    its generic (pure-Python) constructor take most of the time for a front
    matter of a hundred records (``benchmarks/README.md``, step 7). Other
    scalars (numbers, dates, booleans, null) go to PyYAML's constructor one
    by one; a scalar's alias is that scalar again. Anything else (an alias
    of a mapping or sequence, an anchor given twice or an alias of none, an
    anchored key, an explicit tag on a mapping or sequence, a key that is
    no string, a merge key, a second document, a scalar that does not
    construct, nesting deeper than ``_DEEPEST``) sends the whole text to
    PyYAML's own composer and constructor. The result is the same as
    ``yaml.load``'s, errors included.

    YAML forbids a key twice in one mapping, but PyYAML keeps the last
    value without a word: ``twice``, when given, gets each such key and its
    line (0 for the text's first) where this function builds the mapping.

    A string that holds control characters (only a double-quoted scalar
    can: ``"\\x01"``, ``"\\v"``) comes back without them
    (``model.without_controls``); ``controls``, when given, gets its line
    and the string as written. (Where the text is no valid YAML, both may
    hold what was noted before the error.)"""
    notes = _Reading(twice, controls if controls is not None else [],
                     _Loader.yaml_implicit_resolvers, {}, {})
    noted = len(notes.controls)
    loader = _Loader(text)
    try:
        return _from_events(loader, notes)
    except _NotPlain:
        del notes.controls[noted:]  # (noted again below)
    finally:
        loader.dispose()
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _without_controls(loader.construct_document(node), node.start_mark.line,
                                 notes.controls)
    finally:
        loader.dispose()


class _Reading(NamedTuple):
    """What ``_from_events`` keeps while it reads a document: its notes
    (keys given twice, control characters), the first characters of the
    plain scalars that the resolver may read as something other than a
    string, the resolver's tag of each such scalar, and the anchors."""

    twice: list[tuple[str, int]] | None
    controls: list[tuple[int, str]]
    resolvers: Mapping[Any, Any]
    #: plain scalar -> the resolver's tag for it, for this document
    tags: dict[str, str]
    #: anchor -> its scalar's event, or None for a mapping or sequence
    anchors: dict[str, Any]


#: how deep ``_from_events`` builds (it recurses in Python): a deeper
#: document is left to PyYAML's composer, as unusual as it is
_DEEPEST = 100


def _from_events(loader: Any, notes: _Reading) -> Any:
    """The one document of ``loader``'s stream, built from its events;
    ``_NotPlain`` for what only PyYAML's composer and constructor build
    right (see ``load_front_matter``)."""
    if None in notes.resolvers or loader.yaml_path_resolvers:
        raise _NotPlain  # resolvers that read more than a scalar's first character
    get = loader.get_event
    get()  # the stream's start
    if isinstance(get(), yaml.StreamEndEvent):  # else the document's start
        return None
    data = _value(loader, get, get(), notes, 0)
    get()  # the document's end (libyaml raises on anything else)
    if not isinstance(get(), yaml.StreamEndEvent):
        raise _NotPlain  # a second document: PyYAML's composer says so
    return data


def _value(loader: Any, get: Any, event: Any, notes: _Reading, depth: int) -> Any:
    """The value that starts with ``event`` (``get`` reads the next)."""
    kind = type(event)
    if kind is yaml.AliasEvent:
        # a scalar's alias is the scalar again, noted again, as PyYAML's
        # composer gives its node twice; a mapping's or a sequence's is
        # one object in two places (or in itself), an undefined one an error
        anchored = notes.anchors.get(event.anchor)
        if anchored is None:
            raise _NotPlain
        return _scalar(loader, anchored, notes)
    if event.anchor is not None:
        if event.anchor in notes.anchors:  # the composer's error
            raise _NotPlain
        notes.anchors[event.anchor] = event if kind is yaml.ScalarEvent else None
    if kind is yaml.ScalarEvent:
        return _scalar(loader, event, notes)
    if depth == _DEEPEST:
        raise _NotPlain
    tag = event.tag
    if kind is yaml.MappingStartEvent and (tag is None or tag == "!" or tag == _MAP):
        result: dict[str, Any] = {}
        while True:
            key = get()
            if type(key) is yaml.MappingEndEvent:
                return result
            if type(key) is not yaml.ScalarEvent or key.anchor is not None \
                    or _scalar_tag(loader, key, notes) != _STR:
                raise _NotPlain
            if notes.twice is not None and key.value in result:
                notes.twice.append((key.value, key.start_mark.line))
            value = get()
            result[key.value] = value.value if _as_written(loader, value, notes) \
                else _value(loader, get, value, notes, depth + 1)
    if kind is yaml.SequenceStartEvent and (tag is None or tag == "!" or tag == _SEQ):
        items = []
        while True:
            item = get()
            if type(item) is yaml.SequenceEndEvent:
                return items
            items.append(item.value if _as_written(loader, item, notes)
                         else _value(loader, get, item, notes, depth + 1))
    raise _NotPlain


def _as_written(loader: Any, event: Any, notes: _Reading) -> bool:
    """Whether ``event`` is a string whose value is its text as written
    (what ``_scalar`` would return; checked here without building it)."""
    return type(event) is yaml.ScalarEvent and event.anchor is None and event.style != '"' \
        and _scalar_tag(loader, event, notes) == _STR


def _scalar_tag(loader: Any, event: Any, notes: _Reading) -> str:
    """The tag PyYAML's composer gives a scalar: its own, else the
    resolver's; without the resolver's call for a plain scalar whose first
    character no implicit resolver claims, or a quoted one (a string)."""
    tag = event.tag
    if tag is not None and tag != "!":
        return tag
    value = event.value
    if event.implicit[0] and value[:1] in notes.resolvers:
        # (keys and statuses repeat: each resolved once; without path
        # resolvers the tag depends on the text alone)
        tag = notes.tags.get(value)
        if tag is None:
            tag = notes.tags[value] = loader.resolve(yaml.ScalarNode, value, event.implicit)
        return tag
    return _STR


def _scalar(loader: Any, event: Any, notes: _Reading) -> Any:
    tag = _scalar_tag(loader, event, notes)
    if tag != _STR:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:  # (deep: a mapping's or sequence's tag on a scalar fails here, not later)
            return loader.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - PyYAML's own path raises it as it does
            raise _NotPlain from None
    if event.style == '"':  # escapes make control characters
        clean = without_controls(event.value)
        if clean is not None:
            notes.controls.append((event.start_mark.line, event.value))
            return clean
    return event.value


def _without_controls(data: Any, line: int, controls: list[tuple[int, str]]) -> Any:
    """``data`` (as PyYAML's constructor built it, aliases and all) with
    its strings, in place, without control characters; each such string
    noted at ``line``. A list or mapping that several aliases share is
    looked at once."""
    seen: set[int] = set()

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            cleaned = without_controls(value)
            if cleaned is None:
                return value
            controls.append((line, value))
            return cleaned
        if isinstance(value, (dict, list)) and id(value) not in seen:
            seen.add(id(value))
            for key, entry in (value.items() if isinstance(value, dict) else enumerate(value)):
                value[key] = clean(entry)
        return value

    return clean(data)


#: a line width no front matter reaches (libyaml takes a C int)
_NO_WRAP = 2**31 - 1


def squeeze_front_matter(data: dict[str, Any]) -> str:
    """The front matter as one flow-style line, read back as the same data,
    to make room for the title's H1 without moving a line.

    One line whatever the values hold: double-quoted scalars escape line
    breaks (``\\n``, and ``\\x85`` or ``\\u2028`` that Python counts as
    one). libyaml's emitter writes a scalar that is no string (a date, a
    number, ``null``) as ``! "2025-02-02"``, which PyYAML, C and Python
    parser alike (MyST reads front matter with ``yaml.safe_load``), resolves
    as if it were plain: the same value. It is several times faster than
    PyYAML's own emitter, which writes ``!!timestamp "2025-02-02"``; for the
    bundled framework's 170 pages a tenth of a second of every build."""
    return yaml.dump(data, Dumper=_Dumper, default_flow_style=True, width=_NO_WRAP,
                     allow_unicode=False, default_style='"', sort_keys=False).strip()


def preprocess_markdown(text: str, docname: str, title_to_h1: bool = True,
                        env: Any = None) -> str:
    """Apply the fixes above to one Markdown page."""
    lines = text.splitlines(keepends=True)
    end = split_front_matter(lines)
    data: Any = None
    broken_title: Any = None  # the title of front matter that is not valid YAML
    twice: list[tuple[str, int]] = []
    controls: list[tuple[int, str]] = []
    if end:
        try:
            try:
                data = load_front_matter("".join(lines[1:end]), twice, controls)
            except ValueError:  # a date that does not exist: quote it and read again
                if not quote_impossible_dates(lines, end):
                    raise yaml.YAMLError("a value that YAML cannot construct") from None
                twice.clear()
                controls.clear()
                try:
                    data = load_front_matter("".join(lines[1:end]), twice, controls)
                except ValueError as error:
                    raise yaml.YAMLError(str(error)) from None
        except yaml.YAMLError as error:
            # where the broken construct starts, else where parsing gave up
            mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            warn("front_matter", f"front matter is not valid YAML: {problem}", (docname, line),
                 env)
            data = False
            broken_title = _title_line(lines, end)
        else:
            for key, line in twice:  # lines[0] is the opening ---
                warn("front_matter", f"front matter: key {key!r} is given twice in one mapping; "
                     "the last value counts", (docname, line + 2), env)
            for line, text in controls:
                warn("control_character", control_message("front matter: the value", text),
                     (docname, line + 2), env)
            if data is None:  # empty front matter: nothing to hand to MyST
                for number in range(end + 1):
                    lines[number] = "\n"
            elif not isinstance(data, dict):
                warn("front_matter",
                     f"front matter must be a mapping of keys to values, not {type(data).__name__}",
                     (docname, 2), env)
                data = False
        if isinstance(data, dict) and RECORD_KEY in data and env is not None:
            end = _take_record(lines, end, data, docname, env)
            if not data:  # the record was all of it: MyST would find no mapping
                for number in range(end + 1):
                    lines[number] = "\n"
        if (controls or any("\t" in line for line in lines[1:end])) \
                and isinstance(data, dict) and data:
            # MyST reads the front matter as read here: without control
            # characters; and where a tab separates (``title:<tab>x``),
            # which libyaml reads and the pure-Python PyYAML MyST uses
            # rejects, dropping every key ("Malformed YAML")
            lines[1:end] = [squeeze_front_matter(data) + "\n", *["\n"] * (end - 2)]
        if data is False:
            # hide it from MyST (which would warn a second time); same line count
            lines[0] = "<!--\n"
            lines[end] = "-->\n"
            data = None
    has_h1 = _scan_body(lines, end + 1 if end else 0)
    title = data.get("title") if isinstance(data, dict) else broken_title
    if title_to_h1 and isinstance(title, (str, int, float)) and str(title).strip() \
            and not has_h1:
        heading = "# " + escape_markdown(str(title)) + "\n"
        after = end + 1
        if broken_title is not None:
            # the front matter is a comment now: close it a line early (that
            # line is hidden anyway), and the heading takes the --- line
            lines[end - 1:end + 1] = ["-->\n", heading]
        elif after < len(lines) and not lines[after].strip():
            lines[after] = heading  # a blank line becomes the heading
        elif end >= 3:
            flow = squeeze_front_matter(data)
            padding = ["\n"] * (end - 3)
            lines[:end + 1] = ["---\n", flow + "\n", *padding, "---\n", heading]
        else:
            lines.insert(after, heading)
    return "".join(lines)


_TITLE_LINE_RE = re.compile(r"title[ \t]*:[ \t]*\S")


def _title_line(lines: list[str], end: int) -> Any:
    """The ``title`` of front matter that is not valid YAML, from its own
    line when that line is valid on its own; None otherwise. Without it the
    page would have no title, and Sphinx would warn on every page whose
    navigation shows it."""
    for number in range(1, end):
        if _TITLE_LINE_RE.match(lines[number]):
            try:
                found = load_front_matter(lines[number])
            except (yaml.YAMLError, ValueError):
                return None
            return found.get("title") if isinstance(found, dict) else None
    return None


def _take_record(lines: list[str], end: int, data: dict[str, Any], docname: str,
                 env: Any) -> int:
    """Hand a page's ``algoritme:`` mapping to the collector, read here
    with libyaml, and blank its lines in what MyST reads: a record of a
    hundred measures is most of a page's front matter, and MyST would parse
    it twice with PyYAML's pure-Python parser, to store it as JSON text the
    collector decodes again (``benchmarks/README.md``, step 7). Line numbers
    stay as they were.

    The key's lines are found by a scan (the key at the start of a line, up
    to the next line that starts with another key), checked by reading what
    is left: it must be the front matter without the key. Where the scan
    cannot tell (a quoted key, a value that ends in the middle of a line),
    the YAML's own marks decide.

    Returns where the front matter ends now: when the record's lines end
    it, the closing ``---`` moves up to the record's first line, so that
    its blank lines are the page's (which Markdown skips at once), not
    front matter (which PyYAML's pure-Python scanner reads line by line)."""
    first, last = _record_lines(lines, end)
    if first:
        kept = lines[:]
        for number in range(first, last + 1):
            kept[number] = "\n"
        try:
            rest = load_front_matter("".join(kept[1:end]))
        except (yaml.YAMLError, ValueError):
            rest = None
        rest = rest if isinstance(rest, dict) else {}
        if rest == {key: value for key, value in data.items() if key != RECORD_KEY}:
            lines[first:last + 1] = kept[first:last + 1]
            _hand_over(env, docname, data.pop(RECORD_KEY))
            return _end_at(lines, end, first, last)
    try:
        root = yaml.compose("".join(lines[1:end]), Loader=_Loader)  # noqa: S506
    except yaml.YAMLError:
        return end
    if not isinstance(root, yaml.MappingNode):
        return end
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == RECORD_KEY:
            first = key.start_mark.line + 1  # lines[0] is the opening ---
            last = value.end_mark.line + (1 if value.end_mark.column else 0)
            if key.start_mark.column:  # not a top-level block key: leave it to MyST
                return end
            last = min(last, end - 1)
            for number in range(first, last + 1):
                lines[number] = "\n"
            _hand_over(env, docname, data.pop(RECORD_KEY))
            return _end_at(lines, end, first, last)
    return end


def _end_at(lines: list[str], end: int, first: int, last: int) -> int:
    """The front matter's end after lines ``first`` to ``last`` were
    blanked: the closing ``---`` moved up to ``first`` when they reached
    it (``_take_record``), every line keeping its number."""
    if last < end - 1 or first < 2:  # a key below the record, or no key above it
        return end
    lines[first], lines[end] = lines[end], "\n"
    return first


def _hand_over(env: Any, docname: str, raw: Any) -> None:
    """Decode the record here, while the collector is paused
    (``_on_source_read``): the YAML's dicts and lists are then freed at
    once, where kept until the page's doctree is read they would be
    promoted by the collections MyST's parse sets off, and cost a full
    collection to free (``benchmarks/README.md``, step 7)."""
    get_store(env).read_records[docname] = decode_algorithm(
        docname, raw, status_forms(env.config.algokader_statuses))


def _record_lines(lines: list[str], end: int) -> tuple[int, int]:
    """The first and last line of the top-level ``algoritme:`` key and its
    value, by their indentation; (0, 0) when no line starts with the key."""
    first = next((number for number in range(1, end)
                  if _RECORD_KEY_RE.match(lines[number])), 0)
    if not first:
        return 0, 0
    last = first
    for number in range(first + 1, end):
        line = lines[number]
        if line.strip() and line[0] not in " \t#":
            break
        last = number
    return first, last


_FIELD_RE = re.compile(r":([^:\s][^:]*):(?:[ \t]|$)")


def take_rest_record(text: str, docname: str, env: Any) -> str:
    """A reStructuredText page's ``:algoritme:`` field, read as written.

    The docinfo holds a field's body after reST has read it as text with
    inline markup: ``*``, backquotes and backslashes would be gone from a
    record's text (``S:\\Sociaal`` becomes ``S:Sociaal``), and ``x_`` a
    link target. So the field is read here from the page's leading field
    list, as YAML (its first line and the indented lines below it, so block
    style works too), handed to the collector as a Markdown page's record
    is, and its body blanked (the field stays, empty, so the field list is
    unbroken and every line keeps its number). A value that is not valid
    YAML is left to the docinfo, as before, whose warning names it."""
    lines = text.splitlines(keepends=True)
    number = next((n for n, line in enumerate(lines) if line.strip()), None)
    while number is not None and number < len(lines):
        field = _FIELD_RE.match(lines[number])
        if not field:
            return text  # the field list ended without the record
        last = number  # the field's body: the indented (or blank) lines below it
        for below in range(number + 1, len(lines)):
            if lines[below].strip() and lines[below][0] not in " \t":
                break
            if lines[below].strip():
                last = below
        if field.group(1).strip().lower() == RECORD_KEY:
            first = lines[number][field.end():]
            rest = textwrap.dedent("".join(lines[number + 1:last + 1]))
            controls: list[tuple[int, str]] = []
            try:
                raw = load_front_matter(first + ("\n" if not first.endswith("\n") else "")
                                        + rest, controls=controls)
            except (yaml.YAMLError, ValueError):
                return text
            for line, value in controls:
                warn("control_character", control_message(f":{RECORD_KEY}: the value", value),
                     (docname, number + 1 + line), env)
            lines[number] = lines[number][:field.end()].rstrip() + "\n"
            for below in range(number + 1, last + 1):
                lines[below] = "\n"
            _hand_over(env, docname, raw)
            return "".join(lines)
        number = last + 1
        while number < len(lines) and not lines[number].strip():
            number += 1
    return text


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    path = app.env.doc2path(docname)
    if not is_markdown(app.config, path):
        if app.config.source_suffix.get(path.suffix.lower()) == "restructuredtext" \
                and RECORD_KEY in source[0]:
            with paused_gc():
                source[0] = take_rest_record(source[0], docname, app.env)
        return
    # with myst_title_to_header MyST makes the H1 itself
    title_to_h1 = not getattr(app.config, "myst_title_to_header", False)
    with paused_gc():  # the YAML's nodes are garbage when it returns (gcpause.py)
        source[0] = preprocess_markdown(source[0], docname, title_to_h1, app.env)


class KeepFrontMatterQuotes(SphinxTransform):
    """A page's docinfo (its front matter) is not smart-quoted."""

    default_priority = 700  # after DocInfo (340) makes it, before SmartQuotes (750)

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.children:
            if isinstance(node, nodes.docinfo):
                node["support_smartquotes"] = False


def setup(app: Sphinx) -> None:
    app.connect("source-read", _on_source_read)
    app.add_transform(KeepFrontMatterQuotes)
