"""A list's table: one node for every builder.

``make_table`` turns the rows of a list into one ``algokader_table`` node:
the header, the cell texts of each row (made by the ``Column`` records of
``columns.py``) and the page each row's title links to. What happens next
depends on the builder's format:

* HTML (html, dirhtml, singlehtml, epub): the node's visitor writes the
  markup a docutils table would give (``docutils align-default``,
  ``row-even``/``row-odd``, ``<p>`` in cells, ``reference internal``
  links, made with ``builder.get_relative_uri`` as ``sphinx.ext.todo``
  makes its links), so themes, the script and the style sheet see no
  difference. This is the fast path: a list of a hundred rows would
  otherwise be some 1,500 docutils nodes that every later post-transform
  walks, Sphinx resolves one link at a time and the writer visits node by
  node (``benchmarks/README.md``). The visitor runs in the writer, so with
  ``-j N`` it runs in the worker processes. In html, dirhtml and
  singlehtml the rows wait in the doctree until ``html-page-context``
  (``defer_html``, ``restore_rows``), out of the arguments Sphinx takes
  ``repr()`` of.
* Every other builder (LaTeX, text, man, texinfo, xml): ``ExpandTables``, a
  post-transform at priority 7 (after the lists are resolved, before
  Sphinx's ReferencesResolver at 10), replaces the node with a plain
  docutils ``table`` whose title links are ``pending_xref`` nodes, which
  Sphinx resolves for that builder.

The node subclasses ``nodes.table`` so that the HTML writer renders its
caption (``title`` child) as for any table: number, ``caption-text`` and
permalink included.

Long words: the headers, and the cells of columns that show names of the
vocabulary (``hyphenate``), get soft hyphens where the vocabulary's
hyphenation list says their words may break (``Vocabulary.hyphenate``), in
HTML and LaTeX only: a browser without a Dutch hyphenation dictionary then
still breaks "Levens-cyclus" with a hyphen, and never between two letters
(``docs/howto/style-tables.md``). In HTML the table sits in a scroll region
of its own (``algokader-scroll``: named, and focusable; the script keeps it
a Tab stop only while it scrolls) so that a table too
wide for a phone scrolls sideways instead of squeezing its words; the
colgroup gives a column of names what its longest word needs where the
title column can spare it (``html_widths``), and each header says how wide
its column's longest word is (``--algokader-word``, ``--algokader-head``)
for the style sheet's minimum widths. In LaTeX the cells are ragged right,
and TeX breaks the names where the same list says (``config.py`` gives it
the list as hyphenation exceptions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from itertools import repeat
from operator import itemgetter
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from sphinx_algokader.columns import COLUMNS, KIND_NAMES, CellContext
from sphinx_algokader.index import Index, Row, get_index
from sphinx_algokader.model import RELATION_KEYS
from sphinx_algokader.nodes import builder_is
from sphinx_algokader.spec import ListSpec
from sphinx_algokader.vocabulary import Name, Vocabulary, get_vocabulary

#: classes of a list's table: colwidths-given applies the column widths in
#: HTML (colgroup) and LaTeX (\X{n}{total}) alike; longtable makes a list
#: break across PDF pages and repeat its header row
TABLE_CLASSES = ("algokader-table", "colwidths-given", "longtable")
#: classes of a list's row, and of a row naming a relation that is no item
ROW_CLASSES = "algokader-row"
DANGLING_ROW_CLASSES = "algokader-row algokader-dangling"
#: the name of a list's scroll region (HTML) when the list has no caption
REGION_LABELS: dict[str, Name] = {
    "vereiste": Name("Lijst van vereisten", "List of requirements"),
    "maatregel": Name("Lijst van maatregelen", "List of measures"),
    "hulpmiddel": Name("Lijst van hulpmiddelen", "List of tools"),
}


class algokader_table(nodes.table):  # noqa: N801 (docutils style)
    """A list's table. Attributes, all plain data:

    ``docname`` (the page it is on), ``widths`` (relative column widths),
    ``header`` (column titles), ``rows`` (per row, its cell texts),
    ``targets`` (per row, the page its ``link`` column links to, or ""),
    ``link`` (the index of the column that links, or -1) and
    ``row_classes`` (per row, its classes). Optional: ``column_classes``
    (per column, classes of its cells) and ``cell_links`` (per row, per
    column, a tuple of ``(text, target, kind)`` tuples: links shown in that cell
    instead of its text, to a page (kind ``doc``; its docname, optionally
    with ``#fragment``, which only HTML keeps) or a URL (``url``); the
    records views use them for evidence and requirements), ``hyphenate``
    (per column, whether its cells are names to hyphenate), ``label``
    (the name of its scroll region in HTML) and ``repeats_records`` (true
    when its rows repeat compliance records shown on their own pages: their
    URLs are left to those pages' tables for linkcheck). Its only child is an optional
    ``title`` (the caption).
    """

    def cell_texts(self) -> list[list[str]]:
        """The body rows as cell texts (what a reader sees)."""
        return [list(row) for row in self["rows"]]

    def astext(self) -> str:
        lines = ["\t".join(self["header"])]
        lines += ["\t".join(row) for row in self["rows"]]
        return "\n".join(lines)


def region_label(index: Index, spec: ListSpec, ctx: CellContext) -> str:
    """What a screen reader calls a list without a caption: its kind and its
    filters in words ("Lijst van vereisten: Levenscyclus Ontwerp", "List of
    measures: Requirement aia-01"), so that two lists of one page have
    different names."""
    vocabulary, language = ctx.vocabulary, ctx.language

    def words(key: str, value: str) -> str:
        if key in RELATION_KEYS:  # a relation: the item by its code
            item = index.resolve(key, value)
            return f"{KIND_NAMES[key].pick(language)} {item.code if item else value}"
        return f"{vocabulary.key_name(key, language)} {vocabulary.value_name(key, value, language)}"

    label = REGION_LABELS[spec.kind].pick(language)
    filters = [words(key, value) for key, value in spec.filters]
    return f"{label}: {'; '.join(filters)}" if filters else label


def table_label(container: nodes.Element) -> str:
    """The name of the scroll region of the table of a list or records view
    in ``container`` (its caption, or what it shows): "" without a table."""
    table = next(iter(container.findall(algokader_table)), None)
    return table.get("label", "") if table is not None else ""


def hidden_name(label: str) -> str:
    """What a control of a table (its search box, its download links) adds
    to its visible text for a screen reader: the table's name, so that two
    lists of one page give no two controls of one name; "" without one."""
    return (f'<span class="algokader-visually-hidden"> ({escape(label, quote=False)})</span>'
            if label else "")


def make_table(index: Index, spec: ListSpec, rows: Sequence[Row], fromdoc: str, table_id: str,
               ctx: CellContext, root_doc: str) -> algokader_table:
    columns = [COLUMNS[key] for key in spec.columns or ("title",)]
    link = next((n for n, column in enumerate(columns) if column.link), -1)
    # An item shows the same cells in every list with the same columns:
    # (docname, column keys) -> its cell texts, made once per build
    memo = index.memo("table.cells")
    shape = tuple(column.key for column in columns)
    texts: list[tuple[str, ...]] = []
    targets: list[str] = []
    classes: list[str] = []
    for row in rows:
        if isinstance(row, str):  # a relation naming no item: its name, as text
            texts.append(tuple(row if column.key == "title" else "" for column in columns))
            targets.append("")
            classes.append(DANGLING_ROW_CLASSES)
            continue
        cells = memo.get((row.docname, shape))
        if cells is None:
            cells = memo[(row.docname, shape)] = tuple(
                column.text(row, ctx) for column in columns)
        texts.append(cells)
        # the root document's title has no target in LaTeX: no link to it
        targets.append(row.docname if row.docname != root_doc else "")
        classes.append(ROW_CLASSES)
    table = algokader_table(
        ids=[table_id], classes=list(TABLE_CLASSES), docname=fromdoc,
        widths=[column.width for column in columns],
        header=[column.header_text(spec.kind, ctx.vocabulary, ctx.language) for column in columns],
        rows=texts, targets=targets, link=link, row_classes=classes,
        hyphenate=[column.hyphenate for column in columns],
        label=spec.caption or region_label(index, spec, ctx))
    if spec.caption:
        table += nodes.title(spec.caption, spec.caption)
    return table


# --------------------------------------------------------------------------
# HTML: the node written directly


#: estimates, in em: the width of a letter of a cell and of a (bold) header,
#: and the padding of a cell
LETTER_EM, HEADER_LETTER_EM, PADDING_EM = 0.6, 0.66, 1.5
#: the width (em) of the table that the HTML column widths are made for: the
#: text column of Furo, Read the Docs, PyData and Alabaster is 40 to 46em
NOMINAL_EM = 45.0
#: at most the share (%) of the table a column of names takes for its
#: longest word, and the part of its own share the title column keeps
NAME_SHARE, TITLE_KEEPS = 26.0, 0.8
_WORDS_RE = re.compile(r"\s+|(?<=[-/])")
#: what stands between the names of a cell (``columns.py`` joins them so)
NAME_SEPARATOR = ", "


def _longest_word(texts: Iterable[str], memo: dict[str, int] | None = None) -> int:
    """The letters of the longest word of ``texts``: what cannot break
    without a hyphen (a line may break after "-" and "/"). ``memo``: text
    -> its longest word, for texts that repeat from table to table."""
    if memo is None:
        memo = {}
    longest = 0
    for text in texts:
        found = memo.get(text)
        if found is None:
            found = memo[text] = max((len(w) for w in _WORDS_RE.split(text)), default=0)
        longest = max(longest, found)
    return longest


def word_widths(node: algokader_table, memo: dict[str, int] | None = None) -> list[float]:
    """Per column, the width (em) of its longest whole word: its header's,
    or, in a column of names, a cell's (the other cells never break inside
    a word, so the browser keeps them whole by itself)."""
    hyphenate = node.get("hyphenate") or [False] * len(node["widths"])
    # (a column of names repeats a few: each looked at once)
    return [max(_longest_word([header], memo) * HEADER_LETTER_EM,
                _longest_word(set(map(itemgetter(n), node["rows"])), memo) * LETTER_EM
                if names else 0.0)
            for n, (header, names) in enumerate(zip(node["header"], hyphenate))]


def html_widths(node: algokader_table, words: Sequence[float]) -> list[float]:
    """The column widths (%) of the HTML colgroup: the relative widths the
    table was made with, except that a column of names gets what its
    longest word needs in a table of ``NOMINAL_EM`` (up to ``NAME_SHARE``):
    a column whose names are short gives up what it does not need, and the
    title column what it can spare (down to ``TITLE_KEEPS`` of its width);
    that goes to the columns that need it, the least needy first, and what
    is left to the title. The browser's table layout does the rest: no
    column narrower than its longest unbreakable piece of text."""
    total = sum(node["widths"]) or 1
    widths = [w * 100.0 / total for w in node["widths"]]
    title = node["link"]
    names = node.get("hyphenate") or [False] * len(widths)
    if title < 0 or not any(names):
        return widths
    needs = {n: min(NAME_SHARE, (word + PADDING_EM) * 100.0 / NOMINAL_EM)
             for n, word in enumerate(words) if names[n]}
    pool = widths[title] * (1 - TITLE_KEEPS)
    widths[title] -= pool
    for n, need in needs.items():
        if need < widths[n]:
            pool += widths[n] - need
            widths[n] = need
    wanting = sorted((n for n, need in needs.items() if need > widths[n]),
                     key=lambda n: needs[n] - widths[n])
    for left, n in enumerate(wanting):
        give = min(needs[n] - widths[n], pool / (len(wanting) - left))
        widths[n] += give
        pool -= give
    widths[title] += pool
    return widths


def html_escape(text: str, quote: bool = True) -> str:
    """``html.escape``, four times as fast for a text that holds nothing to
    escape, as nearly all cells do (``escape`` makes three or five passes
    with ``str.replace``, each costing more than a search).

    A character beyond Latin-1 (a typographic apostrophe that Sphinx's
    smart quotes put in a title) is written as a character reference
    (``&#8217;``): one such character makes Python hold the whole page as
    two bytes a character, and every copy and the encoding of the page
    then cost more (three in five of the records benchmark's algorithm pages
    had one)."""
    if "&" in text or "<" in text or ">" in text or quote and ('"' in text or "'" in text):
        text = escape(text, quote)
    if not text.isascii() and max(text) > "\xff":
        return text.encode("latin-1", "xmlcharrefreplace").decode("latin-1")
    return text


def _hyphenated(builder: Any) -> tuple[Vocabulary, str | None, dict[str, str]]:
    """The vocabulary and language that hyphenate a table, and the build's
    memo of hyphenated and escaped texts."""
    config = builder.config
    return (get_vocabulary(config.algokader_vocabulary), config.language,
            get_index(builder.env).memo("table.hyphenated"))


#: where a URL or path shown as text may break, in HTML (``<wbr />``) and
#: LaTeX (a zero-width space) alike: after "/", ".", "?", "=", "&", "#",
#: "_" and "-" unless a "/" follows, and before a "%" escape (an intranet
#: address such as ``?id=%2Fsites%2Fbeleid`` has no other place to break)
_URL_BREAK_RE = re.compile(r"(?<=[/.?=&#_-])(?=[^/])|(?<=.)(?=%)")
#: the characters after which ``_URL_BREAK_RE`` breaks
_BREAK_AFTER = "/.?=&#_-"


def url_breaks(url: str, mark: str) -> str:
    """``url`` with ``mark`` where ``_URL_BREAK_RE`` says it may break:
    ``_URL_BREAK_RE.sub(mark, url)``, made with a few ``str.replace``.
    The regular expression tries its lookbehinds at every character, some
    900 machine instructions each: for the 7,000 evidence URLs of a hundred
    algorithms' records 0.2 G (``benchmarks/README.md``, step 7). A URL
    that holds ``mark`` or a line break (which the rule's ``.`` does not
    match) takes the regular expression."""
    if mark in url or "\n" in url:
        return _URL_BREAK_RE.sub(mark, url)
    text = url
    for char in _BREAK_AFTER:  # after each of these ...
        if char in text:
            text = text.replace(char, char + mark)
    if "%" in text:  # ... and before a "%" (once, where both say so) ...
        text = text.replace("%", mark + "%").replace(mark + mark, mark)
    if mark + "/" in text:  # ... but not before a "/" ...
        text = text.replace(mark + "/", "/")
    # ... nor before the first character or after the last
    return text.removeprefix(mark).removesuffix(mark)


def _url_html(url: str) -> str:
    """A URL shown as text, escaped, that may break where
    ``_URL_BREAK_RE`` says (``<wbr />``) and nowhere else. Written as
    XHTML (``/>``), as Sphinx writes its void elements: EPUB pages are XML,
    and an unclosed ``<wbr>`` would end them at the first URL. (Escaped
    in one go, the breaks marked by a NUL: front matter and status files
    hold none, as they keep no control character.)"""
    if "\0" in url:
        return "<wbr />".join(html_escape(part, quote=False)
                              for part in _URL_BREAK_RE.split(url))
    return html_escape(url_breaks(url, "\0"), quote=False).replace("\0", "<wbr />")


def visit_html(self: HTML5Translator, node: algokader_table) -> None:
    # the scroll region: a table too wide for the page scrolls in it, by
    # keyboard too; its name is the caption or what the list shows
    label = node.get("label")
    name = f' aria-label="{escape(label)}"' if label else ""
    self.body.append(f'<div class="algokader-scroll" role="region" tabindex="0"{name}>\n')
    # a theme that wraps tables in an element of its own (Furo) gives the
    # table's ids to that element: an id names one element only
    parent = node.parent
    if node["ids"] and parent is not None and set(node["ids"]) <= set(parent.get("ids", ())):
        node = node.copy()
        node["ids"] = []
    # the classes Sphinx's own visit_table gives a table
    classes = [c.strip(" \t\n") for c in self.settings.table_style.split(",")]
    classes = ["docutils", *(c for c in classes if c), "align-default"]
    self.body.append(self.starttag(node, "table", CLASS=" ".join(classes)))


#: builders whose pages pass ``html-page-context`` with the doctree the
#: translator wrote (``StandaloneHTMLBuilder.write_doc``): the extension's
#: bulky HTML waits for that event there (``defer_html``)
DEFERRING_BUILDERS = ("html", "dirhtml", "singlehtml")
#: the doctree attribute holding a page's deferred HTML, and its placeholder
DEFERRED_KEY = "algokader_deferred_html"
_DEFERRED_RE = re.compile(r"<!--algokader-deferred (\d+) (\d+)-->")


def defer_html(self: HTML5Translator, html: str) -> None:
    """Write ``html``, HTML of the extension's own (a table's rows, a view's
    chart, a list's or view's controls, download links and data island),
    into the page's body; in html, dirhtml and singlehtml as a placeholder
    until ``html-page-context`` (``restore_rows``).

    Sphinx takes repr() of every event's arguments, for a debug message,
    before it calls a listener; html-page-context's hold the page's whole
    body. For a page of long tables that repr was most of what Sphinx did
    with it (benchmarks/README.md, step 7), and repr() costs some fifty
    machine instructions a character, so what is long waits."""
    if self.builder.name not in DEFERRING_BUILDERS:
        self.body.append(html)
        return
    deferred = self.document.setdefault(DEFERRED_KEY, [])
    # named by the list's id too, which no page's own comment can know
    self.body.append(f"<!--algokader-deferred {id(deferred)} {len(deferred)}-->")
    deferred.append(html)


class algokader_html(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """HTML of the extension's own that is no content of the page (attribute
    ``html``): a list's or records view's controls, download links and
    filter data island. Only html and dirhtml pages get it.

    A node of its own, not raw HTML, so that its visitor can keep it out of
    what Sphinx takes ``repr()`` of (``defer_html``): docutils writes a raw
    node itself. (Sphinx's search index never sees either: the containers
    of lists and views are ``no-search``.)"""


def _visit_own_html(self: HTML5Translator, node: algokader_html) -> None:
    defer_html(self, node["html"])
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def depart_html(self: HTML5Translator, node: algokader_table) -> None:
    if self.builder.name not in DEFERRING_BUILDERS:
        _write_rows(self, node, self.body)
        return
    rows: list[str] = []
    _write_rows(self, node, rows)
    defer_html(self, "".join(rows))


def restore_rows(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Put the deferred HTML (``defer_html``) in place of its placeholders,
    first thing on ``html-page-context`` (before any other listener reads
    the body)."""
    # (another caller of handle_page may pass something else, or nothing)
    deferred = (doctree.attributes.pop(DEFERRED_KEY, None)
                if isinstance(doctree, nodes.Element) else None)
    if deferred:
        def rows(found: re.Match[str]) -> str:
            if int(found[1]) != id(deferred):  # a page's own comment of this form
                return found[0]
            return deferred[int(found[2])]

        context["body"] = _DEFERRED_RE.sub(rows, context["body"])


def _write_rows(self: HTML5Translator, node: algokader_table, out: list[str]) -> None:
    words = word_widths(node, get_index(self.builder.env).memo("table.longest_words"))
    out.append("<colgroup>\n")
    out.extend(f'<col style="width: {w:.1f}%" />\n' for w in html_widths(node, words))
    vocabulary, language, hyphenated = _hyphenated(self.builder)
    hyphenate = node.get("hyphenate") or [False] * len(node["widths"])

    def html_text(text: str, names: bool) -> str:
        """``text`` escaped; names hyphenated, and, when a cell holds
        several, each in a span that keeps it whole on a line of its own
        where it fits (``algokader-name``): so a name is hyphenated only
        when the column is narrower than it, never to fill a line."""
        if not names:
            # a short code (avg-10) stays on one line (text with a space,
            # or without a hyphen, is none: no regular expression for it)
            if "-" in text and " " not in text and _CODE_RE.fullmatch(text):
                return f'<span class="algokader-nobreak">{html_escape(text, quote=False)}</span>'
            return html_escape(text, quote=False)
        html = hyphenated.get(text)
        if html is None:
            parts = [html_escape(vocabulary.hyphenate(part, language), quote=False)
                     for part in text.split(NAME_SEPARATOR)]
            html = hyphenated[text] = parts[0] if len(parts) == 1 else " ".join(
                f'<span class="algokader-name">{part}{"," if n < len(parts) - 1 else ""}</span>'
                for n, part in enumerate(parts))
        return html

    out.append('</colgroup>\n<thead>\n<tr class="row-odd">')
    for column, h in enumerate(node["header"]):
        # how wide its longest word is, for the style sheet: of a column of
        # names (--algokader-word), or of another column's header
        var = "--algokader-word" if hyphenate[column] else "--algokader-head"
        style = f' style="{var}: {words[column]:.1f}em"' if words[column] else ""
        head = "head algokader-col-title" if column == node["link"] else "head"
        out.append(f'<th class="{head}"{style}><p>{html_text(h, True)}</p></th>\n')
    out.append("</tr>\n</thead>\n<tbody>\n")
    fromdoc = node["docname"]
    builder = self.builder
    # A link from a page depends on the page only through its folder (the
    # base URI up to its last "/"), except a link to the page itself: links
    # are made once per folder and target, and kept for the build
    # ((folder, target) -> escaped relative URI).
    folder = builder.get_target_uri(fromdoc).rpartition("/")[0]
    uris = get_index(builder.env).memo("table.uris")
    link = node["link"]
    column_classes = node.get("column_classes")
    cell_starts = [f'<td class="{escape(c)}">' if c else "<td>"
                   for c in column_classes] if column_classes else None
    cell_links = node.get("cell_links")

    def page_link(target: str, html: str, fragment: str = "") -> str:
        """A link to a page (to the element ``fragment`` names on it),
        showing ``html``, as Sphinx writes a :doc: link."""
        uri = uris.get((folder, target)) if target != fromdoc else None
        if uri is None:
            uri = escape(builder.get_relative_uri(fromdoc, target))
            if target != fromdoc:
                uris[(folder, target)] = uri
        if fragment:  # singlehtml's page URIs are fragments themselves
            uri = f"{uri.partition('#')[0]}#{escape(fragment)}"
        return f'<a class="reference internal" href="{uri}"><span class="doc">{html}</span></a>'

    def link_html(text: str, target: str, kind: str) -> str:
        if kind == "url":
            return (f'<a class="reference external" href="{html_escape(target)}">'
                    f"{_url_html(text)}</a>")
        page, _, fragment = target.partition("#")
        if page not in builder.env.all_docs:
            return html_escape(text, quote=False)
        return page_link(page, html_escape(text, quote=False), fragment)

    cells_html = get_index(builder.env).memo("table.link_cells")
    # label cells and row classes repeat down a table: escape each text
    # once (per column kind: names are hyphenated, other text is not)
    escaped: tuple[dict[str, str], dict[str, str]] = ({}, {})
    row_starts: dict[tuple[str, int], str] = {}
    # per column: how its cells start (with their paragraph), the memo of its
    # escaped texts, whether they are names, whether the row's page link
    # goes there (a cell is taken with its column's shape and links by zip:
    # a table's cells are most of what a page of records writes)
    shapes = [((cell_starts[column] if cell_starts else "<td>") + "<p>",
               escaped[bool(hyphenate[column])], bool(hyphenate[column]), column == link)
              for column in range(len(node["header"]))]
    no_links = repeat(None)
    for n, (cells, target, classes) in enumerate(zip(node["rows"], node["targets"],
                                                     node["row_classes"])):
        start = row_starts.get((classes, n % 2))
        if start is None:
            parity = "row-even" if n % 2 == 0 else "row-odd"  # the header row is row-odd
            start = row_starts[(classes, n % 2)] = f'<tr class="{escape(f"{classes} {parity}")}">'
        out.append(start)
        for text, links, (td, memo, names, is_link) in zip(
                cells, cell_links[n] if cell_links else no_links, shapes):
            if links:
                # a cell of links to other pages reads the same from every
                # page of a folder: made once ((folder, links) -> its HTML);
                # a cell with a URL is a record's own, never seen again
                key = (folder, links)
                html = cells_html.get(key)
                if html is None:
                    html = ", ".join([link_html(*entry) for entry in links])
                    if all(entry[2] != "url" and entry[1].partition("#")[0] != fromdoc
                           for entry in links):
                        cells_html[key] = html
                out.append(f"{td}{html}</p></td>\n")
                continue
            html = memo.get(text)
            if html is None:
                html = memo[text] = html_text(text, names)
            if is_link and target:
                html = page_link(target, html)
            out.append(f"{td}{html}</p></td>\n")
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>\n")


# --------------------------------------------------------------------------
# every other builder: a plain docutils table


def latex_uri(url: str) -> str:
    """A URL as LaTeX's hyperref takes it: the characters no URL may hold
    as they are (``{`` ``}`` ``<`` ``>`` ``\\`` ``^`` `````` ``|`` ``"``, a
    space, a letter beyond ASCII) percent-encoded, as a browser sends them.
    Sphinx's writer escapes a brace in a URL with a backslash, which
    hyperref keeps: a SharePoint link's ``{GUID}`` led nowhere, and ``<``
    showed as ``\\textless``. The rest, ``%`` escapes included, stays."""
    return quote(url, safe="!#$%&'()*+,-./:;=?@[]_~")


def doc_link(target: str, fromdoc: str, content: nodes.Node, root_doc: str) -> nodes.Node:
    """A cross-reference to a whole document, resolved by Sphinx later.

    The root document's title has no target in LaTeX, so no link to it."""
    if target == root_doc:
        return content
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="doc", reftarget="/" + target,
        refdoc=fromdoc, refexplicit=True, refwarn=False,
    )
    ref += content
    return ref


def _entry(*children: nodes.Node) -> nodes.entry:
    return nodes.entry("", nodes.paragraph("", "", *children))


#: the class of a cell's text in LaTeX: ragged right (config.py defines
#: it), as a narrow column of Dutch names set justified gets wide gaps
RAGGED = "algokader-ragged"
#: the class of a URL in LaTeX (config.py defines it): set by the url
#: package, so never hyphenated (a hyphen in a printed URL is a wrong URL),
#: breaking after "/", ".", "?", "=", "&", "#", "_" and ":", and where
#: the column is narrower than the text between two of those, after any
#: letter or digit
URL = "algokader-url"


def _ragged(entry: nodes.entry) -> None:
    para = next(entry.findall(nodes.paragraph), None)
    if para is not None and para.children:
        para.children = [nodes.inline("", "", *para.children, classes=[RAGGED])]
        para.children[0].parent = para


_CODE_RE = re.compile(r"[a-z]+-\d+[a-z]?")


_AFTER_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _text(text: str, latex: bool = False, names: bool = False) -> nodes.Node:
    """A cell's text for writers other than HTML: a short code (``avg-10``)
    is kept on one line (class ``algokader-nobreak``; config.py defines it
    for LaTeX), and in LaTeX a path or URL may break where it may in HTML
    (``_URL_BREAK_RE``), and a word of a name after a hyphen may itself be hyphenated
    (``AI-verordening``: TeX hyphenates no word that follows a hyphen without
    a space between): zero-width spaces, which a text file would keep."""
    if _CODE_RE.fullmatch(text):
        return nodes.inline(text, text, classes=["algokader-nobreak"])
    if latex and "/" in text and " " not in text:
        text = url_breaks(text, "\u200b")
    elif latex and names:
        text = _AFTER_HYPHEN_RE.sub("-\u200b", text)
    return nodes.Text(text)


#: the most lines (estimated) a cell of a PDF table holds: a longtable breaks
#: between rows only, and a row taller than a page runs off its foot, its
#: text lost without a word; a longer cell's content goes to a note below
#: the table, and the cell says which (``docutils_table``)
MAX_CELL_LINES = 30
#: the letters of a line of small type across the whole text width
LINE_LETTERS = 95
#: what a cell whose content went to a note shows
NOTE_REFERENCE = Name("zie noot {n}", "see note {n}")


def _lines(texts: Sequence[str], share: float) -> int:
    """About how many lines ``texts`` take in a column of ``share`` of the
    text width (each starting on a line of its own, at worst)."""
    letters = max(6, int(share * LINE_LETTERS))
    return sum(-(-len(text) // letters) + text.count("\n") for text in texts)


def docutils_table(node: algokader_table, root_doc: str, latex: bool = False,
                   url_links: bool = True, language: str | None = None
                   ) -> tuple[nodes.table, nodes.enumerated_list | None]:
    """The same table as docutils nodes, for writers other than HTML. In
    LaTeX its cells are ragged right; TeX hyphenates their names where the
    vocabulary's list says (``config.latex_hyphenation``), and a cell too
    long for a page (``MAX_CELL_LINES``) refers to a note in the list that
    is returned with the table, which holds its content. Without
    ``url_links`` a URL is text."""
    fromdoc = node["docname"]
    names = node.get("hyphenate") or [False] * len(node["widths"])
    total = sum(node["widths"]) or 1
    shares = [width / total for width in node["widths"]]

    table = nodes.table(classes=list(node["classes"]), ids=list(node["ids"]))
    table.extend(node.children)  # the caption
    tgroup = nodes.tgroup(cols=len(node["widths"]))
    table += tgroup
    for width in node["widths"]:
        tgroup += nodes.colspec(colwidth=width)
    thead = nodes.thead()
    tgroup += thead
    header_row = nodes.row()
    for text in node["header"]:
        header_row += _entry(nodes.Text(text))
    thead += header_row
    tbody = nodes.tbody()
    tgroup += tbody
    link = node["link"]
    cell_links = node.get("cell_links")
    column_classes = node.get("column_classes") or [""] * len(node["widths"])
    notes = nodes.enumerated_list(enumtype="arabic", classes=["algokader-notes"])

    def links_paragraph(links: Sequence[tuple[str, str, str]]) -> nodes.paragraph:
        para = nodes.paragraph()
        for k, (link_text, link_target, kind) in enumerate(links):
            if k:
                para += nodes.Text(", ")
            if kind == "url" and latex and link_text == link_target:
                # \sphinxurl (the reference's text is its URL): never
                # hyphenated, and broken where URL_LATEX says
                uri = latex_uri(link_target)
                para += nodes.inline("", "", nodes.reference(
                    uri, uri, refuri=uri), classes=[URL])
                continue
            # what a link to a page shows (its title, or the entry as
            # written) is a name: in LaTeX its words after a hyphen may break
            # too ("AI-geletterdheid" overran a narrow column); a URL's text
            # breaks as a URL does
            shown = _text(link_text, latex, names=kind != "url")
            if kind == "url" and not url_links:
                para += shown
            elif kind == "url":
                para += nodes.reference("", "", shown, refuri=latex_uri(link_target)
                                        if latex else link_target)
            else:  # to the page: a :doc: reference takes no fragment
                para += doc_link(link_target.partition("#")[0], fromdoc,
                                 nodes.inline("", "", shown), root_doc)
        return para

    for n, (cells, target, classes) in enumerate(zip(node["rows"], node["targets"],
                                                     node["row_classes"])):
        row = nodes.row(classes=classes.split())
        row_links = cell_links[n] if cell_links else [()] * len(cells)
        too_long = [latex and _lines([t for t, _, _ in row_links[k]] if row_links[k] else [text],
                                     shares[k]) > MAX_CELL_LINES
                    for k, text in enumerate(cells)]
        for column, text in enumerate(cells):
            links = row_links[column]
            if links:
                entry = nodes.entry("", links_paragraph(links),
                                    classes=column_classes[column].split())
            elif column == link and target:
                title = (nodes.inline(text, "", _text(text, latex, names=True)) if latex
                         else nodes.inline(text, text))
                entry = _entry(doc_link(target, fromdoc, title, root_doc))
            else:
                entry = _entry(_text(text, latex, names[column])) if text else _entry()
            if latex and column != link and too_long[column]:
                # the cell's content as a note below the table, the cell says which
                # (the row by its title; a table without one, by its first
                # other cell that says something and is no note itself)
                name = cells[link] if link >= 0 else next(
                    (cell for k, cell in enumerate(cells)
                     if k != column and cell and not too_long[k]), "")
                content = entry.children[0]
                header = node["header"][column]
                note = nodes.paragraph("", "", nodes.strong(
                    "", f"{name} ({header}): " if name else f"{header}: "), *content.children)
                notes += nodes.list_item("", note)
                shown = NOTE_REFERENCE.pick(language).format(n=len(notes))
                entry = _entry(nodes.Text(shown))
                entry["classes"] = column_classes[column].split()
            row += entry
        tbody += row
    if latex:
        for entry in table.findall(nodes.entry):
            _ragged(entry)
    return table, (notes if len(notes) else None)


class ExpandTables(SphinxPostTransform):
    """For builders that do not write HTML: each ``algokader_table`` becomes
    a docutils table."""

    default_priority = 7  # after ResolvePlaceholders (5), before ReferencesResolver (10)

    def is_supported(self) -> bool:
        return not builder_is(self.document, formats=("html",))

    def run(self, **kwargs: Any) -> None:
        root_doc = self.config.root_doc
        latex = builder_is(self.document, formats=("latex",))
        # linkcheck reports a URL at the first page that links it: a table
        # that repeats records shown on their own pages ("repeats_records":
        # a measure page's algorithms) leaves their evidence URLs to those
        # pages, so that a broken one is reported at its record's page
        linkcheck = builder_is(self.document, builders=("linkcheck",))
        for node in list(self.document.findall(algokader_table)):
            table, notes = docutils_table(node, root_doc, latex, url_links=not (
                linkcheck and node.get("repeats_records")), language=self.config.language)
            table.source, table.line = node.source, node.line
            for node_id in table["ids"]:
                self.document.ids[node_id] = table
            node.replace_self([table, notes] if notes is not None else table)


def setup(app: Sphinx) -> None:
    # only HTML-format builders write this node; ExpandTables replaces it elsewhere
    app.add_node(algokader_table, html=(visit_html, depart_html))
    app.add_node(algokader_html, html=(_visit_own_html, None), latex=(_skip, None),
                 text=(_skip, None), man=(_skip, None), texinfo=(_skip, None))
    app.connect("html-page-context", restore_rows, priority=0)
    app.add_post_transform(ExpandTables)
