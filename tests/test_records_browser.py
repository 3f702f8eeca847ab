"""Records views in a real browser: the same search and filters as lists,
status badges, the chart, and a page that fits a phone. Debian's Chromium,
driven by Playwright, against a small handbook served on 127.0.0.1;
skipped when either is missing (as ``test_browser.py``)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import OVERVIEW_PAGE, build, embed_conf, make_handbook, serve, toctree_page
from sphinx_algokader.records import views

CHATBOT = "algoritmen/chatbot"
OVERVIEW = "algoritmen/overzicht"
STATUS = "#algokader-status-1"
COVERAGE = "#algokader-vereisten-1"
ALL = "#algokader-overzicht-1"
SCREENSHOTS = "/tmp/records-{name}-{width}.png"

FRONT_MATTER = """\
---
algoritme:
  id: chatbot
  eigenaar: Team Belastingen
  fase: ontwerp
  profiel:
    soort-toepassing: ai-systeem
    risicogroep: geen-hoog-risico-ai-systeem
    rol-ai-act: [gebruiksverantwoordelijke]
  maatregelen:
    0-org-01:
      status: gereed
      toelichting: Training gegeven in maart.
      verantwoordelijke: J. Jansen
  status-bestand: chatbot-status.csv
---
# Chatbot Belastingen

<!-- algoritme_status -->

## Vereisten

<!-- algoritme_vereisten -->
"""

STATUS_FILE = """\
maatregel,status,toelichting,verantwoordelijke,bewijs
org-02,in-uitvoering,Beleid in concept,K. de Vries,
pba-01,gereed,Probleem beschreven,A. de Boer,
owp-04,ter-beoordeling,,,
pba-03,niet-van-toepassing,Geen keuze tussen oplossingen,,
dat-01,gereed,Datakwaliteit al getoetst,,
"""


@pytest.fixture(scope="module")
def handbook(tmp_path_factory):
    """A Dutch handbook embedding the framework, with one algorithm record
    (in the design phase, so later measures are not yet due) and an overview."""
    return build(make_handbook(tmp_path_factory.mktemp("records-browser"), embed_conf(), {
        "index.md": toctree_page("Ons handboek", CHATBOT, OVERVIEW),
        f"{CHATBOT}.md": FRONT_MATTER,
        "algoritmen/chatbot-status.csv": STATUS_FILE,
        f"{OVERVIEW}.md": OVERVIEW_PAGE,
    }))


@pytest.fixture(scope="module")
def server(handbook):
    with serve(handbook.outdir) as url:
        yield url


@pytest.fixture
def page(chromium):
    """A fresh page that records script errors and failed loads (a browser's
    own favicon request aside)."""
    context = chromium.new_context()
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error"
            and not m.location.get("url", "").endswith("/favicon.ico") else None)
    yield page
    context.close()


def rows(handbook, docname: str, position: int = 0) -> list[views.ViewRow]:
    return views.view_rows(handbook.env, docname, position)


def visible_titles(page, view: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{view} tbody > tr", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => r.querySelector('td.algokader-col-title').textContent.trim())")


def count_text(n: int) -> str:
    return "1 resultaat" if n == 1 else f"{n} resultaten"


def check(page, view: str, key: str, value: str) -> None:
    page.click(f"{view} .algokader-filter[data-key={key}] summary")
    page.check(f"{view} .algokader-filter[data-key={key}] input[value={value}]")


def test_status_filter_shows_only_rows_of_that_status(page, server, handbook):
    all_rows = rows(handbook, CHATBOT)
    page.goto(f"{server}/{CHATBOT}.html")
    assert page.text_content(f"{STATUS} .algokader-count") == count_text(len(all_rows))
    # the filter offers the statuses present, by name, in workflow order
    names = page.eval_on_selector_all(f"{STATUS} .algokader-filter[data-key=status] label",
                                      "ls => ls.map(l => l.textContent.trim())")
    assert names == ["Te doen", "In uitvoering", "Ter beoordeling", "Gereed",
                     "Niet van toepassing"]
    check(page, STATUS, "status", "gereed")
    done = [r.cells["title"] for r in all_rows if r.badge == "gereed"]
    assert len(done) == 3
    assert visible_titles(page, STATUS) == done
    classes = page.eval_on_selector_all(f"{STATUS} tbody > tr:not([hidden])",
                                        "rs => rs.map(r => r.className)")
    assert all("algokader-badge-gereed" in c for c in classes)
    assert page.text_content(f"{STATUS} .algokader-count") == count_text(3)
    assert page.text_content(
        f"{STATUS} .algokader-filter[data-key=status] .algokader-filter-count") == " (1)"
    # two values of one filter: either
    page.check(f"{STATUS} .algokader-filter[data-key=status] input[value=in-uitvoering]")
    assert visible_titles(page, STATUS) == [
        r.cells["title"] for r in all_rows if r.badge in ("gereed", "in-uitvoering")]
    assert page.text_content(f"{STATUS} .algokader-count") == count_text(4)
    assert not page.errors


def test_phase_filter_and_both_together(page, server, handbook):
    all_rows = rows(handbook, CHATBOT)
    page.goto(f"{server}/{CHATBOT}.html")
    check(page, STATUS, "levenscyclus", "probleemanalyse")
    expected = [r.cells["title"] for r in all_rows if "probleemanalyse" in r.labels["levenscyclus"]]
    assert 1 < len(expected) < len(all_rows)
    assert visible_titles(page, STATUS) == expected
    assert page.text_content(f"{STATUS} .algokader-count") == count_text(len(expected))
    check(page, STATUS, "status", "gereed")  # across filters: both
    assert visible_titles(page, STATUS) == [
        r.cells["title"] for r in all_rows
        if "probleemanalyse" in r.labels["levenscyclus"] and r.badge == "gereed"]
    assert not page.errors


def test_search_narrows_the_rows(page, server, handbook):
    all_rows = rows(handbook, CHATBOT)
    page.goto(f"{server}/{CHATBOT}.html")
    page.fill(f"{STATUS} input[type=search]", "beleid in concept")
    assert visible_titles(page, STATUS) == [
        r.cells["title"] for r in all_rows if r.cells["toelichting"] == "Beleid in concept"]
    assert page.text_content(f"{STATUS} .algokader-count") == "1 resultaat"
    page.fill(f"{STATUS} input[type=search]", "")
    assert len(visible_titles(page, STATUS)) == len(all_rows)
    assert page.text_content(f"{STATUS} .algokader-count") == count_text(len(all_rows))
    assert not page.errors


def test_a_stored_profile_never_hides_records(page, server, handbook):
    """The reader's AI Act profile filters lists of requirements; a view of
    what an organisation recorded shows every row whatever it holds."""
    page.goto(f"{server}/{CHATBOT}.html")
    page.evaluate("""localStorage.setItem("algokader-profile", JSON.stringify(
        {"risicogroep": ["hoog-risico-ai-systeem"], "rol-ai-act": ["aanbieder"],
         "soort-toepassing": ["ai-model-voor-algemene-doeleinden"]}))""")
    page.reload()
    for view, position in ((STATUS, 0), (COVERAGE, 1)):
        expected = rows(handbook, CHATBOT, position)
        assert len(visible_titles(page, view)) == len(expected), view
        assert page.text_content(f"{view} .algokader-count") == count_text(len(expected))
        assert page.query_selector(f"{view} .algokader-profile") is None
    assert page.query_selector(f"{COVERAGE} .algokader-filter[data-key=dekking]")
    assert not page.errors


def test_overview_filters(page, server, handbook):
    page.goto(f"{server}/{OVERVIEW}.html")
    assert visible_titles(page, ALL) == ["Chatbot Belastingen"]
    label = page.text_content(f"{ALL} .algokader-filter[data-key=fase] label").strip()
    assert label == "Ontwerp"
    check(page, ALL, "fase", "ontwerp")
    assert visible_titles(page, ALL) == ["Chatbot Belastingen"]
    page.fill(f"{ALL} input[type=search]", "bestaat niet")
    assert visible_titles(page, ALL) == []
    assert page.text_content(f"{ALL} .algokader-count") == "0 resultaten"
    assert not page.errors


def test_the_html_holds_controls_and_data_per_view(handbook):
    """Without a browser: the panel is hidden until the script shows it, the
    data island holds one entry per row with the filter keys only, and ids
    stay unique."""
    page = (handbook.outdir / f"{CHATBOT}.html").read_text(encoding="utf-8")
    assert page.count('<div class="algokader-controls" hidden>') == 2
    assert "algokader-profile" not in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    islands = re.findall(r'<script type="application/json" class="algokader-data">(.*?)</script>',
                         page)
    for island, position in zip(islands, (0, 1), strict=True):
        data = json.loads(island)["rows"]
        expected = rows(handbook, CHATBOT, position)
        assert len(data) == len(expected)
        keys = set(views.FILTER_KEYS[views.view_use(handbook.env, CHATBOT, position).spec.view])
        assert all(set(row["labels"]) <= keys for row in data)
        assert [row["labels"] for row in data] == [
            {k: list(v) for k, v in r.labels.items() if k in keys} for r in expected]


_CONTRAST = """cell => {
  function rgb(text) { return text.match(/[\\d.]+/g).slice(0, 3).map(Number); }
  function lum(c) {
    const [r, g, b] = c.map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const style = getComputedStyle(cell);
  const a = lum(rgb(style.color)), b = lum(rgb(style.backgroundColor));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_badges_chart_and_layout(page, server, handbook):
    page.goto(f"{server}/{CHATBOT}.html")
    # every status badge: its own text, its own tint, readable (WCAG AA)
    cells = page.query_selector_all(f"{STATUS} td.algokader-badge-cell")
    assert len(cells) == len(rows(handbook, CHATBOT))
    assert min(cell.evaluate(_CONTRAST) for cell in cells) >= 4.5
    tints = page.eval_on_selector_all(
        f"{STATUS} td.algokader-badge-cell",
        "cs => cs.map(c => c.parentNode.className.match(/algokader-badge-[a-z-]+/)[0] + ' '"
        " + getComputedStyle(c).backgroundColor)")
    assert len(set(tints)) == 5  # one tint per status
    # a measure not yet due is muted, and still AA
    later = page.query_selector(f"{STATUS} tr.algokader-not-due td.algokader-col-toelichting")
    assert later.evaluate("c => getComputedStyle(c).fontStyle") == "italic"
    assert later.evaluate("c => getComputedStyle(c).color") != page.eval_on_selector(
        f"{STATUS} tr:not(.algokader-not-due) td.algokader-col-toelichting",
        "c => getComputedStyle(c).color")
    # the chart: an inline SVG image, named by its title and described by
    # the summary sentence
    chart = page.query_selector(f"{STATUS} svg.algokader-chart")
    assert chart.get_attribute("role") == "img"
    name = chart.evaluate("c => c.getAttribute('aria-labelledby').split(' ')"
                          ".map(id => document.getElementById(id).textContent).join(' ').trim()")
    assert name.startswith("Chatbot Belastingen") and "maatregelen" in name
    assert chart.bounding_box()["width"] > 200
    assert not page.errors


@pytest.mark.parametrize("width", [1300, 400])
def test_screenshots_and_no_sideways_page(chromium, server, width):
    """Screenshots to look at (/tmp/records-*.png); on a phone the page
    never scrolls sideways, a wide table scrolls inside its own box."""
    context = chromium.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    for name, path, view in (("status", CHATBOT, STATUS), ("overzicht", OVERVIEW, ALL)):
        page.goto(f"{server}/{path}.html")
        page.eval_on_selector(view, "v => v.scrollIntoView()")
        if name == "status":
            page.click(f"{view} .algokader-filter[data-key=status] summary")
        page.screenshot(path=SCREENSHOTS.format(name=name, width=width))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # the chart's 12px labels stay readable (10px or more): it scrolls
        # sideways in its own box rather than shrink on a phone
        scale = page.eval_on_selector(f"{view} svg.algokader-chart",
                                      "s => s.getBoundingClientRect().width / s.viewBox.baseVal.width")
        assert scale * 12 >= 10, scale
        # and a keyboard scrolls it there: a named region, a Tab stop only
        # while it scrolls
        figure = page.locator(f"{view} figure.algokader-chart")
        scrolls = figure.evaluate("f => f.scrollWidth > f.clientWidth + 1")
        assert scrolls == (width < 600), width
        assert figure.get_attribute("role") == "region" and figure.get_attribute("aria-label")
        assert figure.get_attribute("tabindex") == ("0" if scrolls else None)
        if scrolls:
            figure.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("f => f.scrollLeft > 0", arg=figure.element_handle(),
                                   timeout=3000)
    # the rows not yet due, further down
    page.goto(f"{server}/{CHATBOT}.html")
    page.eval_on_selector(f"{STATUS} tr.algokader-not-due", "r => r.scrollIntoView()")
    page.evaluate("window.scrollBy(0, -200)")
    page.screenshot(path=SCREENSHOTS.format(name="not-due", width=width))
    context.close()
