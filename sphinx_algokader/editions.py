"""Framework editions side by side: what a release adds, changes, drops or re-uses.

Pure functions, used by ``sphinx-algokader diff`` (``cli.py``) and by the
handbook (``changes.py``):

* ``load_edition`` reads an edition from a folder of framework items (the
  bundled ``content/`` layout, an official MkDocs ``docs/`` tree of any
  release, an item-only tree) or from an ``algokader.json`` export;
  ``shipped_edition`` finds an edition that ships with the package
  (``data/editions/<name>.json``);
* ``make_item`` makes the one record of an item that every source gives
  (the handbook builds its current edition from its index with it);
* ``diff`` compares two editions item by item.

An item's **key** is its URN; an item without a URN is keyed by its kind
and file stem (``hulpmiddelen/DPIA``), so that a tool keeps its key when
the framework moves it (``instrumenten/`` became ``hulpmiddelen/``).

An item **changed** when a front-matter value differs (``fields`` names the
keys; relations are compared by the keys of the items they name, in
either edition (a name of an item only one edition has is that item), lists
without regard to order, MkDocs presentation keys such as ``hide`` not at
all) or the words of its page text differ (``"body"``: the Markdown after
the front matter, HTML comments and heading attribute lists left out; a
change of layout, heading level or punctuation alone is none; compared by
digest).

A changed item is **re-used** when its key now stands for another duty.
The evidence (``Evidence``), all of it shown to the reader:

* ``text``: how similar the old and the new text are (title, ``toelichting``
  and the statement and explanation sections; cosine similarity of TF-IDF
  word weights over both editions, 0 to 1);
* ``file_name``: the file name after the short code changed
  (``aia-22-gebruiksverantwoordelijken-maatregelen`` became
  ``aia-22-gebruiksverantwoordelijken-monitoren-werking``): the framework
  names files after their duty;
* ``moved``: the old text is now, much more closely, the text of another key
  (the duty moved there); ``replaced``: the new text was, much more closely,
  the text of another key before (the duty came from there);
* ``articles``: the articles cited share none (the page's examples left
  out: ``without_examples``).

A key is re-used when its texts are far apart (similarity under
``REUSE_SIMILARITY``) and the file name or the articles say so too, or when
its duty moved to or came from another key (``MOVED_SIMILARITY``,
``MOVED_MARGIN``) and its texts are not close (under ``MOVED_REUSE_SIMILARITY``).
A title that was only reworded, with the same duty, is no re-use, and a
title that stayed the same never is.

A page that gained a URN (or lost it) with the same kind and file name is
the same item, its id changed (``_keyed_as``): the official releases gave
tools none.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime
import hashlib
import json
import math
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sphinx_algokader.mkdocs.site import TolerantLoader
from sphinx_algokader.model import KINDS, PLURALS, URN_PREFIXES, decode_value, urn_of
from sphinx_algokader.scanner import Fences, quote_impossible_dates, split_front_matter

#: the file the ``algokader-json`` builder writes (``export.py``): the data
#: an edition is read from, a folder's when it holds one
EXPORT_FILE = "algokader.json"
#: front-matter keys that only steer how MkDocs or Sphinx shows a page:
#: never a change of the framework
PRESENTATION_KEYS: frozenset[str] = frozenset({
    "hide", "search", "template", "wordcount", "nocomments", "nosearch", "tocdepth",
    "myst", "html_meta", "orphan",
})
#: keys that name other items: compared by the keys of the items they name
RELATION_KEYS: tuple[str, ...] = ("vereiste", "maatregel")
#: folder name -> kind, for a page without a URN (``instrumenten/``: the
#: name of ``hulpmiddelen/`` up to release 1.x)
KIND_FOLDERS: dict[str, str] = {
    "vereisten": "vereiste", "maatregelen": "maatregel", "hulpmiddelen": "hulpmiddel",
    "instrumenten": "hulpmiddel",
}
#: the file that names a folder's edition (the bundled content's layout)
EDITION_FILE = "editie.yaml"
#: where the editions that ship with the package are
SHIPPED_DIR = Path(__file__).parent / "data" / "editions"
#: the export format from which items carry their front matter and page text
COMPLETE_FORMAT = (1, 3)
#: section titles of an item's statement and explanation
_SECTIONS = ("Vereiste", "Maatregel", "Hulpmiddel", "Instrument", "Toelichting")

#: texts less similar than this, with another file name or other articles: re-used
REUSE_SIMILARITY = 0.35
#: the old (new) text matches another key's new (old) text at least this well ...
MOVED_SIMILARITY = 0.5
#: ... and this much better than its own key's: the duty moved
MOVED_MARGIN = 0.25
#: a key whose duty moved is re-used unless its texts are at least this similar
MOVED_REUSE_SIMILARITY = 0.5


class EditionError(ValueError):
    """An edition that cannot be read: the message says what and where."""


# --------------------------------------------------------------------------
# items


@dataclass(frozen=True)
class EditionItem:
    """One item of an edition, as every source gives it."""

    key: str
    kind: str
    title: str
    #: the file stem (``aia-22-gebruiksverantwoordelijken-maatregelen``)
    name: str
    urn: str
    #: the front matter, decoded (relations name items as written)
    front_matter: Mapping[str, Any] = field(default_factory=dict, compare=False)
    #: the digest of the page text (``body_digest``), None when unknown
    body: str | None = field(default=None, compare=False)
    #: title, toelichting, statement and explanation: for the text similarity
    text: str = field(default="", compare=False, repr=False)
    #: the numbers of the articles the page cites
    articles: frozenset[str] = field(default=frozenset(), compare=False)
    #: where the page is in its edition (a docname or a path), for links
    docname: str = ""

    @property
    def code(self) -> str:
        return self.urn.rsplit(":", 1)[-1] if self.urn.startswith("urn:") else ""


def item_key(kind: str, urn: str, name: str) -> str:
    """The URN, else ``<plural>/<file stem>``."""
    return urn if urn.startswith("urn:") else f"{PLURALS[kind]}/{name}"


def kind_of(urn: str, folder: str) -> str | None:
    """The kind of a page: its URN decides, else the folder it lies in."""
    for kind, prefix in URN_PREFIXES.items():
        if urn.startswith(prefix):
            return kind
    return KIND_FOLDERS.get(folder)


_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING_ATTRS_RE = re.compile(r"^( {0,3}#{1,6}[ \t].*?)[ \t]*\{[^{}\n]*\}[ \t]*$", re.MULTILINE)
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*(?:\{[^{}]*\})?[ \t]*$")
_ARTICLE_RE = re.compile(r"\bartikel(?:en)?\s+(\d+)", re.IGNORECASE)
_WORDS_RE = re.compile(r"\w+")


def body_digest(body: str) -> str:
    """The digest of the words of a page's text after its front matter,
    HTML comments (markers) and heading attribute lists left out: a change
    of layout, heading level or punctuation alone is no change."""
    text = _HEADING_ATTRS_RE.sub(r"\1", _COMMENT_RE.sub(" ", body))
    return hashlib.sha256(" ".join(_WORDS_RE.findall(text)).encode("utf-8")).hexdigest()


def split_page(text: str) -> tuple[str, str]:
    """(front matter, body) of a Markdown page; no front matter: ("", text)."""
    lines = text.splitlines(keepends=True)
    end = split_front_matter(lines)
    if not end:
        return "", text
    return "".join(lines[1:end]), "".join(lines[end + 1:])


def articles_cited(*texts: str) -> frozenset[str]:
    return frozenset(match for text in texts for match in _ARTICLE_RE.findall(text))


def sorted_articles(articles: Iterable[str]) -> list[str]:
    """Article numbers in their order (9 before 21)."""
    return sorted(articles, key=_number)


#: sections of examples: what another organisation did, under its own laws
_EXAMPLE_SECTIONS = ("Voorbeeld", "Voorbeelden", "Example", "Examples")


def without_examples(body: str) -> str:
    """A Markdown page's text without its sections of examples (and their
    subsections): the articles an example cites (another law's, or the
    "Artikel 29 Werkgroep") are no evidence of what the item's duty is."""
    kept: list[str] = []
    level = 0  # inside an example section of this heading level
    fences = Fences()
    for line in body.splitlines():
        heading = None if fences.feed(line) else _HEADING_RE.match(line)
        if heading:
            depth = len(heading.group(1))
            if level and depth > level:
                continue
            level = depth if heading.group(2).strip() in _EXAMPLE_SECTIONS else 0
        if not level:
            kept.append(line)
    return "\n".join(kept)


def markdown_sections(body: str) -> str:
    """The statement and explanation sections of a Markdown page (their own
    text, not their subsections), links reduced to their text."""
    kept: list[str] = []
    keep = False
    fences = Fences()
    for line in body.splitlines():
        heading = None if fences.feed(line) else _HEADING_RE.match(line)
        if heading:
            keep = len(heading.group(1)) == 2 and heading.group(2).strip() in _SECTIONS
            continue
        if keep:
            kept.append(line)
    return re.sub(r"\]\([^)]*\)", "]", _COMMENT_RE.sub(" ", "\n".join(kept)))


def make_item(kind: str, name: str, front_matter: Mapping[str, Any], *, body: str | None,
              statement: str = "", docname: str = "", title: str = "",
              digest: str | None = None, articles: Iterable[str] | None = None
              ) -> EditionItem:
    """The record of one item. ``body`` is the page text after the front
    matter (None when unknown, as in an export); ``statement`` is text of
    the page that ``body`` does not give (an export's statement and
    explanation, or the handbook's own reading of them); ``articles`` the
    articles the page cites, where an export gives them (format 1.4)."""
    urn = urn_of(front_matter)
    raw_title = front_matter.get("title")
    title = title or (str(raw_title).strip() if isinstance(raw_title, (str, int, float))
                      else "") or name
    toelichting = front_matter.get("toelichting")
    toelichting = toelichting if isinstance(toelichting, str) else ""
    sections = markdown_sections(body) if body is not None else ""
    text = "\n".join(part for part in (title, toelichting, statement or sections) if part)
    if digest is None and body is not None:
        digest = body_digest(body)
    return EditionItem(
        key=item_key(kind, urn, name), kind=kind, title=title, name=name, urn=urn,
        front_matter=dict(front_matter), body=digest, text=text,
        articles=frozenset(articles) if articles is not None else
        articles_cited(toelichting, statement, without_examples(body or "")),
        docname=docname)


# --------------------------------------------------------------------------
# editions


@dataclass(frozen=True)
class Edition:
    """The items of one edition, by key."""

    #: how the edition is named in output: its name, else its folder or file
    label: str
    items: Mapping[str, EditionItem]
    #: the edition's own name (``editie.yaml``, an export's ``edition``)
    name: str | None = None
    date: str | None = None
    #: False for an export written before format 1.3: it has no front
    #: matter (only title, labels and relations) and no page text
    complete: bool = True
    #: what could not be read, each a sentence naming the file
    problems: tuple[str, ...] = ()


def parse_front_matter(raw: str) -> tuple[dict[str, Any] | None, str | None]:
    """The front matter as a mapping, or (None, the problem)."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        # a line that is one HTML comment breaks YAML; MkDocs' own reader
        # then drops the whole front matter; we read the rest
        kept = "\n".join(line for line in raw.splitlines()
                         if not re.fullmatch(r"\s*<!--.*-->\s*", line))
        try:
            data = yaml.safe_load(kept)
        except yaml.YAMLError:
            return None, f"front matter is not valid YAML ({str(error).splitlines()[0]})"
    except RecursionError:
        return None, "front matter is nested too deeply"
    except ValueError:  # a date that does not exist (2027-02-30): read it as text
        lines = ["---\n", *raw.splitlines(keepends=True), "---\n"]
        if not quote_impossible_dates(lines, len(lines) - 1):
            return None, "front matter holds a value YAML cannot read"
        return parse_front_matter("".join(lines[1:-1]))
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, "front matter is not a mapping"
    return {str(k): plain_data(v) for k, v in data.items()}, None


def plain_data(value: Any) -> Any:
    """YAML data as JSON data: dates as ISO text (as MyST stores them),
    anything else JSON lacks (a set, bytes) as its text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, datetime.date):  # a datetime too: str() as MyST gives it
        return value.isoformat() if type(value) is datetime.date else str(value)
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_data(v) for k, v in value.items()}
    return str(value)


def items_root(folder: Path) -> Path:
    """The folder that holds the pages: ``docs/`` of a MkDocs project (or
    of a checkout of the framework), else the folder itself."""
    config = folder / "mkdocs.yml"
    if config.is_file():
        try:
            data = yaml.load(config.read_text(encoding="utf-8"), Loader=TolerantLoader)
        except (yaml.YAMLError, RecursionError, UnicodeDecodeError):
            data = None
        docs = data.get("docs_dir") if isinstance(data, dict) else None
        if isinstance(docs, str) and (folder / docs).is_dir():
            return folder / docs
    if (folder / "docs").is_dir() and not (folder / EDITION_FILE).is_file():
        return folder / "docs"
    return folder


def _folder_label(folder: Path) -> str:
    folder = folder.resolve()
    return folder.parent.name if folder.name == "docs" and folder.parent.name else folder.name


def load_folder(folder: Path) -> Edition:
    """The items of a folder of framework pages (any layout, see above)."""
    root = items_root(folder)
    items: dict[str, EditionItem] = {}
    problems: list[str] = []
    name = date = None
    edition_file = root / EDITION_FILE
    if edition_file.is_file():
        try:
            data = yaml.safe_load(edition_file.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("editie"):
                name = str(data["editie"])
                date = str(plain_data(data.get("datum"))) if data.get("datum") else None
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            problems.append(f"{edition_file}: cannot be read: {error}")
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root)
        if path.stem == "index" or any(part.startswith((".", "_")) for part in relative.parts):
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot be read: {error}")
            continue
        raw, body = split_page(text)
        front_matter, problem = parse_front_matter(raw) if raw else ({}, None)
        if front_matter is None:
            problems.append(f"{path}: {problem}; the page is compared without it")
            front_matter = {}
        urn = urn_of(front_matter)
        kind = kind_of(urn, path.parent.name)
        if kind is None:
            continue
        item = make_item(kind, path.stem, front_matter, body=body,
                         docname=relative.with_suffix("").as_posix())
        if item.key in items:
            problems.append(f"{path}: {item.key} is also {items[item.key].docname}; "
                            "only the first is compared")
            continue
        items[item.key] = item
    if not items:
        raise EditionError(f"{folder} holds no framework items (pages with a urn:nl:ak: id, "
                           "or in a folder vereisten/, maatregelen/ or hulpmiddelen/)")
    return Edition(label=name or _folder_label(root), items=_ordered(items), name=name,
                   date=date, problems=tuple(problems))


def _version(text: Any) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in str(text).split("."))
    except ValueError:
        return (0,)


def load_export(path: Path) -> Edition:
    """The items of an ``algokader.json`` export."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise EditionError(f"{path} cannot be read as JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise EditionError(f"{path} is no algokader.json export (no list of items)")
    complete = _version(data.get("format_version")) >= COMPLETE_FORMAT
    items: dict[str, EditionItem] = {}
    problems: list[str] = []
    for number, entry in enumerate(data["items"], start=1):
        if not isinstance(entry, dict) or entry.get("kind") not in KINDS \
                or not isinstance(entry.get("docname"), str):
            problems.append(f"{path}: item {number} is not an item of the export format")
            continue
        kind, docname = entry["kind"], entry["docname"]
        name = posixpath.basename(docname)
        statement = "\n".join(str(entry.get(k) or "") for k in ("statement", "explanation"))
        front_matter = entry.get("front_matter") if complete else None
        if not isinstance(front_matter, dict):
            front_matter = _export_front_matter(entry)
        digest = entry.get("body_digest") if isinstance(entry.get("body_digest"), str) else None
        # (an export before format 1.4 has no articles: those of its texts)
        cited = entry.get("articles")
        cited = [str(a) for a in cited] if isinstance(cited, list) else None
        item = make_item(kind, name, front_matter, body=None, statement=statement,
                         docname=docname, title=str(entry.get("title") or ""), digest=digest,
                         articles=cited)
        if item.key in items:
            problems.append(f"{path}: {item.key} appears twice; only the first is compared")
            continue
        items[item.key] = item
    edition = data.get("edition") if isinstance(data.get("edition"), dict) else {}
    name = str(edition["name"]) if edition.get("name") else None
    label = name or (path.parent.name if path.name == EXPORT_FILE and path.parent.name
                     else path.stem)
    return Edition(label=label, items=_ordered(items), name=name,
                   date=str(edition["date"]) if edition.get("date") else None,
                   complete=complete, problems=tuple(problems))


def _export_front_matter(entry: Mapping[str, Any]) -> dict[str, Any]:
    """What an export before format 1.3 says of the front matter: the id,
    title, labels and relations (URNs, ``doc:<docname>`` or unresolved
    names: all resolve by name in the edition)."""
    front_matter: dict[str, Any] = {"title": entry.get("title") or ""}
    if entry.get("urn"):
        front_matter["id"] = entry["urn"]
    labels = entry.get("labels")
    for key, values in (labels.items() if isinstance(labels, dict) else ()):
        front_matter[str(key)] = values
    for source in ("relations", "unresolved_relations"):
        relations = entry.get(source)
        for key, names in (relations.items() if isinstance(relations, dict) else ()):
            front_matter.setdefault(str(key), []).extend(
                posixpath.basename(n[4:]) if isinstance(n, str) and n.startswith("doc:") else n
                for n in (names if isinstance(names, list) else []))
    return front_matter


def _ordered(items: Mapping[str, EditionItem]) -> dict[str, EditionItem]:
    """Items by kind (vereisten, maatregelen, hulpmiddelen), then key."""
    return dict(sorted(items.items(), key=lambda kv: (KINDS.index(kv[1].kind), kv[0])))


def shipped_editions() -> list[str]:
    """The names of the editions that ship with the package, oldest first."""
    if not SHIPPED_DIR.is_dir():
        return []
    return sorted((p.stem for p in SHIPPED_DIR.glob("*.json")), key=_version)


def shipped_edition(name: str) -> Path | None:
    """The export of a shipped edition, or None."""
    path = SHIPPED_DIR / f"{name}.json"
    return path if name in shipped_editions() else None


def load_edition(source: str | Path, base: Path | None = None) -> Edition:
    """An edition from a folder, an ``algokader.json`` (or a folder holding
    only one) or, when no such path exists, the name of a shipped edition.
    A relative path is taken from ``base``."""
    path = Path(source)
    if base is not None and not path.is_absolute():
        path = base / path
    if path.is_file():
        return load_export(path)
    if path.is_dir():
        export = path / EXPORT_FILE
        if export.is_file() and not any(path.rglob("*.md")):
            return load_export(export)
        return load_folder(path)
    shipped = shipped_edition(str(source))
    if shipped is not None:
        return load_export(shipped)
    known = ", ".join(shipped_editions()) or "none"
    raise EditionError(f"{source!r} is neither a folder, nor an algokader.json, nor an edition "
                       f"that ships with sphinx-algokader ({known})")


# --------------------------------------------------------------------------
# comparing


def _canonical(value: Any) -> Any:
    """A front-matter value as compared: text stripped, lists without order."""
    value = decode_value(value)
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return tuple(sorted((_canonical(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _canonical(v)) for k, v in value.items()))
    return str(value).strip()


class _Names:
    """name (file stem, URN, short code, numbered code) -> key, per kind."""

    def __init__(self, edition: Edition) -> None:
        #: the names of the edition compared with, for a name that names no
        #: item here (``resolve``)
        self.other: _Names | None = None
        self.names: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
        for item in edition.items.values():
            numbered = re.match(r"^\d+-[a-z]+-\d+", item.name)
            for name in (item.name, item.urn, item.code, numbered.group(0) if numbered else ""):
                if name:
                    self.names[item.kind].setdefault(name, item.key)

    def resolve(self, kind: str, name: str) -> str:
        """The key of the item ``name`` names: in this edition, else in the
        other one. A page that names an item only one edition has is the
        same page in both: its relation did not change, the item was added
        or removed (and is reported so)."""
        name = name.strip()
        found = self.names.get(kind, {}).get(name)
        if found is None and self.other is not None:
            found = self.other.names.get(kind, {}).get(name)
        return found if found is not None else "?" + name


def compared_fields(edition: Edition, item: EditionItem,
                    names: _Names | None = None) -> dict[str, Any]:
    """The front matter of ``item`` as compared: no presentation keys, no
    ``id`` (the key), relations by the keys of the items they name."""
    names = names or _Names(edition)
    fields: dict[str, Any] = {}
    for key, value in item.front_matter.items():
        if key in PRESENTATION_KEYS or key == "id":
            continue
        value = decode_value(value)
        if key in RELATION_KEYS:
            entries = value if isinstance(value, list) else [value] if value else []
            value = [names.resolve(key, str(v)) for v in entries
                     if v is not None and str(v).strip()]
        fields[key] = _canonical(value)
    return fields


def _list_valued(key: str, value: Any) -> bool:
    return key == "title" or key in RELATION_KEYS or isinstance(value, tuple)


@dataclass(frozen=True)
class Evidence:
    """One sign of a key's meaning: ``signal`` is ``text``, ``file_name``,
    ``moved``, ``replaced`` or ``articles``; ``old``/``new`` what it
    compares; ``score`` a similarity where one applies."""

    signal: str
    old: str = ""
    new: str = ""
    score: float | None = None

    def as_json(self) -> dict[str, Any]:
        return {"signal": self.signal, "old": self.old, "new": self.new,
                "score": None if self.score is None else round(self.score, 2)}


@dataclass(frozen=True)
class Change:
    """An item in both editions whose front matter or text differs."""

    key: str
    kind: str
    title: str
    old_title: str
    #: front-matter keys whose values differ, then ``body``
    fields: tuple[str, ...]
    reused: bool = False
    #: the text similarity of the old and new item (0 to 1)
    similarity: float | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Diff:
    old: Edition
    new: Edition
    added: tuple[EditionItem, ...]
    removed: tuple[EditionItem, ...]
    changed: tuple[Change, ...]
    #: what could not be compared, each a sentence
    notes: tuple[str, ...] = ()

    @property
    def reused(self) -> tuple[Change, ...]:
        return tuple(change for change in self.changed if change.reused)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed),
                "changed": len(self.changed), "reused": len(self.reused)}

    def marks(self) -> dict[str, str]:
        """key -> ``nieuw``, ``gewijzigd`` or ``hergebruikt`` (of the new edition)."""
        marks = {item.key: "nieuw" for item in self.added}
        marks.update({c.key: "hergebruikt" if c.reused else "gewijzigd" for c in self.changed})
        return marks


_WORD_RE = re.compile(r"[^\W\d_]{3,}")
#: Dutch words too common to tell two duties apart
_STOPWORDS = frozenset("""
aan als alle bij dan dat de deze die dit door een en er ervan geen had heeft hebben het hun
in is kan kunnen met moet moeten na naar niet nog of om onder ook op over te tot uit van
voor wat wel wie worden wordt zal zich zij zijn zoals the and for
""".split())


def _terms(text: str) -> collections.Counter[str]:
    return collections.Counter(w for w in _WORD_RE.findall(text.casefold())
                               if w not in _STOPWORDS)


class _Similarity:
    """Cosine similarity of TF-IDF weights, document frequencies over both
    editions."""

    def __init__(self, old: Edition, new: Edition) -> None:
        self.old_terms = {k: _terms(i.text) for k, i in old.items.items()}
        self.new_terms = {k: _terms(i.text) for k, i in new.items.items()}
        frequency: collections.Counter[str] = collections.Counter()
        for terms in (*self.old_terms.values(), *self.new_terms.values()):
            frequency.update(terms.keys())
        count = len(self.old_terms) + len(self.new_terms)
        self.idf = {term: math.log(1 + count / n) for term, n in frequency.items()}
        self._vectors: dict[tuple[str, str], dict[str, float]] = {}

    def vector(self, side: str, key: str) -> dict[str, float]:
        vector = self._vectors.get((side, key))
        if vector is None:
            terms = (self.old_terms if side == "old" else self.new_terms)[key]
            weights = {t: (1 + math.log(n)) * self.idf[t] for t, n in terms.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            vector = self._vectors[(side, key)] = {t: w / norm for t, w in weights.items()}
        return vector

    def __call__(self, old_key: str, new_key: str) -> float:
        a, b = self.vector("old", old_key), self.vector("new", new_key)
        if len(b) < len(a):
            a, b = b, a
        return min(1.0, sum(w * b.get(t, 0.0) for t, w in a.items()))


_CODE_PREFIX_RE = re.compile(r"^(?:\d+-)?[a-z]+-\d+[a-z]?(?:-|$)")


def _slug(item: EditionItem) -> str:
    """The file stem without its short code: what the file says the duty is."""
    return _CODE_PREFIX_RE.sub("", item.name, count=1) if item.code else item.name


def _reuse(key: str, old: Edition, new: Edition, similarity: _Similarity
           ) -> tuple[bool, float, tuple[Evidence, ...]]:
    """Whether ``key`` stands for another duty in ``new``, its text
    similarity and the evidence."""
    a, b = old.items[key], new.items[key]
    score = similarity(key, key)
    evidence = [Evidence("text", a.title, b.title, score)]
    renamed = bool(a.code) and _slug(a) != _slug(b)
    if renamed:
        evidence.append(Evidence("file_name", a.name, b.name))
    moved = replaced = None
    if score < MOVED_REUSE_SIMILARITY:
        candidates = [(similarity(key, k), k) for k, i in new.items.items()
                      if i.kind == a.kind and k != key]
        best = max(candidates, default=None)
        if best and best[0] >= MOVED_SIMILARITY and best[0] - score >= MOVED_MARGIN:
            moved = best
            evidence.append(Evidence("moved", key, best[1], best[0]))
        candidates = [(similarity(k, key), k) for k, i in old.items.items()
                      if i.kind == b.kind and k != key]
        best = max(candidates, default=None)
        if best and best[0] >= MOVED_SIMILARITY and best[0] - score >= MOVED_MARGIN:
            replaced = best
            evidence.append(Evidence("replaced", best[1], key, best[0]))
    disjoint = bool(a.articles) and bool(b.articles) and not a.articles & b.articles
    if a.articles != b.articles:
        evidence.append(Evidence("articles", ", ".join(sorted_articles(a.articles)),
                                 ", ".join(sorted_articles(b.articles))))
    # the same title is the same duty, however much its page was rewritten
    same_title = " ".join(a.title.casefold().split()) == " ".join(b.title.casefold().split())
    reused = not same_title and (
        (score < REUSE_SIMILARITY and (renamed or disjoint))
        or (score < MOVED_REUSE_SIMILARITY and (moved is not None or replaced is not None)))
    return reused, score, tuple(evidence)


def _number(text: str) -> tuple[int, str]:
    digits = re.match(r"\d+", text)
    return (int(digits.group(0)) if digits else 0, text)


def _keyed_as(old: Edition, new: Edition) -> Edition:
    """``old`` with each item that gained a URN in ``new`` (or lost it)
    under its key in ``new``: a page of one kind and file name, with an id
    on one side only, is one item whose id changed, not one removed and
    another added (the official releases gave tools no URN)."""
    moves: dict[str, str] = {}
    for key, b in new.items.items():
        if key in old.items:
            continue
        for other in (item_key(b.kind, "", b.name), *(
                k for k, a in old.items.items() if a.urn and a.kind == b.kind
                and a.name == b.name and not b.urn)):
            a = old.items.get(other)
            if a is not None and other not in new.items and a.kind == b.kind \
                    and a.name == b.name and bool(a.urn) != bool(b.urn):
                moves[other] = key
                break
    if not moves:
        return old
    items = {moves.get(key, key): item for key, item in old.items.items()}
    return dataclasses.replace(old, items=items)


def diff(old: Edition, new: Edition) -> Diff:
    """What ``new`` adds to, drops from and changes in ``old``."""
    notes: list[str] = []
    complete = old.complete and new.complete
    if not complete:
        partial = old.label if not old.complete else new.label
        notes.append(f"{partial} is an export written before format 1.3: only titles, labels "
                     "and relations are compared")
    compare_body = True
    without = [e.label for e in (old, new)
               if any(i.body is None for i in e.items.values())]
    if without:
        compare_body = False
        notes.append(f"{' and '.join(without)} {'has' if len(without) == 1 else 'have'} no "
                     "page texts: texts are not compared")
    old = _keyed_as(old, new)
    old_names, new_names = _Names(old), _Names(new)
    old_names.other, new_names.other = new_names, old_names
    added = tuple(item for key, item in new.items.items() if key not in old.items)
    removed = tuple(item for key, item in old.items.items() if key not in new.items)
    similarity: _Similarity | None = None
    changed: list[Change] = []
    for key, b in new.items.items():
        a = old.items.get(key)
        if a is None:
            continue
        before = compared_fields(old, a, old_names)
        after = compared_fields(new, b, new_names)
        keys = sorted(set(before) | set(after), key=lambda k: (k != "title", k))
        if not complete:
            keys = [k for k in keys if _list_valued(k, before.get(k, after.get(k)))]
        fields = [k for k in keys if before.get(k) != after.get(k)]
        if compare_body and a.body != b.body:
            fields.append("body")
        if not fields:
            continue
        similarity = similarity or _Similarity(old, new)
        reused, score, evidence = _reuse(key, old, new, similarity)
        changed.append(Change(key, b.kind, b.title, a.title, tuple(fields), reused, score,
                              evidence))
    return Diff(old, new, added, removed, tuple(changed), tuple(notes))


# --------------------------------------------------------------------------
# output


def as_json(d: Diff) -> dict[str, Any]:
    """The diff as data (``sphinx-algokader diff --format json``)."""
    def entry(item: EditionItem) -> dict[str, Any]:
        return {"key": item.key, "title": item.title, "kind": item.kind}
    return {
        "old": {"label": d.old.label, "items": len(d.old.items)},
        "new": {"label": d.new.label, "items": len(d.new.items)},
        "added": [entry(i) for i in d.added],
        "removed": [entry(i) for i in d.removed],
        "changed": [{"key": c.key, "title": c.title, "kind": c.kind, "old_title": c.old_title,
                     "fields": list(c.fields), "reused": c.reused,
                     "similarity": None if c.similarity is None else round(c.similarity, 2),
                     "evidence": [e.as_json() for e in c.evidence]}
                    for c in d.changed],
        "notes": list(d.notes),
    }


def short(key: str) -> str:
    """A key as people read it: the short code of a URN, else the key."""
    return key.rsplit(":", 1)[-1] if key.startswith("urn:") else key


def evidence_text(e: Evidence) -> str:
    """One piece of evidence as an English sentence (the CLI's)."""
    if e.signal == "text":
        return f"text similarity {e.score:.2f}"
    if e.signal == "file_name":
        return f"file name {e.old} -> {e.new}"
    if e.signal == "moved":
        return f"its old duty is now {short(e.new)} (similarity {e.score:.2f})"
    if e.signal == "replaced":
        return f"its new duty was {short(e.old)} (similarity {e.score:.2f})"
    if e.signal == "articles":
        common = "" if articles_shared(e) else " (none in common)"
        return f"articles cited {e.old or '-'} -> {e.new or '-'}{common}"
    return e.signal


def articles_shared(e: Evidence) -> bool:
    """Whether the articles of ``articles`` evidence share one, or one side cites none."""
    old, new = set(e.old.split(", ")) - {""}, set(e.new.split(", ")) - {""}
    return not old or not new or bool(old & new)


def summary_line(d: Diff) -> str:
    c = d.counts()
    return (f"{d.old.label} ({len(d.old.items)} items) -> {d.new.label} ({len(d.new.items)} "
            f"items): {c['added']} added, {c['removed']} removed, {c['changed']} changed, "
            f"of which {c['reused']} re-used")


def as_text(d: Diff) -> str:
    """The diff for a terminal."""
    lines = [summary_line(d)]
    lines += [f"note: {note}" for note in d.notes]
    if d.reused:
        lines += ["", "Re-used: the same key now stands for another duty"]
        for c in d.reused:
            lines += [f"  {c.key}", f"    was: {c.old_title}", f"    now: {c.title}",
                      "    evidence: " + "; ".join(evidence_text(e) for e in c.evidence)]
    for heading, items in (("Added", d.added), ("Removed", d.removed)):
        if items:
            lines += ["", heading]
            lines += [f"  {item.key}  {item.title}" for item in items]
    rest = [c for c in d.changed if not c.reused]
    if rest:
        lines += ["", "Changed"]
        lines += [f"  {c.key}  {c.title}  [{', '.join(c.fields)}]" for c in rest]
    return "\n".join(lines) + "\n"


_MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]<>|#!])")


def md_escape(text: str) -> str:
    """Text that a Markdown table cell shows as it is, on one line."""
    return _MD_SPECIAL_RE.sub(r"\\\1", " ".join(str(text).split()))


def as_markdown(d: Diff) -> str:
    """The diff as a Markdown page (for a pull request or a changelog)."""
    out = [f"# Changes from {md_escape(d.old.label)} to {md_escape(d.new.label)}", "",
           md_escape(summary_line(d)) + "."]
    out += [f"\n*Note:* {md_escape(note)}." for note in d.notes]

    def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
        header = list(header)
        return ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header),
                *("| " + " | ".join(md_escape(cell) for cell in row) + " |" for row in rows)]

    if d.reused:
        out += ["", "## Re-used: the same key now stands for another duty"]
        out += table(("Key", "Was", "Now", "Evidence"),
                     ((c.key, c.old_title, c.title,
                       "; ".join(evidence_text(e) for e in c.evidence)) for c in d.reused))
    if d.added:
        out += ["", "## Added"] + table(("Key", "Title"), ((i.key, i.title) for i in d.added))
    if d.removed:
        out += ["", "## Removed"] + table(("Key", "Title"), ((i.key, i.title) for i in d.removed))
    rest = [c for c in d.changed if not c.reused]
    if rest:
        out += ["", "## Changed"]
        out += table(("Key", "Title", "What changed"),
                     ((c.key, c.title, ", ".join(c.fields)) for c in rest))
    return "\n".join(out) + "\n"
