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

from collections.abc import Callable
from dataclasses import dataclass

from sphinx_algokader.model import Item
from sphinx_algokader.vocabulary import Name, Vocabulary

#: the title column's header, per kind of item
TITLE_HEADERS: dict[str, Name] = {
    "vereiste": Name("Vereiste", "Requirement"),
    "maatregel": Name("Maatregel", "Measure"),
    "hulpmiddel": Name("Hulpmiddel", "Tool"),
}

CellText = Callable[[Item, Vocabulary, "str | None"], str]


@dataclass(frozen=True)
class Column:
    """One column of a list."""

    #: the name in ``no-``/``add-`` tokens
    key: str
    #: relative width; the widths of a table's columns add up to its width
    width: int
    #: the cell text of an item (a relation naming no item has only a title)
    text: CellText
    #: the header; None for the title column (per kind, ``TITLE_HEADERS``)
    #: and for label columns (the vocabulary's name of the label key)
    header: Name | None = None
    #: the front-matter label key a label column shows, else ""
    label: str = ""
    #: whether the cell links to the item's page
    link: bool = False

    def header_text(self, kind: str, vocabulary: Vocabulary, language: str | None) -> str:
        if self.label:
            return vocabulary.key_name(self.label, language)
        if self.header is None:
            return TITLE_HEADERS[kind].pick(language)
        return self.header.pick(language)


def _label_column(key: str, label: str, width: int) -> Column:
    def text(item: Item, vocabulary: Vocabulary, language: str | None) -> str:
        return ", ".join(vocabulary.value_name(label, v, language)
                         for v in item.labels.get(label, ()))
    return Column(key, width, text, label=label)


def _law(item: Item, vocabulary: Vocabulary, language: str | None) -> str:
    return vocabulary.law_name(item.law, language) if item.law else ""


#: every column of a list, in display order
COLUMNS: dict[str, Column] = {column.key: column for column in (
    Column("id", 8, lambda item, _v, _l: item.code, header=Name("ID", "ID")),
    Column("title", 38, lambda item, _v, _l: item.title, link=True),
    Column("wetcode", 15, _law, header=Name("Wet", "Law")),
    _label_column("rol", "rollen", 14),
    _label_column("levenscyclus", "levenscyclus", 16),
    _label_column("onderwerp", "onderwerp", 16),
)}
#: columns that only lists of vereisten have
LAW_COLUMNS: tuple[str, ...] = ("wetcode",)

#: the downloads' column for the URN (not a table column)
URN_HEADER = Name("URN", "URN")
