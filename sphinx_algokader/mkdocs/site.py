"""What a ``mkdocs.yml`` says that a Sphinx build needs.

The file is read with a safe loader that turns MkDocs' Python tags
(``!!python/name:…``, ``!ENV``) into plain strings: nothing is imported or
executed. From it come the navigation (which becomes the toctree), the docs
folder, the site name and language, and the glossary that
``pymdownx.snippets`` appends to every page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class TolerantLoader(yaml.SafeLoader):
    """A safe loader that reads unknown tags as the text they tag: for a
    ``mkdocs.yml`` here and where ``editions.py`` looks for its docs folder."""


def _as_text(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return f"{node.tag} {node.value}".strip()  # the tag, as written, and its value
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


TolerantLoader.add_multi_constructor("!", _as_text)
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _as_text)


@dataclass(frozen=True)
class NavEntry:
    """One ``nav:`` entry: a page, a glob of pages, or a section."""

    title: str | None = None
    #: docname of a page entry
    doc: str | None = None
    #: awesome-pages ``... | pattern``: a glob over docnames
    glob: str | None = None
    children: tuple[NavEntry, ...] = ()


@dataclass(frozen=True)
class Site:
    """The parts of a MkDocs site that the build uses; picklable and
    comparable, so it can live in the Sphinx config and trigger a full
    rebuild when ``mkdocs.yml`` or the glossary changes."""

    path: str
    docs_dir: str
    site_name: str = ""
    language: str = ""
    nav: tuple[NavEntry, ...] = ()
    #: (term, definition) pairs from the auto-appended snippets
    glossary: tuple[tuple[str, str], ...] = ()
    glossary_files: tuple[str, ...] = ()
    extensions: tuple[str, ...] = field(default_factory=tuple)


def _docname(path: str) -> str:
    path = path.strip()
    for suffix in (".md", ".markdown", ".rst"):
        if path.endswith(suffix):
            return path[: -len(suffix)]
    return path


#: limits on ``nav:``: YAML aliases can make a small file name millions of
#: entries (or an endless loop), which would stall the build
MAX_NAV_ENTRIES = 20_000
MAX_NAV_DEPTH = 20


def parse_nav(raw: Any) -> tuple[NavEntry, ...]:
    """The nav entries; raises ValueError past ``MAX_NAV_ENTRIES`` entries
    or ``MAX_NAV_DEPTH`` levels."""
    count = 0

    def parse(items: Any, depth: int) -> tuple[NavEntry, ...]:
        nonlocal count
        if depth > MAX_NAV_DEPTH:
            raise ValueError(f"nav is nested deeper than {MAX_NAV_DEPTH} levels")
        entries: list[NavEntry] = []
        for item in items or ():
            count += 1
            if count > MAX_NAV_ENTRIES:
                raise ValueError(f"nav has more than {MAX_NAV_ENTRIES:,} entries "
                                 "(YAML aliases that repeat a list?)")
            if isinstance(item, str):
                entries.append(_leaf(None, item))
            elif isinstance(item, Mapping):
                for title, value in item.items():
                    if isinstance(value, str):
                        entries.append(_leaf(str(title), value))
                    elif isinstance(value, list):
                        entries.append(NavEntry(title=str(title), children=parse(value, depth + 1)))
        return tuple(entries)

    return parse(raw, 0)


def _leaf(title: str | None, value: str) -> NavEntry:
    value = value.strip()
    if value.startswith("..."):
        # awesome-pages: "... | glob" (or a bare "...": everything else)
        pattern = value[3:].strip().lstrip("|").strip() or "*"
        return NavEntry(title=title, glob=_docname(pattern))
    if re.match(r"^[a-z]+://", value):
        return NavEntry(title=title)  # an external link: no page
    return NavEntry(title=title, doc=_docname(value))


_ABBR_RE = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<text>.*)$")


def read_glossary(text: str) -> list[tuple[str, str]]:
    """``*[TERM]: definition`` lines (Python-Markdown's abbr syntax)."""
    return [(m["term"].strip(), m["text"].strip())
            for m in map(_ABBR_RE.match, text.splitlines()) if m]


def _extension_config(raw: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for entry in raw or ():
        if isinstance(entry, str):
            out[entry] = {}
        elif isinstance(entry, Mapping):
            for name, conf in entry.items():
                out[str(name)] = conf or {}
    return out


def load_site(path: Path) -> Site:
    """Read ``mkdocs.yml``; raises OSError or ValueError with a reason."""
    with open(path, encoding="utf-8") as f:
        try:
            data = yaml.load(f, Loader=TolerantLoader)  # noqa: S506 (a SafeLoader)
        except yaml.YAMLError as error:
            raise ValueError(f"not valid YAML: {error}") from error
    if not isinstance(data, Mapping):
        raise ValueError("not a mapping")
    base = path.parent
    extensions = _extension_config(data.get("markdown_extensions"))
    glossary: list[tuple[str, str]] = []
    files: list[str] = []
    snippets = extensions.get("pymdownx.snippets") or {}
    base_paths = snippets.get("base_path") or ["."]
    if isinstance(base_paths, str):
        base_paths = [base_paths]
    for name in snippets.get("auto_append") or ():
        for base_path in base_paths:
            candidate = (base / base_path / name).resolve()
            if candidate.is_file():
                files.append(str(candidate))
                glossary.extend(read_glossary(candidate.read_text(encoding="utf-8")))
                break
    theme = data.get("theme") or {}
    return Site(
        path=str(path.resolve()),
        docs_dir=str((base / str(data.get("docs_dir") or "docs")).resolve()),
        site_name=str(data.get("site_name") or ""),
        language=str(theme.get("language") or "") if isinstance(theme, Mapping) else "",
        nav=parse_nav(data.get("nav")),
        glossary=tuple(glossary),
        glossary_files=tuple(files),
        extensions=tuple(extensions),
    )


# --------------------------------------------------------------------------
# navigation -> toctrees


@dataclass(frozen=True)
class TocEntry:
    title: str | None
    doc: str


@dataclass(frozen=True)
class Toctree:
    caption: str | None
    entries: tuple[TocEntry, ...]


def _glob(pattern: str, docs: Iterable[str]) -> list[str]:
    import fnmatch

    return sorted(d for d in docs if fnmatch.fnmatchcase(d, pattern)
                  and posixpath.dirname(d) == posixpath.dirname(pattern))


def _section_index(entry: NavEntry) -> str | None:
    """The page a section opens on (MkDocs' navigation.indexes): its
    ``index`` child, if it has one."""
    for child in entry.children:
        if child.doc and posixpath.basename(child.doc) == "index":
            return child.doc
    return None


def plan_toctrees(nav: tuple[NavEntry, ...], found_docs: Iterable[str],
                  root_doc: str) -> dict[str, tuple[Toctree, ...]]:
    """Which hidden toctrees to append to which page so that the toctree
    follows ``nav`` and every page is reachable.

    A section with an index page hangs below that page; a section without
    one becomes a captioned toctree of its parent. Pages that nav does not
    name hang below the nearest index page of their folder (or of a folder
    above it), or the root.
    """
    docs = set(found_docs)
    plan: dict[str, list[Toctree]] = {}
    placed: set[str] = {root_doc}

    def entries_of(children: tuple[NavEntry, ...], host: str) -> list[TocEntry]:
        out: list[TocEntry] = []
        for child in children:
            if child.glob is not None:
                for doc in _glob(child.glob, docs):
                    if doc not in placed and doc != host:
                        placed.add(doc)
                        out.append(TocEntry(None, doc))
            elif child.children:
                index = _section_index(child)
                if index and index in docs and index not in placed:
                    placed.add(index)
                    out.append(TocEntry(child.title, index))
                    rest = tuple(c for c in child.children if c.doc != index)
                    add(index, None, rest)
                else:
                    add(host, child.title, child.children)
            elif child.doc and child.doc in docs and child.doc not in placed and child.doc != host:
                placed.add(child.doc)
                out.append(TocEntry(child.title, child.doc))
        return out

    def add(host: str, caption: str | None, children: tuple[NavEntry, ...]) -> None:
        entries = entries_of(children, host)
        if entries:
            plan.setdefault(host, []).append(Toctree(caption, tuple(entries)))

    add(root_doc, None, nav)

    # pages nav does not name: below the nearest index page of their folder
    # or one above it, placed by nav or not (a folder nav does not name,
    # with an index page, hangs below the index above it as a whole)
    hosts = {d for d in placed | docs if posixpath.basename(d) == "index"}
    orphans: dict[str, list[TocEntry]] = {}
    for doc in sorted(docs - placed):
        folder = posixpath.dirname(doc)
        host = root_doc
        while True:
            candidate = posixpath.join(folder, "index") if folder else "index"
            if candidate in hosts and candidate != doc:
                host = candidate
                break
            if not folder:
                break
            folder = posixpath.dirname(folder)
        orphans.setdefault(host, []).append(TocEntry(None, doc))
    for host, entries in orphans.items():
        plan.setdefault(host, []).append(Toctree(None, tuple(entries)))
    return {host: tuple(trees) for host, trees in plan.items()}


def toctree_markdown(trees: tuple[Toctree, ...]) -> str:
    """MyST source of hidden toctrees, appended at the end of a page."""
    out = []
    for tree in trees:
        lines = ["", "```{toctree}", ":hidden:"]
        if tree.caption:
            lines.append(f":caption: {tree.caption}")
        lines.append("")
        for entry in tree.entries:
            title = (entry.title or "").replace("<", "").replace(">", "").strip()
            lines.append(f"{title} </{entry.doc}>" if title else f"/{entry.doc}")
        lines.append("```")
        out.append("\n".join(lines))
    return "\n" + "\n".join(out) + "\n"
