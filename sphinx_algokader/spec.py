"""The token grammar of markers and directives, and the lists' specs.

A marker is "the directive in a comment": ``<!-- list_vereisten TOKENS -->``
and ``.. list-vereisten:: TOKENS`` take the same whitespace-separated tokens:

* ``key/value``  a filter (``rol/`` means ``rollen/``); filters are ANDed;
  ``vereiste/<name>`` and ``maatregel/<name>`` match on relations;
* ``no-<column>`` hides a column, ``add-<column>`` shows a hidden one.

Every marker with tokens reads them with ``read_tokens``: the lists
(``parse_tokens``, here), the records views (``records/views.py``) and the
changes (``changes.py``); each then says which filters and switches it has.
Parsing never raises: problems come back as (subtype, message) pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from sphinx_algokader.columns import COLUMNS as COLUMN_RECORDS
from sphinx_algokader.columns import VEREISTE_COLUMNS
from sphinx_algokader.model import KEY_ALIASES, PLURALS

#: marker name -> (kind, relation key for on-page lists or "")
MARKERS: dict[str, tuple[str, str]] = {
    "list_vereisten": ("vereiste", ""),
    "list_maatregelen": ("maatregel", ""),
    "list_hulpmiddelen": ("hulpmiddel", ""),
    "list_vereisten_on_maatregelen_page": ("vereiste", "vereiste"),
    "list_maatregelen_on_hulpmiddelen_page": ("maatregel", "maatregel"),
}
TAG_MARKERS: tuple[str, ...] = ("tags", "tags-ai-act")

#: every column, in display order (defined in columns.py)
COLUMNS: tuple[str, ...] = tuple(COLUMN_RECORDS)
#: columns switched by no-/add- that are not table columns
SWITCHES: tuple[str, ...] = ("search",)

SORT_KEYS: tuple[str, ...] = ("path", "title", "id", "geldt-vanaf")


def default_columns(kind: str, relation: str) -> tuple[str, ...]:
    if relation:  # on-page relation lists: what the item is, not its labels
        cols = ("id", "title", "wetcode")
    else:
        cols = ("title", "wetcode", "rol", "levenscyclus", "onderwerp")
    if kind != "vereiste":
        cols = tuple(c for c in cols if c not in VEREISTE_COLUMNS)
    return cols


def available_columns(kind: str) -> tuple[str, ...]:
    return tuple(c for c in COLUMNS if kind == "vereiste" or c not in VEREISTE_COLUMNS)


@dataclass(frozen=True)
class ListSpec:
    """A parsed list: what it shows and which items it holds."""

    kind: str
    #: relation key for on-page relation lists, else ""
    relation: str = ""
    #: (key, value) filters, ANDed, keys with aliases resolved
    filters: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    search: bool = True
    caption: str = ""
    sort: str = "path"
    #: a build-time AI Act profile, as (key, value) pairs; None: the
    #: handbook's default (algokader_profile)
    profile: tuple[tuple[str, str], ...] | None = None

    @property
    def plural(self) -> str:
        return PLURALS[self.kind]

    def attributes(self) -> dict[str, Any]:
        """The spec as node attributes: strings, booleans and lists of
        strings only, so that every writer (``-b xml`` too) and every pickle
        sees plain data. ``from_attributes`` reads them back."""
        attributes: dict[str, Any] = {
            "kind": self.kind, "relation": self.relation,
            "filters": [f"{key}/{value}" for key, value in self.filters],
            "columns": list(self.columns), "search": self.search,
            "caption": self.caption, "sort": self.sort,
        }
        if self.profile is not None:
            attributes["profile"] = [f"{key}/{value}" for key, value in self.profile]
        return attributes

    @classmethod
    def from_attributes(cls, attributes: Any) -> ListSpec:
        def pairs(values: list[str]) -> tuple[tuple[str, str], ...]:
            return tuple((key, value) for key, _, value in (v.partition("/") for v in values))
        profile = attributes.get("profile")
        return cls(kind=attributes["kind"], relation=attributes["relation"],
                   filters=pairs(attributes["filters"]), columns=tuple(attributes["columns"]),
                   search=attributes["search"], caption=attributes["caption"],
                   sort=attributes["sort"], profile=None if profile is None else pairs(profile))


class Token(NamedTuple):
    """One token of a marker or directive, as ``read_tokens`` reads it."""

    #: the token as written
    text: str
    #: a filter's key (``rol`` read as ``rollen``) and value
    key: str = ""
    value: str = ""
    #: a switch's ``no`` or ``add``, and what it names (a column, ``search``)
    switch: str = ""
    name: str = ""
    #: why the token is neither (an ``algokader.bad_token`` message)
    problem: str = ""


def read_tokens(text: str) -> list[Token]:
    """The whitespace-separated tokens of a marker or directive: each a
    ``key/value`` filter, a ``no-``/``add-`` switch, or neither (with its
    problem). Which filters and switches a marker has is its own parser's
    to say."""
    tokens = []
    for token in text.split():
        if "/" in token:
            key, _, value = token.partition("/")
            if key and value:
                tokens.append(Token(token, key=KEY_ALIASES.get(key, key), value=value))
            else:
                tokens.append(Token(token, problem=f"filter {token!r} needs a key and a value: "
                                                   "key/value"))
            continue
        switch, dash, name = token.partition("-")
        if dash and switch in ("no", "add") and name:
            tokens.append(Token(token, switch=switch, name=name))
        else:
            tokens.append(Token(token, problem=f"token {token!r} is neither a key/value filter "
                                               "nor no-/add-<column>"))
    return tokens


def parse_tokens(
    kind: str, relation: str, text: str
) -> tuple[ListSpec, list[tuple[str, str]]]:
    """Parse a list's marker/directive tokens into a spec and a list of problems."""
    problems: list[tuple[str, str]] = []
    filters: list[tuple[str, str]] = []
    columns = list(default_columns(kind, relation))
    search = True
    allowed = available_columns(kind)
    for token in read_tokens(text):
        if token.problem:
            problems.append(("bad_token", token.problem))
        elif token.key:
            filters.append((token.key, token.value))
        elif (column := token.name) in SWITCHES:
            search = token.switch == "add"
        elif column in allowed:
            if token.switch == "no" and column in columns:
                columns.remove(column)
            elif token.switch == "add" and column not in columns:
                columns.append(column)
        elif column in COLUMNS:
            problems.append(("unknown_column",
                             f"column {column!r} exists only in lists of vereisten"))
        else:
            problems.append(("unknown_column",
                             f"unknown column {column!r} in {token.text!r}; "
                             f"columns are {', '.join(allowed + SWITCHES)}"))
    ordered = tuple(c for c in COLUMNS if c in columns)
    return ListSpec(kind=kind, relation=relation, filters=tuple(filters),
                    columns=ordered, search=search), problems
