"""Tables that read well in every theme and width.

One small Dutch handbook (real titles and labels of the bundled framework,
a list marker, a ``list-maatregelen`` directive and the records views) is
built once per theme: alabaster, furo, pydata-sphinx-theme and
sphinx-rtd-theme. Debian's Chromium, driven by Playwright, opens its pages
1300 and 400 pixels wide and checks what a reader would see: no word of a
cell broken between two letters without a hyphen, cells that hold their
words, a table no wider than the filter panel above it, a page that never
scrolls sideways (a table too wide for a phone scrolls inside its own
labelled, focusable region). Screenshots are written to
``/tmp/algokader-themes/`` to look at. Skipped when Playwright, Chromium
or a theme is missing (``pip install -e ".[test]"`` installs the themes).

Without a browser: the soft hyphens that break long names are in the HTML
tables only, never in the filters, the rows' data, the downloads, the
exports, the search index or the text output; the LaTeX tables are ragged
right and TeX is given the names' syllables; and the PDF breaks them there.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import OVERVIEW_PAGE, make_handbook

CONTENT = Path(__file__).resolve().parents[1] / "content"
SCREENSHOTS = Path("/tmp/algokader-themes")

#: theme -> the module that must be importable for it
THEMES = {"alabaster": "alabaster", "furo": "furo", "pydata_sphinx_theme": "pydata_sphinx_theme",
          "sphinx_rtd_theme": "sphinx_rtd_theme"}
WIDTHS = (1300, 400)

#: pages of the bundled framework whose titles and labels the handbook
#: takes over (their front matter only: labels, no relations)
VEREISTEN = ("aia-01-ai-geletterdheid", "aia-08-transparantie-aan-gebruiksverantwoordelijken",
             "aia-33-verwerking-in-testomgeving", "arc-01-archiefwet",
             "avg-01-persoonsgegevens-worden-rechtmatig-verwerkt",
             "avg-03-minimale-verwerking-van-persoonsgegevens", "awb-01-zorgvuldigheidsbeginsel",
             "bio-01-beveiliging-informatie-en-informatiesystemen", "bzk-01-algoritmeregister",
             "dat-01-databankenwet", "grw-02-non-discriminatie")
MAATREGELEN = ("0-org-11-gebruikersbeheer", "0-org-12-periodieke-evaluatie-kwaliteit",
               "1-pba-01-formuleren-probleemdefinitie", "2-owp-03-doel-verwerken-persoonsgegevens",
               "3-dat-02-toetsen-geschiktheid-variabelen", "5-ver-03-biasanalyse",
               "6-imp-10-proces-privacyrechten", "7-mon-03-informatiebeveiligingsincidenten",
               "8-uit-01-archiveren")
KEEP = ("title", "id", "geldt-vanaf", "levenscyclus", "onderwerp", "rollen", "soort-toepassing",
        "risicogroep", "rol-ai-act", "transparantieverplichting", "systeemrisico", "open-source")

LIJSTEN = """\
# Lijsten

## Vereisten voor juristen bij het ontwikkelen

<!-- list_vereisten levenscyclus/ontwikkelen rol/jurist -->

## Alle maatregelen

```{list-maatregelen} add-id
:caption: Maatregelen van het Algoritmekader
```

## Alle vereisten, met hun data

<!-- list_vereisten add-geldt-vanaf -->
"""

CHATBOT = """\
---
title: Chatbot Gemeentelijke Belastingen
algoritme:
  id: chatbot
  eigenaar: Team Gemeentelijke Belastingen
  fase: ontwerp
  profiel:
    soort-toepassing: ai-systeem
    risicogroep: geen-hoog-risico-ai-systeem
    rol-ai-act: [gebruiksverantwoordelijke]
  maatregelen:
    0-org-11:
      status: gereed
      toelichting: Toegang geregeld via het gebruikersbeheer van de leverancier.
      verantwoordelijke: Functioneel beheerder
      bewijs: [https://intranet.voorbeeldstad.nl/contracten/chatbot/verwerkersovereenkomst-2026.pdf]
    7-mon-03:
      status: in-uitvoering
      toelichting: Evaluatiemoment gepland na de eerste drie maanden.
      verantwoordelijke: Productowner
    1-pba-01:
      status: ter-beoordeling
      toelichting: Probleemdefinitie ligt bij de stuurgroep.
      verantwoordelijke: Projectleider
    2-owp-03:
      status: te-doen
      verantwoordelijke: Privacyfunctionaris
    3-dat-02:
      status: niet-van-toepassing
      toelichting: De chatbot gebruikt geen risico-indicatoren.
---
# Chatbot Gemeentelijke Belastingen

<!-- algoritme_status -->

## Vereisten

<!-- algoritme_vereisten add-wetcode -->
"""

RISICOMODEL = """\
---
title: Risicomodel Bijzondere Bijstand
algoritme:
  id: risicomodel
  eigenaar: Sociaal Domein
  fase: dataverkenning-en-datapreparatie
  profiel:
    soort-toepassing: ai-systeem
    risicogroep: hoog-risico-ai-systeem
    rol-ai-act: [gebruiksverantwoordelijke]
  maatregelen:
    5-ver-03:
      status: in-uitvoering
      toelichting: Biasanalyse op leeftijd en woonwijk loopt.
      verantwoordelijke: Datateam
---
# Risicomodel Bijzondere Bijstand

<!-- algoritme_status no-chart -->
"""


def _front_matter_page(source: Path) -> str:
    """A page with the front matter of a framework page: its labels, and
    its relations to the requirements this handbook holds."""
    text = source.read_text(encoding="utf-8")
    data = yaml.safe_load(text.split("---\n", 2)[1])
    kept = {key: data[key] for key in KEEP if key in data}
    relations = [name for name in data.get("vereiste", ()) if name in VEREISTEN]
    if relations:
        kept["vereiste"] = relations
    return f"---\n{yaml.safe_dump(kept, allow_unicode=True, sort_keys=False)}---\n\n<!-- tags -->\n"


def theme_handbook(folder: Path, theme: str, language: str = "nl") -> Path:
    """A small handbook in ``theme``: lists and records views with the
    framework's long Dutch names."""
    conf = textwrap.dedent(f"""\
        project = "Handboek"
        extensions = ["sphinx_algokader"]
        language = "{language}"
        html_theme = "{theme}"
        algokader_peildatum = "2026-01-01"
        """)
    index = textwrap.dedent("""\
        # Handboek

        ```{toctree}
        :maxdepth: 1

        lijsten
        algoritmen/overzicht
        algoritmen/chatbot
        algoritmen/risicomodel
        ```

        ```{toctree}
        :hidden:
        :glob:

        vereisten/*
        maatregelen/*
        ```
        """)
    items = {f"{kind}/{name}.md": _front_matter_page(CONTENT / kind / f"{name}.md")
             for kind, names in (("vereisten", VEREISTEN), ("maatregelen", MAATREGELEN))
             for name in names}
    return make_handbook(folder, conf, {
        "index.md": index, "lijsten.md": LIJSTEN, **items,
        "algoritmen/chatbot.md": CHATBOT, "algoritmen/risicomodel.md": RISICOMODEL,
        "algoritmen/overzicht.md": OVERVIEW_PAGE})


#: every place where a cell's text breaks between two lines inside a word
#: (two letters or digits, no space between them) without a hyphen, and
#: every cell whose text sticks out of it. A soft hyphen at a break shows a
#: hyphen. A browser that hyphenates by itself (``hyphens: auto`` with a
#: dictionary for the page's language) shows one too, at a break that
#: cannot be told from a broken word: unless ``strict``, such a break counts
#: as hyphenated where the text's style lets a word break only so
#: (``overflow-wrap`` and ``word-break`` normal).
BROKEN_WORDS = r"""([scope, strict]) => {
  const problems = [];
  const letter = /[\p{L}\p{N}]/u;
  function breaksAnywhere(element) {
    const style = getComputedStyle(element);
    return style.overflowWrap !== "normal" || /break-all|break-word/.test(style.wordBreak);
  }
  for (const cell of document.querySelectorAll(scope + " :is(th, td)")) {
    if (!cell.getClientRects().length) { continue; }  /* a hidden row */
    const chars = [];
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const ch = node.data[i];
        let top = null;
        if (!/[\s\u00ad]/.test(ch)) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          /* the first character after a soft hyphen that breaks has the
           * hyphen's rectangle too: its own is the last one with a width */
          const rects = [...range.getClientRects()].filter(r => r.width > 0);
          if (rects.length) { top = rects[rects.length - 1].top; }
        }
        chars.push({ ch, top, element: node.parentElement });
      }
    }
    const text = chars.map(c => c.ch).join("");
    let prev = -1;
    for (let i = 0; i < chars.length; i++) {
      if (chars[i].top === null) { continue; }
      if (prev >= 0 && chars[i].top > chars[prev].top + 2) {
        const between = text.slice(prev + 1, i);
        if (letter.test(chars[prev].ch) && letter.test(chars[i].ch) && !/\s/.test(between)
            && !between.includes("\u00ad")
            && (strict || breaksAnywhere(chars[i].element))) {
          problems.push(text.slice(0, prev + 1).replace(/\u00ad/g, "") + "|" +
                        text.slice(i).replace(/\u00ad/g, ""));
        }
      }
      prev = i;
    }
    if (cell.scrollWidth > cell.clientWidth + 1) {
      problems.push("sticks out of its cell: " + text.replace(/\u00ad/g, ""));
    }
  }
  return problems;
}"""

#: whether the browser hyphenates Dutch by itself (a dictionary for lang="nl")
HYPHENATES_DUTCH = """() => {
  const p = document.createElement("p");
  p.lang = "nl";
  p.style.cssText = "width: 4em; hyphens: auto; -webkit-hyphens: auto; overflow-wrap: normal";
  p.textContent = "Organisatieverantwoordelijkheden";
  document.body.append(p);
  const broken = p.scrollWidth <= p.clientWidth + 1;  /* else it sticks out whole */
  p.remove();
  return broken;
}"""

#: per region of a page: how it sits in its list and what it is
REGIONS = """() => [...document.querySelectorAll(".algokader-list")].filter(
    list => list.querySelector(".algokader-scroll")).map(list => {
  const region = list.querySelector(".algokader-scroll");
  const table = region.querySelector("table");
  const controls = list.querySelector(".algokader-controls");
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
  return {
    id: list.id, role: region.getAttribute("role"), tabindex: region.getAttribute("tabindex"),
    label: region.getAttribute("aria-label"), list: box(list), region: box(region),
    controls: controls && !controls.hidden ? box(controls) : null, table: box(table),
    overflowX: getComputedStyle(region).overflowX,
    scrolls: region.scrollWidth > region.clientWidth + 1,
    title: [...table.querySelectorAll("thead th")].findIndex(
      th => th.classList.contains("algokader-col-title")),
    columns: [...table.querySelectorAll("thead th")].map(th => th.getBoundingClientRect().width),
  };
})"""

PAGES = {"lijsten": "lijsten.html", "status": "algoritmen/chatbot.html",
         "overzicht": "algoritmen/overzicht.html"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """theme -> the handbook built in it (themes not installed left out)."""
    import importlib.util

    from conftest import build, warnings_of

    root = tmp_path_factory.mktemp("themes")
    built = {}
    for theme, module in THEMES.items():
        if importlib.util.find_spec(module) is None:
            continue
        (root / theme).mkdir()
        app = build(theme_handbook(root / theme, theme))
        assert warnings_of(app) == [], theme
        built[theme] = Path(app.outdir)
    return built


@pytest.fixture(scope="module")
def server(sites):
    from conftest import serve

    if not sites:
        pytest.skip("no theme installed")
    root = Path(next(iter(sites.values()))).parents[2]
    with serve(root) as url:
        yield {theme: f"{url}/{out.relative_to(root).as_posix()}" for theme, out in sites.items()}


@pytest.fixture(scope="module")
def strict(chromium) -> bool:
    page = chromium.new_page()
    page.set_content('<html lang="nl"><body></body></html>')
    hyphenates = page.evaluate(HYPHENATES_DUTCH)
    page.close()
    return not hyphenates


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_words_whole_or_hyphenated_and_no_page_overflow(chromium, server, strict, theme, width):
    """What a reader sees, in each theme, on a desktop and a phone."""
    if theme not in server:
        pytest.skip(f"{theme} is not installed")
    SCREENSHOTS.mkdir(exist_ok=True)
    context = chromium.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name, path in PAGES.items():
        page.goto(f"{server[theme]}/{path}")
        assert page.evaluate("document.documentElement.lang") == "nl"
        # no label, header or other cell broken inside a word without a hyphen
        assert page.evaluate(BROKEN_WORDS, [".algokader-list", strict]) == [], (name, theme, width)
        # the page never scrolls sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= \
            page.evaluate("document.documentElement.clientWidth"), (name, theme, width)
        # an id names one element, also where the theme wraps tables (Furo)
        ids = page.evaluate("[...document.querySelectorAll('[id^=algokader-]')].map(e => e.id)")
        assert len(ids) == len(set(ids)), (name, theme)
        regions = page.evaluate(REGIONS)
        assert regions, name
        script = page.evaluate("!!window.algokader")
        for region in regions:
            where = (name, region["id"], theme, width)
            # a Tab stop where it scrolls (always, without the script)
            stop = "0" if region["scrolls"] or not script else None
            assert (region["role"], region["tabindex"]) == ("region", stop), where
            assert region["label"], where
            assert region["overflowX"] == "auto", where
            # the region lies within its list, lined up with the panel above it
            left, right = region["region"]
            assert region["list"][0] - 0.5 <= left and right <= region["list"][1] + 0.5, where
            if region["controls"]:
                assert abs(region["controls"][0] - left) <= 1, where
                assert abs(region["controls"][1] - right) <= 1, where
            # the table fills its region, and scrolls in it where it is wider
            assert region["table"][0] - left <= 1, where
            assert region["table"][1] - left >= right - left - 1, where
            if region["table"][1] > right + 1:
                assert region["scrolls"], where
            # a list's title column is its widest
            if name == "lijsten":
                widths = region["columns"]
                assert widths[region["title"]] == max(widths), where
        page.screenshot(path=str(SCREENSHOTS / f"{theme}-{width}-{name}.png"), full_page=True)
    assert not errors
    context.close()


#: per status cell of a page: its colour, and the tint its row's status asks for
BADGE_COLOURS = """() => [...document.querySelectorAll("td.algokader-badge-cell")].map(td => {
  const probe = document.createElement("span");
  probe.style.backgroundColor = getComputedStyle(td.parentElement)
    .getPropertyValue("--algokader-badge-tint").trim();
  document.body.append(probe);
  const want = getComputedStyle(probe).backgroundColor;
  probe.remove();
  return [td.textContent.trim(), getComputedStyle(td).backgroundColor, want];
})"""


@pytest.mark.parametrize("theme", THEMES)
def test_every_status_cell_shows_its_colour(chromium, server, theme):
    """Read the Docs' striped rows (``tr:nth-child(2n-1) td``) painted
    every other status cell grey: only the thin bar on its left still gave
    the status."""
    if theme not in server:
        pytest.skip(f"{theme} is not installed")
    page = chromium.new_page()
    page.goto(f"{server[theme]}/algoritmen/chatbot.html")  # statuses and coverage
    cells = page.evaluate(BADGE_COLOURS)
    assert len(cells) > 4
    assert [(text, got) for text, got, want in cells if got != want] == [], theme
    page.close()


@pytest.mark.parametrize("theme", THEMES)
def test_the_panel_fits_a_narrow_column(chromium, server, theme):
    """In a narrow column (a grid card on a phone) the search box made the
    panel, and so the page, wider than the column."""
    if theme not in server:
        pytest.skip(f"{theme} is not installed")
    page = chromium.new_page()
    page.goto(f"{server[theme]}/algoritmen/chatbot.html")
    sizes = page.evaluate("""() => {
      const list = document.querySelector(".algokader-list");
      list.style.width = "150px";
      const panel = list.querySelector(".algokader-controls");
      const box = e => e.getBoundingClientRect();
      return [box(list).right, box(panel).right,
              Math.max(...[...panel.querySelectorAll("input, select, summary")].map(
                e => box(e).right))];
    }""")
    list_right, panel_right, widest = sizes
    assert panel_right <= list_right + 0.5 and widest <= list_right + 0.5, (theme, sizes)
    page.close()


def test_a_wide_table_scrolls_by_keyboard_and_search_ignores_soft_hyphens(chromium, server):
    theme = "furo" if "furo" in server else next(iter(server))
    context = chromium.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    page.goto(f"{server[theme]}/lijsten.html")
    region = page.locator("#algokader-vereisten-1 .algokader-scroll")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    region.focus()
    assert region.evaluate("r => document.activeElement === r")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("r => r.scrollLeft > 0", arg=region.element_handle(), timeout=3000)
    # "gegevens­bescherming" in the table, "gegevensbescherming" in the box
    rows = page.locator("#algokader-vereisten-1 tbody > tr")
    expected = rows.evaluate_all(
        "rs => rs.filter(r => r.textContent.replace(/\\u00ad/g, '')"
        ".includes('gegevensbescherming')).length")
    assert 0 < expected < rows.count()
    page.fill("#algokader-vereisten-1 input[type=search]", "Gegevensbescherming")
    assert rows.evaluate_all("rs => rs.filter(r => !r.hidden).length") == expected
    context.close()


def test_a_table_that_fits_is_a_tab_stop_only_once_it_scrolls(chromium, server):
    """A keyboard user tabs past a table that fits (nothing to scroll),
    and stops at it once a narrower window makes it scroll."""
    theme = "furo" if "furo" in server else next(iter(server))
    context = chromium.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    page.goto(f"{server[theme]}/lijsten.html")
    region = page.locator("#algokader-vereisten-1 .algokader-scroll")
    assert not region.evaluate("r => r.scrollWidth > r.clientWidth + 1")
    assert region.get_attribute("tabindex") is None
    page.set_viewport_size({"width": 400, "height": 900})
    page.wait_for_function("r => r.getAttribute('tabindex') === '0'",
                           arg=region.element_handle(), timeout=3000)
    assert region.evaluate("r => r.scrollWidth > r.clientWidth + 1")
    context.close()


CONTRAST = """([a, b]) => {
  const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(v => {
      v = v / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}"""


def test_links_and_focus_keep_their_contrast_in_a_dark_theme(chromium, server):
    """Furo in dark mode (WCAG 1.4.3 and 1.4.11): the profile link on the
    control panel, which is light in every theme, took the theme's light
    link colour (2.4:1); the focus ring on the dark page was 2.9:1."""
    if "furo" not in server:
        pytest.skip("furo is not installed")
    context = chromium.new_context(color_scheme="dark", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{server['furo']}/lijsten.html")
    panel = page.locator(".algokader-profile").first
    panel.locator("summary").click()
    link = panel.locator(".algokader-profile-link")
    colours = link.evaluate("a => [getComputedStyle(a).color, getComputedStyle("
                            "a.closest('.algokader-controls')).backgroundColor]")
    assert page.evaluate(CONTRAST, colours) >= 4.5, colours
    table_link = page.locator("#algokader-vereisten-1 tbody a").first
    table_link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
    ring = table_link.evaluate("a => [getComputedStyle(a).outlineColor, getComputedStyle("
                               "document.body).backgroundColor]")
    assert page.evaluate(CONTRAST, ring) >= 3, ring
    context.close()


# --------------------------------------------------------------------------
# without a browser: where soft hyphens are, and where they never are

SOFT = "\u00ad"


@pytest.fixture(scope="module")
def alabaster(tmp_path_factory) -> Path:
    """The handbook's sources, with every download format."""
    src = theme_handbook(tmp_path_factory.mktemp("hyphens"), "alabaster")
    with open(src / "conf.py", "a") as conf:
        conf.write('algokader_downloads = ["csv", "xlsx", "ods"]\n')
    return src


def _build(src: Path, builder: str) -> Path:
    from conftest import build

    return Path(build(src, builder, builddir=src / "_build" / builder).outdir)


def test_html_tables_hyphenate_names_and_headers_only(alabaster):
    out = _build(alabaster, "html")
    html = (out / "lijsten.html").read_text(encoding="utf-8")
    # headers and names: soft hyphens between the parts of a compound, and
    # at the syllables of a long part
    assert f"<p>Levens{SOFT}cyclus</p></th>" in html
    assert (f"Organisatie{SOFT}ver{SOFT}ant{SOFT}woor{SOFT}de{SOFT}lijk{SOFT}he{SOFT}den"
            in html)
    assert f"Privacy en gegevens{SOFT}bescherming" in html
    assert ">Jurist,</span> <span class=\"algokader-name\">Ont" in html
    # titles are the items' own
    assert "Persoonsgegevens worden in een AI-testomgeving" in html
    # the panel, the filters and the data never hold one
    for part in re.findall(r'<div class="algokader-controls".*?</div></div>|'
                           r'<script type="application/json" class="algokader-data">.*?</script>',
                           html, re.DOTALL):
        assert SOFT not in part
    assert "Organisatieverantwoordelijkheden</label>" in html
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for island in re.findall(r'class="algokader-data">(.*?)</script>', text):
            assert SOFT not in island, page
    # nor the downloads, nor Sphinx's search index
    for path in [*out.rglob("*.csv"), out / "searchindex.js"]:
        assert SOFT not in path.read_text(encoding="utf-8"), path
    import zipfile

    spreadsheets = [*out.rglob("*.xlsx"), *out.rglob("*.ods")]
    assert spreadsheets
    for path in spreadsheets:
        with zipfile.ZipFile(path) as book:
            for member in book.namelist():
                assert SOFT.encode() not in book.read(member), (path, member)


@pytest.mark.parametrize("builder", ["text", "algokader-json", "algokader-taskregistry"])
def test_no_soft_hyphen_in_text_and_exports(alabaster, builder):
    out = _build(alabaster, builder)
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".txt", ".json")]
    assert files
    for path in files:
        assert SOFT not in path.read_text(encoding="utf-8"), path
    if builder == "text":
        assert "| Levenscyclus " in (out / "lijsten.txt").read_text(encoding="utf-8")


def test_latex_tables_are_ragged_and_tex_knows_the_names(alabaster):
    out = _build(alabaster, "latex")
    (tex,) = out.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    assert SOFT not in text
    # cells ragged right; a name's word after a hyphen may break too
    assert r"\DUrole{algokader-ragged}{Levenscyclus}" in text
    assert "AI\\sphinxhyphen{}\u200bverordening" in text
    # TeX breaks the vocabulary's words at their syllables, everywhere
    assert r"\babelhyphenation{" in text and " or-ga-ni-sa-tie-ver-ant-woor-de-lijk-he-den " in text


def test_hyphenation_list():
    from sphinx_algokader.vocabulary import get_vocabulary

    vocabulary = get_vocabulary()
    # between the parts of a compound, and in a long part at every syllable
    assert vocabulary.hyphenate("Levenscyclus", "nl") == f"Levens{SOFT}cyclus"
    assert vocabulary.hyphenate("Ontwikkelaar", "nl") == \
        f"Ont{SOFT}wik{SOFT}ke{SOFT}laar"
    assert vocabulary.hyphenate("Ontwikkelen, jurist", "nl") == "Ontwikkelen, jurist"
    assert vocabulary.hyphenate("AI-verordening", "nl_BE") == "AI-verordening"
    # TeX gets every syllable
    assert "ver-or-de-ning" in vocabulary.hyphenation_patterns("nl")
    assert "le-vens-cy-clus" in vocabulary.hyphenation_patterns("nl_BE")
    # English names in any other language; a word of the other list stays whole
    assert vocabulary.hyphenate("Decommissioning", "en") == \
        f"De{SOFT}com{SOFT}mis{SOFT}sion{SOFT}ing"
    assert vocabulary.hyphenate("Lifecycle", "en") == "Lifecycle"  # 9 letters: whole
    assert vocabulary.hyphenate("Levenscyclus", "de") == "Levenscyclus"
    # a handbook adds words
    extended = get_vocabulary({"hyphenation": {"nl": ["ge-meen-te=lij-ke"]}})
    assert extended.hyphenate("Gemeentelijke", "nl") == f"Gemeente{SOFT}lijke"
    assert extended.hyphenate("Levenscyclus", "nl") == f"Levens{SOFT}cyclus"
    for bad in ({"nl": ["ge--meen"]}, ["x"], {"nl": "ab-c"}, {"nl": ["ab c"]}):
        with pytest.raises(ValueError, match="hyphenation"):
            get_vocabulary({"hyphenation": bad})


def test_hyphenation_list_words_hold_their_letters():
    """Every word of the shipped list is made of letters, each syllable of
    two letters or more at its ends (as TeX's Dutch and English patterns)."""
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "sphinx_algokader" / "data"
                           / "vocabulary.yaml").read_text(encoding="utf-8"))
    for language, words in data["hyphenation"].items():
        assert words == sorted(words, key=lambda w: re.sub("[-=]", "", w)), language
        for word in words:
            syllables = re.split("[-=]", word)
            assert len(syllables) > 1 and all(s.isalpha() for s in syllables), word
            assert len(syllables[0]) >= 2 and len(syllables[-1]) >= 2, word


@pytest.mark.skipif(not (__import__("shutil").which("latexmk") and
                         __import__("shutil").which("pdftotext")),
                    reason="latexmk/pdftotext not installed (Debian: see docs/howto/pdf.md)")
def test_pdf_tables_hyphenate_dutch(alabaster, tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "sphinx", "-M", "latexpdf", str(alabaster),
                             str(tmp_path), "-q"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (pdf,) = (tmp_path / "latex").glob("*.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    fragments = set(re.findall(r"(\w+)-(?=\s)", text))
    # names broke at their syllables (the vocabulary's list) ...
    assert fragments & {"Organisatie", "verantwoor", "Dataver", "gegevensbe", "Ont", "Projectlei"}
    # ... and never where TeX's own Dutch patterns would have broken them
    assert not fragments & {"Organisatieve", "facts"}
