"""The changes since a previous edition of the framework, in the handbook.

``algokader_previous_edition`` names the edition to compare with: a folder
of framework pages or an ``algokader.json`` (relative to ``conf.py``), or
the name of an edition that ships with the package. The handbook's own
items are the new edition. Then:

* ``<!-- algokader_wijzigingen -->`` (directive ``algokader-wijzigingen``)
  becomes a summary and tables of what was re-used (with the evidence),
  added, removed and changed (with what changed), rows linking to the pages;
* ``add-wijziging`` in a list shows a column ``nieuw``, ``gewijzigd`` or
  ``hergebruikt`` (``columns.py``; the marks come in ``CellContext``);
* an algorithm record whose ``editie:`` is an earlier edition gets a
  "check again" mark on each measure changed or re-used since
  (``records/``), found with ``changes_since``.

The comparison itself is ``editions.py``. It is made once per build from
the index (``Index.memo``) and what it shows is part of each page's
fingerprint (``changes_fingerprint``), so incremental builds re-write the
pages whose tables or marks change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

from sphinx_algokader import editions
from sphinx_algokader.columns import KIND_NAMES
from sphinx_algokader.diagnostics import warn, warn_tokens
from sphinx_algokader.embed import content_edition
from sphinx_algokader.index import get_index, get_store, list_rows
from sphinx_algokader.model import KINDS, Item, decode_value
from sphinx_algokader.nodes import (
    ResolvePostTransform,
    add_placeholder_node,
    new_list_id,
    placeholder,
)
from sphinx_algokader.scanner import is_markdown
from sphinx_algokader.spec import read_tokens
from sphinx_algokader.table import ROW_CLASSES, TABLE_CLASSES, algokader_table
from sphinx_algokader.vocabulary import Name

#: the marker, and the directive
MARKER = "algokader_wijzigingen"
DIRECTIVE = "algokader-wijzigingen"
#: the list column of the marks
COLUMN = "wijziging"
#: the tables, in the order shown
SECTIONS: tuple[str, ...] = ("hergebruikt", "nieuw", "vervallen", "gewijzigd")
SECTION_NAMES: dict[str, Name] = {
    "hergebruikt": Name("Hergebruikt: dezelfde code staat nu voor een andere plicht",
                        "Re-used: the same code now stands for another duty"),
    "nieuw": Name("Nieuw", "Added"),
    "vervallen": Name("Vervallen", "Removed"),
    "gewijzigd": Name("Gewijzigd", "Changed"),
}
#: what changed: front-matter keys by name, these two in words
FIELD_NAMES: dict[str, Name] = {"title": Name("titel", "title"), "body": Name("tekst", "text")}
REUSED_FLAG = Name("HERGEBRUIKT", "RE-USED")


# --------------------------------------------------------------------------
# the editions of this build


def current_name(env: BuildEnvironment) -> str | None:
    """The name of the handbook's edition: ``algokader_edition``, else the
    bundled one's when embedded; None when it has none (a copy made with
    ``sphinx-algokader init``, edited since, is no shipped edition)."""
    return env.config.algokader_edition or (
        content_edition().name if env.config.algokader_embed else None)


#: keys MyST adds to a page's metadata that its front matter does not have
_MYST_KEYS = frozenset({"wordcount", "myst_slugs"})


def page_source(env: BuildEnvironment, docname: str) -> tuple[dict[str, Any], str | None]:
    """A page's front matter and its text after it, as written: a Markdown
    page's own YAML, read as ``sphinx-algokader diff`` reads a folder (so a
    handbook and its pages compare equal); else, or when that YAML does not
    parse, what Sphinx has of it. The text is None when the file cannot be read."""
    metadata = {str(key): editions.plain_data(decode_value(value))
                for key, value in env.metadata.get(docname, {}).items()
                if key not in _MYST_KEYS}
    try:
        path = Path(env.doc2path(docname))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return metadata, None
    if not is_markdown(env.config, path):
        return metadata, text
    raw, body = editions.split_page(text)
    front_matter, _problem = editions.parse_front_matter(raw) if raw else ({}, None)
    return (metadata if front_matter is None else front_matter), body


def current_item(env: BuildEnvironment, item: Item) -> editions.EditionItem:
    """An item of the handbook as the editions compare it; made once per build."""
    memo = get_index(env).memo("changes.items")
    found = memo.get(item.docname)
    if found is None:
        statement = "\n".join(part for part in (item.statement, item.explanation) if part)
        front_matter, body = page_source(env, item.docname)
        found = memo[item.docname] = editions.make_item(
            item.kind, item.name, front_matter, body=body, statement=statement,
            docname=item.docname, title=item.title)
    return found


def current_edition(env: BuildEnvironment) -> editions.Edition:
    """The handbook's items as an edition (the new side of every diff)."""
    memo = get_index(env).memo("changes.editions")
    if "current" not in memo:
        index = get_index(env)
        items: dict[str, editions.EditionItem] = {}
        for kind in KINDS:
            for item in index.by_kind[kind]:
                record = current_item(env, item)
                items.setdefault(record.key, record)  # a duplicate id: the first page
        name = current_name(env)
        memo["current"] = editions.Edition(label=name or env.config.project or "handbook",
                                           items=items, name=name)
    return memo["current"]


def previous_edition(env: BuildEnvironment) -> editions.Edition | None:
    """The edition of ``algokader_previous_edition``; None when unset or
    unreadable (said once per build)."""
    setting = env.config.algokader_previous_edition
    if not setting:
        return None
    memo = get_index(env).memo("changes.editions")
    if "previous" not in memo:
        try:
            # config-inited made a path absolute (relative to conf.py)
            memo["previous"] = editions.load_edition(setting)
        except editions.EditionError as error:
            warn("edition", f"algokader_previous_edition: {error}; no changes are shown")
            memo["previous"] = None
    return memo["previous"]


def edition_diff(env: BuildEnvironment) -> editions.Diff | None:
    """The changes from the previous edition to the handbook's, once per build."""
    memo = get_index(env).memo("changes.editions")
    if "diff" not in memo:
        previous = previous_edition(env)
        memo["diff"] = None if previous is None else editions.diff(previous,
                                                                   current_edition(env))
    return memo["diff"]


def change_marks(env: BuildEnvironment) -> Mapping[str, str]:
    """docname -> ``nieuw``, ``gewijzigd`` or ``hergebruikt``, since the
    previous edition ({} without one)."""
    memo = get_index(env).memo("changes.editions")
    if "marks" not in memo:
        d = edition_diff(env)
        marks: dict[str, str] = {}
        if d is not None:
            current = current_edition(env)
            for key, mark in d.marks().items():
                marks[current.items[key].docname] = mark
        memo["marks"] = marks
    return memo["marks"]


def changes_since(env: BuildEnvironment, name: str) -> editions.Diff | None:
    """The changes from edition ``name`` to the handbook's: ``name`` is the
    handbook's own edition (no changes), the previous edition's name, or a
    shipped edition. None when no data of that edition is at hand."""
    memo = get_index(env).memo("changes.since")
    if name not in memo:
        result = None
        if name == current_name(env):
            current = current_edition(env)
            result = editions.Diff(current, current, (), (), ())
        else:
            previous = previous_edition(env)
            shipped = editions.shipped_edition(name)
            # an edition without a name of its own goes by its file or folder name
            if previous is not None and (previous.name or previous.label) == name:
                result = edition_diff(env)
            elif shipped is not None:
                result = editions.diff(editions.load_export(shipped), current_edition(env))
        memo[name] = result
    return memo[name]


def since_marks(env: BuildEnvironment, name: str) -> Mapping[str, str] | None:
    """docname -> ``nieuw``, ``gewijzigd`` or ``hergebruikt`` since edition
    ``name`` (``changes_since``); None when no data of it is at hand."""
    d = changes_since(env, name)
    if d is None:
        return None
    current = current_edition(env)
    return {current.items[key].docname: mark for key, mark in d.marks().items()}


# --------------------------------------------------------------------------
# the marker and the directive


@dataclass(frozen=True)
class ChangesSpec:
    """Which changes a table shows: of which kinds, which sections."""

    kinds: tuple[str, ...] = KINDS
    sections: tuple[str, ...] = SECTIONS

    def attributes(self) -> dict[str, Any]:
        return {"kinds": list(self.kinds), "sections": list(self.sections)}

    @classmethod
    def from_attributes(cls, attributes: Any) -> ChangesSpec:
        return cls(kinds=tuple(attributes["kinds"]), sections=tuple(attributes["sections"]))


@dataclass(frozen=True)
class ChangesUse:
    """A changes placeholder as recorded at read time."""

    spec: ChangesSpec
    line: int | None


def parse_changes(text: str) -> tuple[ChangesSpec, list[tuple[str, str]]]:
    """Tokens ``soort/<kind>`` (several: any of them) and ``no-<section>``
    -> spec and (subtype, message) problems; never raises."""
    problems: list[tuple[str, str]] = []
    kinds: list[str] = []
    sections = list(SECTIONS)
    for token in read_tokens(text):
        if token.key == "soort" and token.value in KINDS:
            kinds.append(token.value)
        elif "/" in token.text:
            problems.append(("bad_token", f"filter {token.text!r}: the changes filter on "
                             f"soort/<{'|'.join(KINDS)}> only"))
        elif token.switch == "no" and token.name in SECTIONS:
            if token.name in sections:
                sections.remove(token.name)
        else:
            problems.append(("bad_token", f"token {token.text!r} is neither soort/<kind> nor "
                             f"no-<{'|'.join(SECTIONS)}>"))
    return ChangesSpec(kinds=tuple(k for k in KINDS if k in kinds) or KINDS,
                       sections=tuple(sections)), problems


class algokader_changes(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """The changes since the previous edition: the attributes of its
    ``ChangesSpec``, ``docname``, ``line`` and ``position`` (set by the
    collector). Always replaced by ``ResolveChanges``."""


def changes_placeholder(tokens: str, docname: str, line: int | None,
                        env: BuildEnvironment) -> algokader_changes:
    spec, problems = parse_changes(tokens)
    warn_tokens(MARKER, problems, docname, line, env)
    return placeholder(algokader_changes, spec.attributes(), docname, line)


class ChangesDirective(SphinxDirective):
    """The changes since the previous edition; arguments are marker tokens."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        node = changes_placeholder(self.arguments[0] if self.arguments else "",
                                   self.env.docname, self.lineno, self.env)
        self.set_source_info(node)
        return [node]


def collect(env: BuildEnvironment, docname: str, doctree: nodes.document) -> None:
    """Record the page's changes placeholders (called by the collector)."""
    uses = []
    for position, node in enumerate(doctree.findall(algokader_changes)):
        node["position"] = position
        uses.append(ChangesUse(ChangesSpec.from_attributes(node), node.get("line")))
    if uses:
        get_store(env).changes[docname] = uses


# --------------------------------------------------------------------------
# what a page shows


@dataclass(frozen=True)
class ChangeRow:
    cells: tuple[str, ...]
    #: the page the title links to ("" for none)
    target: str = ""
    reused: bool = False


def _select(d: editions.Diff, spec: ChangesSpec) -> dict[str, list[Any]]:
    return {
        "hergebruikt": [c for c in d.reused if c.kind in spec.kinds],
        "nieuw": [i for i in d.added if i.kind in spec.kinds],
        "vervallen": [i for i in d.removed if i.kind in spec.kinds],
        "gewijzigd": [c for c in d.changed if c.kind in spec.kinds],
    }


def summary(d: editions.Diff | None, spec: ChangesSpec, language: str | None) -> str:
    if d is None:
        return Name("Er is geen vorige editie om mee te vergelijken "
                    "(algokader_previous_edition).",
                    "There is no previous edition to compare with "
                    "(algokader_previous_edition).").pick(language)
    s = {name: len(rows) for name, rows in _select(d, spec).items()}
    old = d.old
    counted = sum(1 for i in old.items.values() if i.kind in spec.kinds)
    return Name(
        f"Vergeleken met editie {old.label} ({counted} items): {s['nieuw']} nieuw, "
        f"{s['vervallen']} vervallen en {s['gewijzigd']} gewijzigd, waarvan "
        f"{s['hergebruikt']} hergebruikt.",
        f"Compared with edition {old.label} ({counted} items): {s['nieuw']} added, "
        f"{s['vervallen']} removed and {s['gewijzigd']} changed, of which "
        f"{s['hergebruikt']} re-used.").pick(language)


def evidence_text(e: editions.Evidence, language: str | None) -> str:
    """One piece of re-use evidence, in the handbook's language."""
    score = "" if e.score is None else f"{e.score:.2f}"
    dutch = score.replace(".", ",")
    if e.signal == "text":
        return Name(f"tekstovereenkomst {dutch}", f"text similarity {score}").pick(language)
    if e.signal == "file_name":
        return Name(f"bestandsnaam {e.old} → {e.new}",
                    f"file name {e.old} → {e.new}").pick(language)
    if e.signal == "moved":
        code = editions.short(e.new)
        return Name(f"de oude plicht staat nu onder {code} (overeenkomst {dutch})",
                    f"its old duty is now {code} (similarity {score})").pick(language)
    if e.signal == "replaced":
        code = editions.short(e.old)
        return Name(f"de nieuwe plicht stond eerder onder {code} (overeenkomst {dutch})",
                    f"its new duty was {code} (similarity {score})").pick(language)
    if e.signal == "articles":
        none = "" if editions.articles_shared(e) else \
            Name(" (geen gemeenschappelijk)", " (none in common)").pick(language)
        return Name(f"aangehaalde artikelen {e.old or '–'} → {e.new or '–'}{none}",
                    f"articles cited {e.old or '–'} → {e.new or '–'}{none}").pick(language)
    return e.signal


def _what(change: editions.Change, language: str | None) -> str:
    names = [FIELD_NAMES[f].pick(language) if f in FIELD_NAMES else f for f in change.fields]
    text = ", ".join(names)
    return f"{REUSED_FLAG.pick(language)}; {text}" if change.reused else text


def section_rows(env: BuildEnvironment, spec: ChangesSpec) -> dict[str, list[ChangeRow]]:
    """The rows of each table of a changes placeholder with ``spec``."""
    d = edition_diff(env)
    if d is None:
        return {}
    language = env.config.language
    current = current_edition(env)

    def target(key: str) -> str:
        item = current.items.get(key)
        return item.docname if item is not None else ""

    def kind(k: str) -> str:
        return KIND_NAMES[k].pick(language)

    selected = _select(d, spec)
    rows: dict[str, list[ChangeRow]] = {}
    for section in spec.sections:
        entries = selected[section]
        if section == "hergebruikt":
            rows[section] = [ChangeRow(
                (editions.short(c.key), c.old_title, c.title,
                 "; ".join(evidence_text(e, language) for e in c.evidence)),
                target(c.key), True) for c in entries]
        elif section in ("nieuw", "vervallen"):
            rows[section] = [ChangeRow(
                (editions.short(i.key), i.title, kind(i.kind)),
                target(i.key) if section == "nieuw" else "") for i in entries]
        else:
            rows[section] = [ChangeRow(
                (editions.short(c.key), c.title, kind(c.kind), _what(c, language)),
                target(c.key), c.reused) for c in entries]
    return rows


#: section -> (column headers, relative widths, the column that links)
_TABLES: dict[str, tuple[tuple[Name, ...], tuple[int, ...], int]] = {
    "hergebruikt": ((Name("ID", "ID"), Name("Was", "Was"), Name("Nu", "Now"),
                     Name("Aanwijzingen", "Evidence")), (10, 24, 24, 42), 2),
    "nieuw": ((Name("ID", "ID"), Name("Titel", "Title"), Name("Soort", "Kind")),
              (18, 64, 18), 1),
    "vervallen": ((Name("ID", "ID"), Name("Titel", "Title"), Name("Soort", "Kind")),
                  (18, 64, 18), -1),
    "gewijzigd": ((Name("ID", "ID"), Name("Titel", "Title"), Name("Soort", "Kind"),
                   Name("Wat is gewijzigd", "What changed")), (14, 44, 14, 28), 1),
}


def changes_fingerprint(env: BuildEnvironment, docname: str) -> list[object]:
    """What the page's changes tables and ``wijziging`` columns show, for
    ``index.fingerprint``'s digest."""
    store = get_store(env)
    parts: list[object] = []
    uses = store.changes.get(docname, ())
    lists = [(n, use) for n, use in enumerate(store.lists.get(docname, ()))
             if COLUMN in use.spec.columns]
    if not uses and not lists:
        return parts
    language = env.config.language
    d = edition_diff(env)
    for use in uses:
        parts.append((use.spec, summary(d, use.spec, language), section_rows(env, use.spec)))
    marks = change_marks(env)
    for position, _use in lists:
        parts.append([marks.get(row.docname, "") for row in list_rows(env, docname, position)
                      if isinstance(row, Item)])
    return parts


def edition_problems(env: BuildEnvironment) -> Iterator[tuple[str, str, object]]:
    """Changes tables and ``wijziging`` columns with nothing to compare."""
    if env.config.algokader_previous_edition:
        return
    store = get_store(env)
    for docname in sorted(store.changes):
        for use in store.changes[docname]:
            yield ("edition", f"{MARKER}: algokader_previous_edition is not set, so there is "
                   "nothing to compare with", (docname, use.line))
    for docname in sorted(store.lists):
        for use in store.lists[docname]:
            if COLUMN in use.spec.columns:
                yield ("edition", f"add-{COLUMN}: algokader_previous_edition is not set, so the "
                       "column stays empty", (docname, use.line))


# --------------------------------------------------------------------------
# resolution


def make_changes_table(section: str, rows: Sequence[ChangeRow], fromdoc: str, table_id: str,
                       language: str | None, root_doc: str) -> algokader_table:
    headers, widths, link = _TABLES[section]
    return algokader_table(
        ids=[table_id], classes=[*TABLE_CLASSES, "algokader-changes-table",
                                 f"algokader-changes-{section}"],
        docname=fromdoc, widths=list(widths), header=[h.pick(language) for h in headers],
        rows=[list(row.cells) for row in rows],
        targets=[row.target if row.target != root_doc else "" for row in rows], link=link,
        row_classes=[ROW_CLASSES + (" algokader-reused" if row.reused else "") for row in rows])


class ResolveChanges(ResolvePostTransform):
    """Replace every changes placeholder with a summary and tables."""

    default_priority = 5  # with the lists: before ExpandTables (7) and links (10)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(algokader_changes))
        if not placeholders:
            return
        env = self.env
        language, root_doc = env.config.language, env.config.root_doc
        for node in placeholders:
            docname = node["docname"]
            spec = get_store(env).changes[docname][node["position"]].spec
            base = new_list_id(self.document, "changes")
            container = nodes.container(classes=["algokader-changes", "no-search"], ids=[base])
            self.document.ids[base] = container
            text = summary(edition_diff(env), spec, language)
            container += nodes.paragraph(text, text, classes=["algokader-summary"])
            for section, rows in section_rows(env, spec).items():
                if not rows:
                    continue
                heading = SECTION_NAMES[section].pick(language)
                container += nodes.rubric(heading, heading)
                table = make_changes_table(section, rows, docname, f"{base}-{section}",
                                           language, root_doc)
                self.document.ids[f"{base}-{section}"] = table
                container += table
            container.source, container.line = node.source, node.line
            node.replace_self(container)


def _check(app: Sphinx, config: Config) -> None:
    if not isinstance(config.algokader_edition, str):
        raise ConfigError(f"algokader_edition must be a string, got {config.algokader_edition!r}")
    setting = config.algokader_previous_edition
    if not isinstance(setting, str):
        raise ConfigError(f"algokader_previous_edition must be a string, got {setting!r}")
    if not setting:
        return
    path = Path(app.confdir) / setting
    if path.exists():
        # read later, from wherever the build runs: the path as from conf.py
        config.algokader_previous_edition = str(path.resolve())
    elif editions.shipped_edition(setting) is None:
        known = ", ".join(editions.shipped_editions()) or "none"
        raise ConfigError(
            f"algokader_previous_edition: {setting!r} is neither a folder nor a file (relative "
            f"to {app.confdir}) nor an edition that ships with sphinx-algokader ({known})")


def setup(app: Sphinx) -> None:
    app.add_config_value("algokader_previous_edition", "", "env", types=frozenset({str}))
    app.add_config_value("algokader_edition", "", "env", types=frozenset({str}))
    app.connect("config-inited", _check)
    add_placeholder_node(app, algokader_changes)
    app.add_directive(DIRECTIVE, ChangesDirective)
    app.add_post_transform(ResolveChanges)
