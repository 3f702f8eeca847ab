"""Downloads of a list: its rows as CSV, XLSX or ODS, next to the page.

``InteractiveLists`` (``interactive.py``) puts the links under each list
that a query made (an item page's own relations get none) and marks the
list's container with the files' base name; ``write_downloads`` writes the
files on ``html-page-context``, which Sphinx emits in the writer, so with
``-j N`` the worker processes write them in parallel. A download holds the
list's rows with the id, title, URN, law (lists of vereisten) and every
label the rows carry, not only the shown ones, so a reader can filter
further in their own tools. The file formats are ``spreadsheets.py``.
"""

from __future__ import annotations

import html
import os
import posixpath
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from sphinx_algokader import spreadsheets
from sphinx_algokader.changes import COLUMN as CHANGE_COLUMN
from sphinx_algokader.changes import change_marks
from sphinx_algokader.columns import COLUMNS, URN_HEADER, CellContext
from sphinx_algokader.dates import describe
from sphinx_algokader.i18n import _
from sphinx_algokader.index import Index, Row, get_index, list_rows, list_use
from sphinx_algokader.model import Item
from sphinx_algokader.nodes import LIST_ID_PREFIX
from sphinx_algokader.resolve import resolved_list
from sphinx_algokader.spec import ListSpec
from sphinx_algokader.table import algokader_html, algokader_table, hidden_name
from sphinx_algokader.vocabulary import get_vocabulary


#: builders that get the HTML extras and downloads: not EPUB (no scripts in
#: e-readers) and not singlehtml (one page: downloads would have no page to
#: sit next to)
BUILDERS = ("html", "dirhtml")
#: the container attribute naming a list's download files (without extension)
BASE_KEY = "algokader_download"


def download_formats(config: Config) -> list[str]:
    return [f for f in spreadsheets.FORMATS if f in config.algokader_downloads]


def download_base(docname: str, list_id: str) -> str:
    """The name of a list's download files, without their extension: the
    page's file name, then the list's id (``ontwikkelen.algokader-vereisten-1``)."""
    return f"{posixpath.basename(docname)}.{list_id}"


def add_download_links(container: nodes.Element, docname: str, list_id: str,
                       config: Config, label: str = "") -> None:
    """Links to the downloads of a list or a records view, at the end of its
    container; ``label``, its table's name, names them for screen readers."""
    formats = download_formats(config)
    if not formats:
        return
    base = download_base(docname, list_id)
    href = html.escape(quote(base))  # a page name may hold "#", "?" or spaces
    name = hidden_name(label)
    links = " ".join(f'<a href="{href}.{ext}" download>'
                     f"{spreadsheets.FORMATS[ext]}{name}</a>" for ext in formats)
    container += algokader_html(html=f'<p class="algokader-downloads">'
                                     f'{html.escape(_("Download"))}: {links}</p>')
    container[BASE_KEY] = base


def download_table(spec: ListSpec, rows: Sequence[Row], ctx: CellContext,
                   memo: dict[tuple[str, bool, bool, tuple[str, ...]], list[str]] | None = None
                   ) -> spreadsheets.Table:
    """Header and rows: id, title, URN, law and the dates from which it
    applies (vereisten), the change since the previous edition where the
    list shows it (``ctx.changes``), then every label key the rows carry
    (the vocabulary's keys first, in its order), as raw values and ISO
    dates so that other tools can match them.

    ``memo`` keeps an item's row for a set of label keys, for the other
    lists that show it."""
    vocabulary, language = ctx.vocabulary, ctx.language
    keys_present = {k for row in rows if isinstance(row, Item) for k in row.labels}
    keys = [k for k in vocabulary.labels if k in keys_present]
    keys += sorted(keys_present - set(keys))
    law = spec.kind == "vereiste"  # only requirements have a law and dates
    header = [COLUMNS["id"].header_text(spec.kind, vocabulary, language),
              COLUMNS["title"].header_text(spec.kind, vocabulary, language),
              URN_HEADER.pick(language)]
    if law:
        header += [COLUMNS[key].header_text(spec.kind, vocabulary, language)
                   for key in ("wetcode", "geldt-vanaf")]
    change = CHANGE_COLUMN in spec.columns
    if change:
        header.append(COLUMNS[CHANGE_COLUMN].header_text(spec.kind, vocabulary, language))
    header += [vocabulary.key_name(k, language) for k in keys]
    shape = tuple(keys)
    if memo is None:
        memo = {}
    body = []
    for row in rows:
        if isinstance(row, str):
            body.append(["", row, ""] + [""] * (len(header) - 3))
            continue
        cells = memo.get((row.docname, law, change, shape))
        if cells is None:
            cells = [row.code, row.title, row.urn]
            if law:
                cells.append(COLUMNS["wetcode"].text(row, ctx))
                cells.append(describe(row.applies_from, language, iso=True))
            if change:  # the mark as a value: nieuw, gewijzigd, hergebruikt
                cells.append(ctx.changes.get(row.docname, ""))
            cells += [", ".join(row.labels.get(k, ())) for k in keys]
            memo[(row.docname, law, change, shape)] = cells
        body.append(cells)
    return header, body


def write_downloads(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    """Write the download files of every list on a page, next to the page,
    and remove the page's downloads of lists it no longer has."""
    if doctree is None or app.builder.name not in BUILDERS:
        return
    lists = [container for container in doctree.findall(nodes.container)
             if BASE_KEY in container]
    # the page's own folder (dirhtml: "page/index.html"), as a file path:
    # its URI is quoted ("Map%20een/"), which names another folder on disk
    folder = Path(app.builder.get_outfilename(pagename)).parent
    index = get_index(app.env)
    formats = download_formats(app.config)
    _remove_stale(index, folder, posixpath.basename(pagename),
                  {container[BASE_KEY] for container in lists}, formats)
    if not lists:
        return
    folder.mkdir(parents=True, exist_ok=True)
    ctx = CellContext(get_vocabulary(app.config.algokader_vocabulary), app.config.language,
                      index.day)
    with_changes: CellContext | None = None  # with the edition's marks: made once needed
    memo = index.memo("downloads.rows")
    for container in lists:
        found = resolved_list(container)
        if found is None:  # a records view: its table as shown
            # (below the view, not always its child: Furo wraps each table)
            shown = next(container.findall(algokader_table), None)
            if shown is None:
                continue
            table: spreadsheets.Table = (shown["header"], shown["rows"])
        else:
            docname, position = found
            spec = list_use(app.env, docname, position).spec
            cells = ctx
            if CHANGE_COLUMN in spec.columns:
                if with_changes is None:
                    with_changes = CellContext(ctx.vocabulary, ctx.language, ctx.day,
                                               change_marks(app.env))
                cells = with_changes
            table = download_table(spec, list_rows(app.env, docname, position), cells, memo)
        spreadsheets.write(folder / container[BASE_KEY], table, formats)


def _remove_stale(index: Index, folder: Path, page: str, kept: set[str],
                  formats: Iterable[str]) -> None:
    """Remove ``page``'s download files in ``folder`` of lists it no longer
    shows (a table gone since the page was last written), or in a format
    no longer asked for (``algokader_downloads`` narrowed), so that no old
    record stays published beside it. The folder is listed once per build
    (and per process), its names grouped by page: a page looks at its own
    files only, not at every file of a folder of many pages."""
    listings = index.memo("downloads.folders")
    by_page = listings.get(folder)
    if by_page is None:
        try:
            names = [entry.name for entry in os.scandir(folder)]
        except OSError:  # not written yet: nothing is stale
            names = []
        by_page = listings[folder] = _by_page(names)
    for name in by_page.get(page, ()):
        base, _, suffix = name.rpartition(".")
        if suffix in spreadsheets.FORMATS and (base not in kept or suffix not in formats):
            (folder / name).unlink(missing_ok=True)


#: what follows a page's file name in its download files' names (``download_base``)
_PAGE_END = download_base("", LIST_ID_PREFIX)


def _by_page(names: Iterable[str]) -> dict[str, list[str]]:
    """File names by the page whose download files they may be: each name
    under every text that ``_PAGE_END`` follows in it (one, unless a page's
    own name holds it too)."""
    pages: dict[str, list[str]] = {}
    for name in names:
        at = name.find(_PAGE_END)
        while at >= 0:
            pages.setdefault(name[:at], []).append(name)
            at = name.find(_PAGE_END, at + 1)
    return pages


def setup(app: Sphinx) -> None:
    # CSV by default; XLSX and ODS on request: writing them costs more than
    # the rest of a list (see benchmarks/README.md)
    app.add_config_value("algokader_downloads", ["csv"], "html", types=frozenset({list, tuple}))
    app.connect("html-page-context", write_downloads)
