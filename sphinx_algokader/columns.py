"""The columns of a list: the one place each is defined.

A ``Column`` says what the ``no-``/``add-`` tokens call it, its header in
Dutch and English, its relative width (HTML ``colgroup`` and LaTeX), and
how its cell text is made from an item. The table (``table.py``), the
filters above it (``interactive.py``) and the downloads (``downloads.py``)
all take their headers and cells from here.

A header follows the handbook's ``language``: Dutch for ``nl`` (and
``nl_BE``), English for any other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from sphinx_algokader.dates import describe, not_yet_note
from sphinx_algokader.model import Item
from sphinx_algokader.vocabulary import Name, Vocabulary

#: the name of a kind of item: the header of a list's title column, and how a
#: table of changes names an item's kind
KIND_NAMES: dict[str, Name] = {
    "vereiste": Name("Vereiste", "Requirement"),
    "maatregel": Name("Maatregel", "Measure"),
    "hulpmiddel": Name("Hulpmiddel", "Tool"),
}

@dataclass(frozen=True)
class CellContext:
    """What a cell's text depends on besides the item: one per build."""

    vocabulary: Vocabulary
    language: str | None
    #: the reference date (ISO): a requirement that does not apply yet on it
    #: is marked in its title
    day: str
    #: docname -> its change since the previous edition (``changes.change_marks``)
    changes: Mapping[str, str] = field(default_factory=dict)


CellText = Callable[[Item, CellContext], str]


@dataclass(frozen=True)
class Column:
    """One column of a list."""

    #: the name in ``no-``/``add-`` tokens
    key: str
    #: relative width; the widths of a table's columns add up to its width
    width: int
    #: the cell text of an item (a relation naming no item has only a title)
    text: CellText
    #: the header; None for the title column (per kind, ``KIND_NAMES``)
    #: and for label columns (the vocabulary's name of the label key)
    header: Name | None = None
    #: the front-matter label key a label column shows, else ""
    label: str = ""
    #: whether the cell links to the item's page
    link: bool = False
    #: whether its cells are names of the vocabulary, which the tables break
    #: at their syllables (``table.py``: soft hyphens in HTML, TeX's
    #: hyphenation in the PDF); headers always are
    hyphenate: bool = False

    def header_text(self, kind: str, vocabulary: Vocabulary, language: str | None) -> str:
        if self.label:
            return vocabulary.key_name(self.label, language)
        if self.header is None:
            return KIND_NAMES[kind].pick(language)
        return self.header.pick(language)


def _label_column(key: str, label: str, width: int) -> Column:
    def text(item: Item, ctx: CellContext) -> str:
        return ", ".join(ctx.vocabulary.value_name(label, v, ctx.language)
                         for v in item.labels.get(label, ()))
    return Column(key, width, text, label=label, hyphenate=True)


def _title(item: Item, ctx: CellContext) -> str:
    if item.applies_on(ctx.day):
        return item.title
    return f"{item.title} ({not_yet_note(item.applies_from, ctx.language)})"


def _law(item: Item, ctx: CellContext) -> str:
    return ctx.vocabulary.law_name(item.law, ctx.language) if item.law else ""


#: an item's change since the previous edition, as the ``wijziging`` column says it
CHANGE_MARKS: dict[str, Name] = {
    "nieuw": Name("nieuw", "new"),
    "gewijzigd": Name("gewijzigd", "changed"),
    "hergebruikt": Name("hergebruikt", "re-used"),
}


def _change(item: Item, ctx: CellContext) -> str:
    mark = ctx.changes.get(item.docname)
    return CHANGE_MARKS[mark].pick(ctx.language) if mark in CHANGE_MARKS else ""


#: every column of a list, in display order
COLUMNS: dict[str, Column] = {column.key: column for column in (
    Column("id", 8, lambda item, _ctx: item.code, header=Name("ID", "ID")),
    Column("title", 38, _title, link=True),
    Column("wijziging", 10, _change, header=Name("Wijziging", "Change")),
    Column("wetcode", 15, _law, header=Name("Wet", "Law"), hyphenate=True),
    Column("geldt-vanaf", 24, lambda item, ctx: describe(item.applies_from, ctx.language),
           header=Name("Geldt vanaf", "Applies from")),
    _label_column("rol", "rollen", 14),
    _label_column("levenscyclus", "levenscyclus", 16),
    _label_column("onderwerp", "onderwerp", 16),
)}
#: columns that only lists of vereisten have
VEREISTE_COLUMNS: tuple[str, ...] = ("wetcode", "geldt-vanaf")

#: the downloads' column for the URN (not a table column)
URN_HEADER = Name("URN", "URN")
