"""What a framework item is, and how a page's front matter becomes one.

Front matter reaches Sphinx as ``env.metadata[docname]``. MyST stores list
and mapping values there as JSON text, reST field lists give plain strings
(which may hold a YAML flow list such as ``[ontwerp, ontwikkelen]``); both
are decoded here, never split by hand.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

#: kind -> URN prefix
URN_PREFIXES: dict[str, str] = {
    "vereiste": "urn:nl:ak:ver:",
    "maatregel": "urn:nl:ak:mtr:",
    "hulpmiddel": "urn:nl:ak:hlp:",
}
KINDS: tuple[str, ...] = tuple(URN_PREFIXES)

#: kind -> the form of its URN; the short code is the part after the prefix
URN_FORMS: dict[str, re.Pattern[str]] = {
    "vereiste": re.compile(r"^urn:nl:ak:ver:[a-z]+-\d+$"),
    "maatregel": re.compile(r"^urn:nl:ak:mtr:[a-z]+-\d+$"),
    "hulpmiddel": re.compile(r"^urn:nl:ak:hlp:[a-z0-9]+(?:-[a-z0-9]+)*$"),
}

#: kind -> plural, as used in marker names (``list_vereisten``)
PLURALS: dict[str, str] = {
    "vereiste": "vereisten",
    "maatregel": "maatregelen",
    "hulpmiddel": "hulpmiddelen",
}

#: front-matter keys that name other items; the key is also the target kind
RELATION_KEYS: tuple[str, ...] = ("vereiste", "maatregel")

#: the AI Act profile labels, in the order of the framework's decision aid
AI_ACT_KEYS: tuple[str, ...] = (
    "soort-toepassing",
    "risicogroep",
    "rol-ai-act",
    "transparantieverplichting",
    "systeemrisico",
    "open-source",
)

#: label keys the framework defines: a plain string is a one-item list here
KNOWN_LABEL_KEYS: tuple[str, ...] = (
    "levenscyclus", "onderwerp", "rollen", *AI_ACT_KEYS, "uitzondering", "categorie",
)

#: aliases accepted in filters (the column is called ``rol``)
KEY_ALIASES: dict[str, str] = {"rol": "rollen"}

#: the front-matter key of the dates from which a requirement applies
APPLIES_FROM_KEY = "geldt-vanaf"

#: the front-matter key of an algorithm record (``records/model.py``)
RECORD_KEY = "algoritme"

#: keys that are never labels: scalars of the framework and MkDocs settings
NON_LABEL_KEYS: frozenset[str] = frozenset(
    {"title", "id", "hide", "search", "template", "tags", "wordcount",
     "orphan", "nocomments", "nosearch", "tocdepth", "myst", "html_meta",
     APPLIES_FROM_KEY}
)

_CODE_RE = re.compile(r"^([a-z]+)-\d+")

#: section titles that hold an item's statement, and its explanation
STATEMENT_TITLES: frozenset[str] = frozenset({"Vereiste", "Maatregel", "Hulpmiddel"})
EXPLANATION_TITLES: frozenset[str] = frozenset({"Toelichting"})


@dataclass(frozen=True, order=True)
class ApplicationDate:
    """A date from which a requirement applies, and for what (``voorwaarde``)
    when the law gives several: ``date`` is ISO (``2027-12-02``)."""

    date: str
    condition: str = ""


@dataclass(frozen=True)
class Item:
    """One requirement, measure or tool page."""

    docname: str
    kind: str
    title: str
    urn: str
    #: path of the source relative to the source dir, for ordering
    path: str
    #: label key -> values, in front-matter order
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: relation key -> names as written (file name, URN or short code); an
    #: empty item of the front-matter list is kept as "" (reported, exported)
    relations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the requirement, measure or tool in plain text (its "## Vereiste",
    #: "## Maatregel" or "## Hulpmiddel" section), and its explanation
    statement: str = field(default="", compare=False, repr=False)
    explanation: str = field(default="", compare=False, repr=False)
    #: whether the front matter names a title (the framework requires one)
    has_title: bool = field(default=True, compare=False, repr=False)
    #: from when the requirement applies (``geldt-vanaf``), earliest first
    applies_from: tuple[ApplicationDate, ...] = ()

    def applies_on(self, day: str) -> bool:
        """Whether the requirement applies on ``day`` (ISO) under at least
        one of its conditions; one without dates always applies."""
        return not self.applies_from or self.applies_from[0].date <= day

    @property
    def code(self) -> str:
        """The short code: the URN's last segment (``avg-02``)."""
        return self.urn.rsplit(":", 1)[-1] if self.urn else ""

    @property
    def name(self) -> str:
        """The file name without extension: how the framework names items."""
        return posixpath.basename(self.docname)

    @property
    def law(self) -> str:
        """The law code of a requirement (``avg`` for ``avg-02``)."""
        if self.kind != "vereiste":
            return ""
        match = _CODE_RE.match(self.code) or _CODE_RE.match(self.name)
        return match.group(1) if match else ""


#: control characters, which no PDF (pdflatex stops at them) or EPUB page
#: (XML forbids those below U+0020) can hold: a vertical tab, form feed or
#: next-line character (U+0085), a line break pasted from a slide or a Word
#: document into a spreadsheet, reads as a space; the others go. Tab, line
#: feed and carriage return stay.
_CONTROLS: dict[int, str | None] = {
    **{c: None for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A, 0x0D)},
    0x0B: " ", 0x0C: " ", 0x85: " ",
}


def without_controls(text: str) -> str | None:
    """``text`` without control characters (``_CONTROLS``), or None when it
    holds none."""
    if text.isprintable():  # the usual text, at the cost of one C call
        return None
    clean = text.translate(_CONTROLS)
    return None if clean == text else clean


def control_message(what: str, text: str) -> str:
    """The warning for ``what`` (a value, a cell) whose text ``text`` held
    control characters."""
    found = sorted({f"U+{ord(c):04X}" for c in text if ord(c) in _CONTROLS})
    shown = text if len(text) <= 60 else text[:57] + "..."
    return (f"{what} {shown!r} holds the control character(s) {', '.join(found)}, which no "
            "PDF or EPUB page can hold; removed")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a page's front matter, reported by the caller."""

    subtype: str
    message: str
    key: str


def urn_of(front_matter: Mapping[str, Any]) -> str:
    """The ``id`` of a page's front matter (decoded: an ``env.metadata`` or
    a YAML mapping) as text, "" when it has none or holds no text (an empty
    ``id:``, a list)."""
    raw = decode_value(front_matter.get("id"))
    return str(raw).strip() if isinstance(raw, (str, int, float)) else ""


def decode_value(raw: Any) -> Any:
    """Decode one ``env.metadata`` value into Python data."""
    if isinstance(raw, str):
        text = raw.strip()
        if text == "null":  # MyST's JSON for an empty value (``key:``)
            return None
        if text[:1] in "[{":
            try:
                return json.loads(text)
            except (ValueError, RecursionError):
                try:
                    return yaml.safe_load(text)
                except (yaml.YAMLError, RecursionError):
                    return raw  # not a list after all, or nested too deeply: text
    return raw


def _as_list(key: str, value: Any, problems: list[Problem],
             keep_empty: bool = False) -> tuple[str, ...] | None:
    """A label or relation value as a tuple of strings; None when the key
    does not hold a list (and is not a known list key)."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for entry in value:
            if entry is None or (isinstance(entry, str) and not entry.strip()):
                problems.append(Problem(
                    "empty_item", f"empty item in front-matter list {key!r}", key))
                if keep_empty:  # an empty relation is kept (as ""), to be exported
                    out.append("")
                continue
            if isinstance(entry, (dict, list)):
                problems.append(Problem(
                    "front_matter",
                    f"front-matter list {key!r} holds a nested value: {entry!r}",
                    key))
                continue
            out.append(str(entry).strip())
        return tuple(out)
    if isinstance(value, (str, int, float)) and (
        key in KNOWN_LABEL_KEYS or key in RELATION_KEYS
    ):
        return (str(value).strip(),) if str(value).strip() else ()
    if isinstance(value, dict) and (key in KNOWN_LABEL_KEYS or key in RELATION_KEYS):
        problems.append(Problem("front_matter", f"front-matter key {key!r} must be a list of "
                                f"values, not a mapping: {value!r}", key))
    return None


def decode_labels(
    metadata: Mapping[str, Any],
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], list[Problem]]:
    """Split a page's metadata into labels and relations.

    A label is any list-valued key (and every known label key, where a plain
    string is a one-item list); relations are ``vereiste`` and ``maatregel``.
    """
    labels: dict[str, tuple[str, ...]] = {}
    relations: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for key, raw in metadata.items():
        if key in NON_LABEL_KEYS:
            continue
        values = _as_list(key, decode_value(raw), problems, keep_empty=key in RELATION_KEYS)
        if values is None:
            continue
        if key in RELATION_KEYS:
            relations[key] = values
        else:
            labels[key] = values
    return labels, relations, problems


_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(value: Any) -> str | None:
    """``value`` when it is a real date written ``YYYY-MM-DD``, else None."""
    if not isinstance(value, str) or not _ISO_DATE_RE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def decode_applies_from(raw: Any) -> tuple[tuple[ApplicationDate, ...], list[Problem]]:
    """``geldt-vanaf``: a date, a list of dates, or a list of mappings with
    ``datum`` and an optional ``voorwaarde``; earliest first. A value that
    is no real date is reported, and left out."""
    value = decode_value(raw)
    if value is None or value == "":
        return (), []
    entries = value if isinstance(value, list) else [value]
    dates: list[ApplicationDate] = []
    problems: list[Problem] = []
    for entry in entries:
        condition: Any = ""
        if isinstance(entry, dict):
            unknown = sorted(map(str, set(entry) - {"datum", "voorwaarde"}))
            if unknown:
                problems.append(Problem("bad_date", f"{APPLIES_FROM_KEY}: unknown key(s) "
                                        f"{', '.join(map(repr, unknown))}; use datum and voorwaarde",
                                        APPLIES_FROM_KEY))
            condition = entry.get("voorwaarde") or ""
            entry = entry.get("datum")
        text = entry.isoformat() if isinstance(entry, datetime.date) else str(entry or "").strip()
        day = iso_date(text)
        if day is None:
            problems.append(Problem("bad_date", f"{APPLIES_FROM_KEY}: {text!r} is not a date "
                                    "(write YYYY-MM-DD, e.g. 2027-12-02)", APPLIES_FROM_KEY))
            continue
        dates.append(ApplicationDate(day, str(condition).strip()))
    return tuple(sorted(dates)), problems


def item_kind(
    docname: str, urn: str, kind_folders: Mapping[str, str]
) -> str | None:
    """The kind of the page, or None when it is no framework item.

    The URN decides; without one, the folder the page lies in does (the
    framework gives its tools no id). A folder's index page is no item.
    """
    for kind, prefix in URN_PREFIXES.items():
        if urn.startswith(prefix):
            return kind
    parts = docname.split("/")
    if len(parts) >= 2 and parts[-1] != "index":
        for kind, folder in kind_folders.items():
            if parts[-2] == folder:
                return kind
    return None
