"""The HTML fast path: a list's table written as HTML in one step.

A list with a hundred rows is some 1,500 docutils nodes (row, entry,
paragraph, text, and a ``pending_xref`` per title), which every later
post-transform walks, Sphinx resolves one link at a time, and the HTML
writer visits node by node; at the scale of the framework that was most of
what the extension cost (``benchmarks/README.md``). For builders whose
format is HTML, ``ResolveListsHTML`` (resolve.py) makes one
``algokader_table`` node instead: it holds the cells as text and the
document each title links to, and its HTML visitor writes the same markup
the docutils table would give (``docutils align-default``, ``row-even`` /
``row-odd``, ``<p>`` in cells, ``reference internal`` links), so themes,
the script and the style sheet see no difference. The links are made with
``builder.get_relative_uri``, as ``sphinx.ext.todo`` makes its links.

The visitor runs in the writer, so with ``-j N`` it runs in the worker
processes, where Sphinx's post-transforms run serially in the main one.
Every other builder (LaTeX, text, man, texinfo) gets the plain docutils
table from ``ResolveLists``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from sphinx_algokader.collector import get_index

#: one cell: its text, and the document its text links to (or None)
Cell = tuple[str, "str | None"]


class algokader_table(nodes.table):  # noqa: N801 (docutils style)
    """A list's table for HTML writers.

    Attributes: ``docname`` (the page it is on), ``widths`` (relative column
    widths), ``header`` (column titles), ``rows`` (per row: its extra
    classes and its cells). Its only child is an optional ``title`` (the
    caption), which the writer renders as for any table.
    """

    def cell_texts(self) -> list[list[str]]:
        """The body rows as cell texts (what a reader sees)."""
        return [[text for text, _target in cells] for _classes, cells in self["rows"]]

    def astext(self) -> str:
        lines = ["\t".join(self["header"])]
        lines += ["\t".join(row) for row in self.cell_texts()]
        return "\n".join(lines)


def make_table(table_id: str, classes: Sequence[str], docname: str, widths: Sequence[int],
               header: Sequence[str], rows: Sequence[tuple[tuple[str, ...], Sequence[Cell]]],
               caption: str | None) -> algokader_table:
    # the rows as given: per row, its classes (a tuple, shared by the rows
    # of one kind) and its cells (shared with every list that shows the item)
    table = algokader_table(ids=[table_id], classes=list(classes), docname=docname,
                            widths=list(widths), header=list(header), rows=list(rows))
    if caption:
        table += nodes.title(caption, caption)
    return table


def visit_html(self: HTML5Translator, node: algokader_table) -> None:
    # the classes Sphinx's own visit_table gives a table
    classes = [c.strip(" \t\n") for c in self.settings.table_style.split(",")]
    classes = ["docutils", *(c for c in classes if c), "align-default"]
    self.body.append(self.starttag(node, "table", CLASS=" ".join(classes)))


def depart_html(self: HTML5Translator, node: algokader_table) -> None:
    out = self.body
    total = sum(node["widths"]) or 1
    out.append("<colgroup>\n")
    out.extend(f'<col style="width: {w * 100.0 / total:.1f}%" />\n' for w in node["widths"])
    out.append('</colgroup>\n<thead>\n<tr class="row-odd">')
    out.extend(f'<th class="head"><p>{escape(h, quote=False)}</p></th>\n' for h in node["header"])
    out.append("</tr>\n</thead>\n<tbody>\n")
    fromdoc = node["docname"]
    builder = self.builder
    # A link from a page depends on the page only through its folder (the
    # base URI up to its last "/"), except a link to the page itself: links
    # are made once per folder and target, and kept for the build.
    folder = builder.get_target_uri(fromdoc).rpartition("/")[0]
    uris = get_index(builder.env).uris
    # label cells and row classes repeat down a table: escape each text once
    escaped: dict[str, str] = {}
    row_starts: dict[tuple[tuple[str, ...], int], str] = {}
    for n, (classes, cells) in enumerate(node["rows"]):
        start = row_starts.get((classes, n % 2))
        if start is None:
            parity = "row-even" if n % 2 == 0 else "row-odd"  # the header row is row-odd
            start = row_starts[(classes, n % 2)] = \
                f'<tr class="{escape(" ".join((*classes, parity)))}">'
        out.append(start)
        for text, target in cells:
            html = escaped.get(text)
            if html is None:
                html = escaped[text] = escape(text, quote=False)
            if target is None:
                out.append(f"<td><p>{html}</p></td>\n")
                continue
            if target == fromdoc:
                uri = escape(builder.get_relative_uri(fromdoc, target))
            else:
                uri = uris.get((folder, target))
                if uri is None:
                    uri = uris[(folder, target)] = escape(builder.get_relative_uri(fromdoc, target))
            out.append(f'<td><p><a class="reference internal" href="{uri}">'
                       f'<span class="doc">{html}</span></a></p></td>\n')
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n")


def setup(app: Sphinx) -> None:
    # only HTML-format builders make this node (ResolveListsHTML)
    app.add_node(algokader_table, html=(visit_html, depart_html))
