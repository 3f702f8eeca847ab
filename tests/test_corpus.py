"""The official Algoritmekader v2.5.1 source builds unchanged, with the lists
its own site shows. Skipped when ../shared/corpora is absent (a user's clone)."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, build, copy_corpus, warnings_of

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"official corpus not found at {CORPUS} (../shared/corpora)")

ITEMS = "voldoen-aan-wetten-en-regels"
KIND_FOLDERS = {"list_vereisten": "vereisten", "list_maatregelen": "maatregelen",
                "list_hulpmiddelen": "hulpmiddelen"}

#: every warning the build gives: each a real defect of v2.5.1 (docs/howto/official-source.md)
KNOWN_DEFECTS = {
    # relations naming pages that do not exist
    ("2-owp-05-soort-algoritme.md", "11", "algokader.dangling_relation"),
    ("2-owp-30-informeer-betrokkenen.md", "7", "algokader.dangling_relation"),
    ("2-owp-30-informeer-betrokkenen.md", "8", "algokader.dangling_relation"),
    ("2-owp-31-pas-vastgestelde-beleidskaders-zijn-nageleefd.md", "9", "algokader.dangling_relation"),
    ("2-owp-31-pas-vastgestelde-beleidskaders-zijn-nageleefd.md", "20", "algokader.dangling_relation"),
    ("2-owp-35-genereren-bronvermelding.md", "11", "algokader.dangling_relation"),
    ("standaarden.md", "24", "algokader.dangling_relation"),
    ("standaarden.md", "25", "algokader.dangling_relation"),
    ("standaarden.md", "26", "algokader.dangling_relation"),
    # a label value outside the framework's own vocabulary (grondrechten)
    ("standaarden.md", "42", "algokader.unknown_label"),
    # empty "-" relation items
    ("Impactanalyse-AI-verordening.md", "6", "algokader.empty_item"),
    ("roadmap-inwerkingtreding-AI-verordening.md", "6", "algokader.empty_item"),
    # a front-matter key given twice (hide:)
    ("2-owp-18-leveren-bewijs-door-aanbieder-niet-schenden-auteursrechten.md", "28",
     "algokader.front_matter"),
    # list items glued to a paragraph line: text on the official site
    ("CONTRIBUTING.md", "26", "algokader.markdown"),
    ("CONTRIBUTING.md", "35", "algokader.markdown"),
    ("geautomatiseerde-risicoselectie.md", "76", "algokader.markdown"),
    ("generatieve-ai.md", "48", "algokader.markdown"),
    ("standaarden.md", "88", "algokader.markdown"),
    ("4-owk-02-stopzetten-gebruik.md", "55", "algokader.markdown"),
    ("aia-21-gebruiksverantwoordelijken-menselijk-toezicht.md", "47", "algokader.markdown"),
    # an unresolved Git merge conflict
    ("generatieve-ai.md", "45", "algokader.markdown"),
    ("generatieve-ai.md", "47", "algokader.markdown"),
    ("generatieve-ai.md", "49", "algokader.markdown"),
    # links to anchors that do not exist, or to nothing
    ("ontwikkelen.md", "17", "myst.xref_missing"),
    ("verificatie-en-validatie.md", "19", "myst.xref_missing"),
    ("sitemap.md", "62", "myst.xref_missing"),
    ("veelgestelde-vragen.md", "62", "myst.xref_missing"),
    ("2-owp-33-technische-interventies-robuustheid.md", "35", "myst.xref_missing"),
    ("aia-26-recht-op-uitleg-ai-besluiten.md", "54", "myst.xref_missing"),
    # skipped heading levels (H2 followed by H4 or H5)
    ("standaarden.md", "93", "myst.header"),
    ("toetsingskader-risicoprofilering.md", "37", "myst.header"),
    ("3-dat-12-fair-data.md", "37", "myst.header"),
    ("3-dat-12-fair-data.md", "54", "myst.header"),
    ("3-dat-12-fair-data.md", "60", "myst.header"),
    ("3-dat-12-fair-data.md", "70", "myst.header"),
    ("5-ver-03-biasanalyse.md", "64", "myst.header"),
    ("5-ver-03-biasanalyse.md", "80", "myst.header"),
    ("6-imp-09-interventies-ux.md", "41", "myst.header"),
    ("6-imp-09-interventies-ux.md", "45", "myst.header"),
    ("6-imp-09-interventies-ux.md", "49", "myst.header"),
    ("6-imp-09-interventies-ux.md", "54", "myst.header"),
    ("6-imp-09-interventies-ux.md", "58", "myst.header"),
    ("6-imp-09-interventies-ux.md", "61", "myst.header"),
    ("avg-10-recht-op-niet-geautomatiseerde-besluitvorming.md", "78", "myst.header"),
    ("avg-10-recht-op-niet-geautomatiseerde-besluitvorming.md", "92", "myst.header"),
    ("avg-10-recht-op-niet-geautomatiseerde-besluitvorming.md", "96", "myst.header"),
    ("avg-10-recht-op-niet-geautomatiseerde-besluitvorming.md", "100", "myst.header"),
    ("avg-10-recht-op-niet-geautomatiseerde-besluitvorming.md", "106", "myst.header"),
}


@pytest.fixture(scope="module")
def corpus_html(tmp_path_factory):
    root = copy_corpus(tmp_path_factory.mktemp("corpus-html"))
    return build(root / "docs", "html", builddir=root / "_build")


@pytest.fixture(scope="module")
def corpus_latex(tmp_path_factory):
    root = copy_corpus(tmp_path_factory.mktemp("corpus-latex"))
    return build(root / "docs", "latex", builddir=root / "_build")


def test_every_warning_is_a_known_defect_of_the_source(corpus_html):
    found = {(f, line, sub) for f, line, _msg, sub in warnings_of(corpus_html)}
    assert found == KNOWN_DEFECTS


# --- lists, worked out independently from the front matter ----------------

def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    data = yaml.safe_load(text.split("\n---", 1)[0][3:])
    return data if isinstance(data, dict) else {}


@functools.lru_cache(maxsize=None)
def _items(kind_folder: str) -> list[tuple[str, dict]]:
    """(path relative to docs, front matter) of a kind, in Python's path order."""
    folder = CORPUS / "docs" / ITEMS / kind_folder
    return sorted(((p.relative_to(CORPUS / "docs").as_posix(), _front_matter(p))
                   for p in folder.glob("*.md") if p.name != "index.md"), key=lambda x: x[0])


def _names(path: str, meta: dict) -> set[str]:
    urn = str(meta.get("id") or "")
    return {Path(path).stem, urn, urn.rsplit(":", 1)[-1]} - {""}


def _values(meta: dict, key: str) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _expected_rows(marker: str, tokens: list[str]) -> list[str]:
    items = _items(KIND_FOLDERS[marker])
    filters = [t.split("/", 1) for t in tokens if "/" in t]
    rows = []
    for path, meta in items:
        ok = True
        for key, value in filters:
            key = "rollen" if key == "rol" else key
            if key in ("vereiste", "maatregel"):
                targets = {n for p, m in _items(key + ("n" if key == "vereiste" else "en"))
                           for n in _names(p, m) if value in _names(p, m)} or {value}
                ok &= any(v in targets for v in _values(meta, key))
            else:
                ok &= value in _values(meta, key)
        if ok:
            rows.append(meta.get("title") or Path(path).stem)
    return rows


_MARKER_RE = re.compile(r"<!--\s*(list_vereisten|list_maatregelen|list_hulpmiddelen)\b([^>]*?)-->")
_TABLE_RE = re.compile(r'<div class="algokader-list[^"]*"[^>]*>(.*?)</table>'
                       r'|<p class="algokader-list[^"]*"[^>]*>(.*?)</p>', re.DOTALL)


def _row_titles(block: str) -> list[str]:
    rows = re.findall(r"<tr[^>]*algokader-row[^>]*>(.*?)</tr>", block, re.DOTALL)
    out = []
    for row in rows:
        link = re.search(r'<span class="doc">(.*?)</span>', row, re.DOTALL)
        cell = link.group(1) if link else re.findall(r"<td>(.*?)</td>", row, re.DOTALL)[0]
        out.append(html.unescape(re.sub(r"<[^>]+>", "", cell)).strip())
    return out


def test_every_list_holds_the_rows_of_the_front_matter(corpus_html):
    checked = 0
    for source in sorted((CORPUS / "docs").rglob("*.md")):
        text = source.read_text(encoding="utf-8")
        markers = [(m.group(1), m.group(2).split()) for m in _MARKER_RE.finditer(text)
                   if not m.group(1).endswith("_page")]
        markers = [m for m in markers if m[0] in KIND_FOLDERS]
        if not markers:
            continue
        page = corpus_html.outdir / source.relative_to(CORPUS / "docs").with_suffix(".html")
        blocks = ["".join(m) for m in _TABLE_RE.findall(page.read_text(encoding="utf-8"))]
        # on-page relation lists (list_*_on_*_page) come from a different marker
        relation_lists = len(re.findall(r"<!--\s*list_\w+_page\s*-->", text))
        assert len(blocks) == len(markers) + relation_lists, source
        blocks = [b for b in blocks if "<th" not in b or "ID</p></th>" not in b]
        for (marker, tokens), block in zip(markers, blocks):
            assert _row_titles(block) == _expected_rows(marker, tokens), (source, marker, tokens)
            checked += 1
    assert checked > 100


def test_on_page_relation_lists_show_dangling_names_as_text(corpus_html):
    page = (corpus_html.outdir / ITEMS / "maatregelen" / "2-owp-30-informeer-betrokkenen.html").read_text()
    assert 'class="algokader-row algokader-dangling' in page
    assert "aia-08-transparantie-aan-gebruikersverantwoordelijken" in page


# --- what MkDocs-only syntax became ----------------------------------------

LEAKS = {
    "admonition": r"^\s*(!!!|\?\?\?)",
    "attribute list": r"\{\s*[.#][\w-]+[^}]*\}|\{\s*data-search-exclude\s*\}|\{target=",
    "block": r"^\s*///",
    "icon": r":material-[\w-]+:",
    "md_in_html": r"\bmarkdown>",
}


def _pages(outdir: Path):
    for path in sorted(outdir.rglob("*.html")):
        if "_static" in path.parts or path.name in ("search.html", "genindex.html"):
            continue
        text = path.read_text(encoding="utf-8")
        start = text.find('<div class="body"')
        yield path, text[start:text.find('<div class="sphinxsidebar"', start)]


def test_no_mkdocs_syntax_shows_as_text(corpus_html):
    for path, body in _pages(corpus_html.outdir):
        assert "&lt;!--" not in body and "<!-- list_" not in body and "<!-- tags" not in body, path
        text = html.unescape(re.sub(r"<[^>]+>", "\n", body))
        for name, pattern in LEAKS.items():
            assert not re.search(pattern, text, re.M), (path, name)


def test_admonitions_collapsibles_and_containers(corpus_html):
    faq = (corpus_html.outdir / "over-het-algoritmekader" / "veelgestelde-vragen.html").read_text()
    assert '<details class="admonition expander">' in faq
    assert '<summary class="admonition-title">Wat is het Algoritmekader?</summary>' in faq
    index = (corpus_html.outdir / "levenscyclus" / "index.html").read_text()
    assert 'class="grid cards docutils container"' in index
    buttons = (corpus_html.outdir / ITEMS / "hulpmiddelen" / "DPIA.html").read_text()
    assert 'class="button md-button--secondary reference external"' in buttons


def test_glossary_terms_are_abbreviations(corpus_html):
    total = sum(body.count("<abbr ") for _path, body in _pages(corpus_html.outdir))
    assert 2300 <= total <= 2900, total
    page = (corpus_html.outdir / ITEMS / "vereisten" / "aia-09-menselijk-toezicht.html").read_text()
    match = re.search(r'<abbr title="([^"]+)">aanbieder</abbr>', page)
    assert match and match.group(1).startswith("Een natuurlijke of rechtspersoon")


def test_titles_navigation_and_search_exclusion(corpus_html):
    page = (corpus_html.outdir / "levenscyclus" / "ontwikkelen.html").read_text()
    assert "<title>Fase 4, ontwikkelen" in page  # the front-matter title names the page
    assert '<section class="no-search" id="vereisten-ontwikkelfase">' in page
    # every page is in the toctree (no toc.not_included warning above), and
    # the nav's order is the toctree's order
    top = corpus_html.env.toctree_includes["index"]
    assert top[:6] == ["soorten-algoritmes-en-ai/index", "onderwerpen/index", "levenscyclus/index",
                       "rollen/index", "voldoen-aan-wetten-en-regels/index", "ai-verordening/index"]
    # item pages that the site reaches only through its tables hang below their index
    vereisten = corpus_html.env.toctree_includes[f"{ITEMS}/vereisten/index"]
    assert f"{ITEMS}/vereisten/aia-09-menselijk-toezicht" in vereisten


def test_latex_holds_the_lists_as_tables(corpus_latex):
    (tex,) = corpus_latex.outdir.glob("*.tex")
    text = tex.read_text(encoding="utf-8")
    tables = re.findall(r"\\begin\{(?:longtable|tabulary|tabular)\*?\}.*?\\end\{(?:longtable|tabulary|tabular)\*?\}",
                        text, re.DOTALL)
    listed = [t for t in tables if "vereisten/aia-09-menselijk-toezicht::doc" in t]
    assert listed, "a requirement title should appear inside a table"
    assert len(tables) > 100
