"""Charts of records views: one node, drawn by each writer.

A status view shows two bars (its measures by status, its requirements by
coverage), an overview one bar per algorithm (its measures by status). Each
bar is stacked to 100 %, each segment names its count. The chart is one
``algokader_chart`` node holding plain data (``bars``), drawn the way
``table.py`` writes a table:

* HTML-format builders: an inline SVG (``role="img"``, with the view's
  summary sentence as its description, and the count of each segment in
  its tooltip); labels take the theme's text colour, so dark themes work.
  EPUB: the same SVG as a file in ``_images`` (named by its content),
  shown as an image with the summary as its text alternative: an EPUB page
  with inline SVG must say so in the book's manifest, which Sphinx's
  manifest cannot;
* LaTeX: coloured rules (``xcolor``, which Sphinx loads), so the PDF
  shows the same chart, sharp at any size;
* every other writer: nothing, since the summary line above the chart
  already says the same in words.

Colours are the Okabe-Ito palette, apart for colour-blind readers; the
segments carry their numbers, and in HTML each status but done
(``PATTERNS``) has a pattern over its colour, so that "to do" and "done",
close in lightness, differ by more than colour. The PDF's rules have no
pattern: there the numbers and the legend tell the segments apart.

Why not matplotlib: drawing one small chart with it takes 75-200 ms, so a
handbook of 100 algorithms would spend 7-20 s of CPU on charts alone, many
times the budget of the records feature (``benchmarks/README.md``). These
bars are a few rectangles; writing them directly costs microseconds, needs
no files (but EPUB's, one per chart), no cache and no optional dependency,
and works the same under ``-j N`` and in incremental builds.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_algokader.records.model import COVERAGES, STATUSES, status_style
from sphinx_algokader.table import defer_html

#: (bar label, [(segment key, segment name, colour, count)])
Bar = tuple[str, list[tuple[str, str, str, int]]]

#: segment keys drawn with a pattern over their colour: all but done
#: (``gereed``, ``afgedekt``), the one solid segment of a bar, so that "to
#: do" and "done" differ by more than colour (their lightness is close)
PATTERNS: dict[str, str] = {
    "te-doen": "bars", "in-uitvoering": "lines", "ter-beoordeling": "dots",
    "niet-van-toepassing": "cross",
    "open": "bars", "deels": "lines", "zonder-maatregel": "cross",
}


class algokader_chart(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """A chart. Attributes, all plain data: ``title``, ``alt`` (its text
    alternative), ``bars`` (per bar ``[label, [[key, name, colour, count],
    ...]]``) and ``ids``."""


def status_colour(env: BuildEnvironment, status: str) -> str:
    return status_style(env.config.algokader_statuses, status)[1]


def chart_node(bars: Sequence[Bar], title: str, alt: str, chart_id: str) -> algokader_chart | None:
    if not any(count for _, segments in bars for *_, count in segments):
        return None
    return algokader_chart("", title=title, alt=alt, ids=[chart_id],
                           bars=[[label, [list(s) for s in segments]] for label, segments in bars],
                           classes=["algokader-chart"])


#: the most bars whose counts the text alternative spells out: a status
#: view's two; an overview's table beside its chart gives each algorithm's
MAX_DESCRIBED_BARS = 4


def description(node: algokader_chart) -> str:
    """The chart's text alternative: its ``alt`` (the view's summary), then
    what the bars show that the summary does not, the count of each segment
    ("Maatregelen: Te doen 76, Gereed 2."), which a reader who sees the
    chart gets from its numbers and colours."""
    bars = node["bars"]
    if len(bars) > MAX_DESCRIBED_BARS:
        return node["alt"]
    counts = [f"{label}: " + ", ".join(f"{name} {count}" for _, name, _, count in segments
                                       if count) + "."
              for label, segments in bars if any(s[3] for s in segments)]
    return " ".join([node["alt"], *counts])


def _legend(bars: Sequence[Any]) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The legend in groups: (label, [(key, name, colour)]) of the segments
    shown. Bars of one kind (all algorithms by status) share one group;
    bars of different kinds (measures by status, requirements by coverage)
    each have their own, named after the bar."""
    kinds = {tuple(key for key, *_ in segments) for _, segments in bars}
    groups: list[tuple[str, list[tuple[str, str, str]]]] = []
    for label, segments in bars if len(kinds) > 1 else [("", [s for _, segs in bars
                                                               for s in segs])]:
        seen: dict[str, tuple[str, str, str]] = {}
        for key, name, colour, count in segments:
            if count:
                seen.setdefault(key, (key, name, colour))
        if seen:  # in workflow order, whichever bar shows a status first
            groups.append((label, sorted(seen.values(),
                                         key=lambda entry: _ORDER.get(entry[0], len(_ORDER)))))
    return groups


#: statuses, then coverages, in workflow order: the legend's order
_ORDER = {key: n for n, key in enumerate((*STATUSES, *COVERAGES))}


# --------------------------------------------------------------------------
# HTML: inline SVG

WIDTH, LABEL, RIGHT, BAR, GAP, TOP, LEGEND_ROW = 720, 190, 10, 24, 12, 26, 22
#: the longest bar label shown whole (at 12 px it fits in LABEL)
MAX_LABEL = 24


def _patterns(chart_id: str) -> str:
    p = escape(chart_id)
    stroke = 'stroke="#000" stroke-opacity="0.45" stroke-width="1.2"'
    return (
        "<defs>"
        f'<pattern id="{p}-lines" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" {stroke}/></pattern>'
        f'<pattern id="{p}-bars" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<line x1="0" y1="3" x2="6" y2="3" {stroke}/></pattern>'
        f'<pattern id="{p}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<circle cx="2.5" cy="2.5" r="1" fill="#000" fill-opacity="0.45"/></pattern>'
        f'<pattern id="{p}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<path d="M0,0 L6,6 M6,0 L0,6" {stroke}/></pattern>'
        "</defs>")


def _swatch(chart_id: str, key: str, colour: str, x: float, y: float, w: float,
            h: float) -> str:
    out = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
           f'fill="{escape(colour)}" stroke="#333" stroke-width="0.6"/>')
    if key in PATTERNS:
        out += (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'fill="url(#{escape(chart_id)}-{PATTERNS[key]})"/>')
    return out


def svg(node: algokader_chart) -> str:
    chart_id = node["ids"][0]
    bars = node["bars"]
    legend = _legend(bars)
    per_row = 4
    legend_rows = sum((len(entries) + per_row - 1) // per_row for _, entries in legend)
    height = TOP + len(bars) * (BAR + GAP) + legend_rows * LEGEND_ROW + 6
    span = WIDTH - LABEL - RIGHT
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    out = [f'<svg class="algokader-chart" id="{escape(chart_id)}" role="img" '
           f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
           f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg" '
           'font-size="13">',
           f'<title id="{escape(title_id)}">{escape(node["title"])}</title>',
           f'<desc id="{escape(desc_id)}">{escape(description(node))}</desc>',
           _patterns(chart_id),
           f'<text x="0" y="16" fill="currentColor" font-weight="bold">'
           f'{escape(node["title"])}</text>']
    y = TOP
    for label, segments in bars:
        total = sum(count for *_, count in segments) or 1
        shown = label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"
        out.append(f'<text x="{LABEL - 8}" y="{y + BAR / 2 + 4:.1f}" text-anchor="end" '
                   f'fill="currentColor" font-size="12"><title>{escape(label)}</title>'
                   f'{escape(shown)}</text>')
        x = float(LABEL)
        for key, name, colour, count in segments:
            if not count:
                continue
            w = span * count / total
            out.append(f"<g><title>{escape(name)}: {count}</title>"
                       + _swatch(chart_id, key, colour, x, y, w, BAR))
            if w >= 20:
                out.append(f'<text x="{x + w / 2:.1f}" y="{y + BAR / 2 + 4:.1f}" '
                           f'text-anchor="middle" fill="#000" font-size="12">{count}</text>')
            out.append("</g>")
            x += w
        y += BAR + GAP
    for group, entries in legend:
        if group:
            out.append(f'<text x="{LABEL - 8}" y="{y + 12:.1f}" text-anchor="end" '
                       f'fill="currentColor" font-size="12">{escape(group)}:</text>')
        for n, (key, name, colour) in enumerate(entries):
            lx = LABEL + (n % per_row) * (span / per_row)
            ly = y + (n // per_row) * LEGEND_ROW
            out.append(_swatch(chart_id, key, colour, lx, ly, 14, 14))
            out.append(f'<text x="{lx + 20:.1f}" y="{ly + 12:.1f}" fill="currentColor" '
                       f'font-size="12">{escape(name)}</text>')
        y += ((len(entries) + per_row - 1) // per_row) * LEGEND_ROW
    out.append("</svg>")
    return "".join(out)


def visit_html(self: Any, node: algokader_chart) -> None:
    drawn = svg(node)
    if self.builder.name.startswith("epub"):
        name = f"algokader-chart-{hashlib.sha256(drawn.encode()).hexdigest()[:16]}.svg"
        path = Path(self.builder.outdir) / self.builder.imagedir / name
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(drawn, encoding="utf-8")
        uri = posixpath.join(self.builder.imgpath, name)
        drawn = f'<img src="{escape(uri)}" alt="{escape(description(node))}" />'
        self.body.append(f'<figure class="algokader-chart">{drawn}</figure>\n')
        raise nodes.SkipNode
    # the figure scrolls sideways on a narrow screen (the chart keeps its
    # labels readable): a named region a keyboard can scroll, a Tab stop
    # only while it scrolls (the script says, as for a table's region)
    defer_html(self, f'<figure class="algokader-chart" role="region" tabindex="0" '
                     f'aria-label="{escape(node["title"])}">{drawn}</figure>\n')
    raise nodes.SkipNode


# --------------------------------------------------------------------------
# LaTeX: coloured rules


def visit_latex(self: Any, node: algokader_chart) -> None:
    enc = self.encode
    out = ["\n\\par\\medskip\\noindent{\\small\\textbf{" + enc(node["title"]) + "}}\\par\n"]
    for label, segments in node["bars"]:
        total = sum(count for *_, count in segments) or 1
        shown = label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "..."
        out.append("\\noindent\\makebox[0.22\\linewidth][l]{\\small " + enc(shown) + "}%\n")
        for key, name, colour, count in segments:
            if not count:
                continue
            width = f"{0.76 * count / total:.4f}\\linewidth"
            number = f"\\scriptsize {count}" if count / total >= 0.04 else ""
            out.append(f"\\rlap{{\\textcolor[HTML]{{{colour.lstrip('#').upper()}}}"
                       f"{{\\rule[-0.55ex]{{{width}}}{{2.2ex}}}}}}"
                       f"\\makebox[{width}][c]{{{number}}}%\n")
        out.append("\\par\\smallskip\n")
    for group, entries in _legend(node["bars"]):
        items = [f"\\textcolor[HTML]{{{colour.lstrip('#').upper()}}}"
                 f"{{\\rule{{1.4ex}}{{1.4ex}}}}~{enc(name)}" for key, name, colour in entries]
        prefix = enc(group) + ": " if group else ""
        out.append("\\noindent{\\footnotesize " + prefix + "\\quad ".join(items) + "}\\par\n")
    out.append("\\medskip\n")
    self.body.append("".join(out))
    raise nodes.SkipNode


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode  # the summary line above the chart says the same in words


def setup(app: Sphinx) -> None:
    app.add_node(algokader_chart, html=(visit_html, None), latex=(visit_latex, None),
                 text=(_skip, None), man=(_skip, None), texinfo=(_skip, None))
