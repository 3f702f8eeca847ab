"""Lists hold the right rows, in the right order, with the right columns."""

from __future__ import annotations

import re
import shutil

import pytest
from docutils import nodes

from conftest import ROOTS, header, lists_of, resolved, table_rows, titles, warnings_of

WOO = "Informatie is openbaar <script>alert(1)</script>"
AIA = "AI-geletterdheid is geborgd"
AVG = "Persoonsgegevens worden niet langer bewaard dan nodig"
OWK = "Stel bewaartermijnen vast"
ORG = "Bepaal of er genoeg expertise is"


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_clean_build_has_no_warnings(app):
    app.build()
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_lifecycle_page_lists(app):
    app.build()
    lists = lists_of(resolved(app, "levenscyclus/ontwikkelen"))
    assert len(lists) == 3  # the inline comment is no marker
    # rows in source-path order, as Python sorts (uppercase first)
    assert titles(lists[0]) == [WOO, AIA, AVG]
    assert header(lists[0]) == ["Vereiste", "Wet"]
    assert table_rows(lists[0])[0] == [WOO, "Woo"]
    assert table_rows(lists[0])[1] == [AIA, "AI-verordening"]
    assert titles(lists[1]) == [OWK]
    assert header(lists[1]) == ["Maatregel"]
    # two filters are ANDed; add-id shows the hidden id column
    assert header(lists[2]) == ["ID", "Vereiste", "Wet", "Rol", "Levenscyclus", "Onderwerp"]
    assert table_rows(lists[2]) == [
        ["woo-01", WOO, "Woo", "Beleid en advies, Jurist", "Ontwikkelen", "Transparantie"],
        ["aia-01", AIA, "AI-verordening", "Projectleider, Jurist",
         "Organisatieverantwoordelijkheden, Ontwikkelen", "Governance"],
        ["avg-02", AVG, "AVG", "Jurist", "Ontwikkelen, Monitoring en beheer",
         "Privacy en gegevensbescherming"],
    ]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_empty_list_says_so(app):
    app.build()
    (empty,) = lists_of(resolved(app, "levenscyclus/uitfaseren"))
    assert isinstance(empty, nodes.paragraph)
    assert empty.astext() == "Geen vereisten gevonden."
    assert "algokader-list" in empty["classes"]
    jurist = lists_of(resolved(app, "rollen/jurist"))
    assert jurist[2].astext() == "Geen hulpmiddelen gevonden."


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_relation_filters_match_however_named(app):
    app.build()
    # avg-02 is named by file name on the measure page
    (avg,) = lists_of(resolved(app, "vereisten/avg-02-beperkte-bewaartermijn"))
    assert titles(avg) == [OWK]
    # aia-01 is named by URN on one measure and by short code on the other
    (aia,) = lists_of(resolved(app, "vereisten/aia-01-ai-geletterdheid"))
    assert titles(aia) == [ORG, OWK]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_on_page_relation_lists_keep_front_matter_order(app):
    app.build()
    (owk,) = lists_of(resolved(app, "maatregelen/4-owk-01-bewaartermijn"))
    assert header(owk) == ["ID", "Vereiste", "Wet"]
    assert [row[0] for row in table_rows(owk)] == ["avg-02", "aia-01", "woo-01"]
    maatregelen, vereisten = lists_of(resolved(app, "hulpmiddelen/DPIA"))
    assert titles(maatregelen) == [OWK, ORG]
    assert titles(vereisten) == [AVG]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_directives_in_myst_and_rest(app):
    app.build()
    by_title, measures, tools = lists_of(resolved(app, "rollen/jurist"))
    tables = list(by_title.findall(nodes.table))
    assert tables[0].next_node(nodes.title).astext() == "Vereisten voor juristen"
    assert titles(by_title) == [AIA, WOO, AVG]  # :sort: title
    assert header(measures) == ["Maatregel", "Levenscyclus", "Onderwerp"]
    assert titles(measures) == [OWK]
    (rest,) = lists_of(resolved(app, "maatregelen/0-org-01-expertise"))
    assert titles(rest) == [AIA]
    # the folder's index page is no item; a page without id in the folder is
    (tools_list,) = lists_of(resolved(app, "hulpmiddelen/index"))
    assert titles(tools_list) == ["Gegevensbeschermingseffectbeoordeling"]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_tags(app):
    app.build()
    doctree = resolved(app, "vereisten/avg-02-beperkte-bewaartermijn")
    badges = [n for n in doctree.findall(nodes.inline) if "algokader-tag" in n["classes"]]
    assert [b.astext() for b in badges] == [
        "avg-02", "Ontwikkelen", "Monitoring en beheer", "Jurist", "Privacy en gegevensbescherming"]
    html = (app.outdir / "vereisten/avg-02-beperkte-bewaartermijn.html").read_text()
    # badges link to the label's own page where the handbook has one
    assert 'href="../levenscyclus/ontwikkelen.html"' in html
    assert 'href="../rollen/jurist.html"' in html
    # tags-ai-act leaves out niet-van-toepassing
    doctree = resolved(app, "vereisten/aia-01-ai-geletterdheid")
    woo = resolved(app, "vereisten/Woo-01-openbaarheid")
    assert not [n for n in woo.findall(nodes.inline) if "algokader-tag-risicogroep" in n["classes"]]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_output(app):
    app.build()
    html = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    # titles link to the item pages
    assert '<a class="reference internal" href="../vereisten/avg-02-beperkte-bewaartermijn.html">' in html
    # front matter is escaped
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # heading attribute lists neither show nor end up in anchors
    assert "data-search-exclude" not in html
    assert 'id="vereisten-ontwikkelfase"' in html
    # HTML ids are unique on the page
    import re
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('class="algokader-list') == 3
    # the front-matter title is the page title
    assert "<title>Fase 4: Ontwikkelen" in html


@pytest.mark.sphinx("text", testroot="basic", freshenv=True)
def test_text_builder(app):
    app.build()
    text = (app.outdir / "levenscyclus/ontwikkelen.txt").read_text()
    assert "Fase 4: Ontwikkelen" in text.splitlines()[0]
    assert "| Vereiste" in text and "Persoonsgegevens worden niet langer" in text
    assert "Geen vereisten gevonden." in (app.outdir / "levenscyclus/uitfaseren.txt").read_text()


@pytest.mark.sphinx("singlehtml", testroot="basic", freshenv=True)
def test_singlehtml_links_stay_in_the_one_page(app):
    app.build()
    html = (app.outdir / "index.html").read_text()
    assert 'href="#document-vereisten/avg-02-beperkte-bewaartermijn"' in html
    assert html.count('class="algokader-row') >= 7


@pytest.mark.sphinx("dirhtml", testroot="basic", freshenv=True)
def test_dirhtml_links_point_at_folders(app):
    app.build()
    html = (app.outdir / "levenscyclus/ontwikkelen/index.html").read_text()
    assert 'href="../../vereisten/avg-02-beperkte-bewaartermijn/"' in html


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_html_table_markup_is_what_themes_expect(app):
    """The HTML fast path writes the markup of a docutils table."""
    app.build()
    html = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    table = html[html.index('<table class="algokader-table'):]
    table = table[:table.index("</table>")]
    assert table.startswith('<table class="algokader-table longtable docutils '
                            'align-default" id="algokader-vereisten-1-table">')
    assert "<colgroup>" in table
    assert re.search(r'<th class="head algokader-col-title" style="--algokader-head: [\d.]+em">'
                     r'<p>Vereiste</p></th>', table)
    rows = re.findall(r'<tr class="algokader-row (row-\w+)">', table)
    assert rows[:3] == ["row-even", "row-odd", "row-even"]  # the header row is row-odd
    # in a scroll region of its own, named by what it lists: two lists of
    # one page have different names
    assert ('<div class="algokader-scroll" role="region" tabindex="0" '
            'aria-label="Lijst van vereisten: Levenscyclus Ontwikkelen">\n'
            '<table class="algokader-table') in html
    assert 'aria-label="Lijst van vereisten: Levenscyclus Ontwikkelen; Rol Jurist"' in html
    # a requirement's own measures: the requirement by its code
    own = (app.outdir / "vereisten/aia-01-ai-geletterdheid.html").read_text()
    assert 'aria-label="Lijst van maatregelen: Vereiste aia-01"' in own


def test_html_page_context_gets_the_rows_without_their_repr(tmp_path):
    """Sphinx logs repr() of an event's arguments before it calls a
    listener: the rows wait for html-page-context (table.restore_rows),
    and every listener, its template and the page get them."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-basic", src)
    page = src / "levenscyclus/ontwikkelen.md"
    # a page's own comment of the placeholder's form stays as it is
    page.write_text(page.read_text() + '\n<div><!--algokader-deferred 1 0--></div>\n')
    bodies = {}

    def listener(app, pagename, templatename, context, doctree):
        bodies[pagename] = context.get("body", "")

    app = SphinxTestApp("html", srcdir=src, freshenv=True, verbosity=2)
    app.connect("html-page-context", listener)
    try:
        app.build()
    finally:
        app.cleanup()
    html = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    assert html.count('<tr class="algokader-row') == bodies["levenscyclus/ontwikkelen"].count(
        '<tr class="algokader-row') == 7
    assert "<!--algokader-deferred 1 0-->" in html
    assert not re.search(r"<!--algokader-deferred \d+ \d+-->(?!</div>)", html)
    debug = app.status.getvalue()
    emitted = [line for line in debug.splitlines()
               if "emitting event: 'html-page-context'('levenscyclus/ontwikkelen'" in line]
    assert emitted and 'class="algokader-row' not in "".join(emitted)


@pytest.mark.sphinx("epub", testroot="basic", freshenv=True,
                    confoverrides={"copyright": "2026", "version": "1"})
def test_epub_builder(app):
    app.build()
    page = (app.outdir / "levenscyclus/ontwikkelen.xhtml").read_text()
    assert page.count('class="algokader-row') == 7
    assert 'href="../vereisten/avg-02-beperkte-bewaartermijn.xhtml"' in page


@pytest.mark.sphinx("html", testroot="basic", freshenv=True,
                    confoverrides={"myst_title_to_header": True})
def test_myst_title_to_header_gives_one_h1(app):
    app.build()
    html = (app.outdir / "vereisten/avg-02-beperkte-bewaartermijn.html").read_text()
    assert html.count("<h1>") == 1
    assert warnings_of(app) == []


@pytest.mark.sphinx("latex", testroot="basic", freshenv=True)
def test_latex_builder(app):
    app.build()
    (tex,) = app.outdir.glob("*.tex")
    text = tex.read_text()
    assert "Persoonsgegevens worden niet langer bewaard dan nodig" in text
    assert r"\begin{longtable}" in text or r"\begin{tabulary}" in text or r"\begin{tabular" in text
    # rows link to their items
    assert r"\hyperref[\detokenize{vereisten/avg-02-beperkte-bewaartermijn::doc}]" in text
    assert "Geen vereisten gevonden." in text
    assert "data-search-exclude" not in text
    assert warnings_of(app) == []


@pytest.mark.sphinx("html", testroot="basic", freshenv=True, confoverrides={"language": "en"})
def test_english_strings_when_language_is_not_dutch(app):
    app.build()
    lists = lists_of(resolved(app, "levenscyclus/ontwikkelen"))
    assert header(lists[2]) == ["ID", "Requirement", "Law", "Role", "Lifecycle", "Topic"]
    assert table_rows(lists[2])[1][2:] == [
        "AI Act", "Project manager, Legal professional",
        "Organisational responsibilities, Development", "Governance"]
    assert lists_of(resolved(app, "levenscyclus/uitfaseren"))[0].astext() == "No requirements found."
    # the framework's pages are in Dutch, the handbook's own in English: a
    # screen reader reads each in the language its <html lang> says (WCAG 3.1.1)
    item = (app.outdir / "vereisten" / "avg-02-beperkte-bewaartermijn.html").read_text()
    assert '<html lang="nl"' in item
    assert '<html lang="en"' in (app.outdir / "levenscyclus" / "ontwikkelen.html").read_text()


def test_an_item_is_linked_by_its_urn_in_the_handbook_and_from_another(tmp_path):
    """The URN is an item's name in every edition; its file name is not.
    ``{ref}`` to the URN links the page by its title, in the handbook and,
    through intersphinx, from another project (objects.inv holds it)."""
    from conftest import build, embedded_handbook

    src = embedded_handbook(tmp_path / "hb")
    (src / "index.md").write_text(
        "# Ons handboek\n\n```{toctree}\nalgoritmekader/index\n```\n\n"
        "Zie {ref}`urn:nl:ak:mtr:org-01` en {ref}`de AVG <urn:nl:ak:ver:avg-01>`.\n",
        encoding="utf-8")
    hb = build(src)
    assert warnings_of(hb) == []
    index = (hb.outdir / "index.html").read_text(encoding="utf-8")
    links = dict(reversed(m) for m in re.findall(
        r'<a class="reference internal" href="([^"]+)"><span class="std std-ref">([^<]+)<',
        index))
    assert links["Ga na of je genoeg kennis en mensen hebt voor het werken met algoritmes"] \
        .startswith("algoritmekader/maatregelen/0-org-01-benodigde-expertise-en-capaciteit.html#")
    assert links["de AVG"].startswith("algoritmekader/vereisten/avg-01-")
    other = tmp_path / "ander"
    other.mkdir()
    (other / "conf.py").write_text(
        "extensions = ['sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {{'hb': ('https://handboek.example/', "
        f"'{hb.outdir / 'objects.inv'}')}}\n", encoding="utf-8")
    (other / "index.rst").write_text(
        "Ander\n=====\n\nZie :external+hb:ref:`urn:nl:ak:mtr:org-01`.\n", encoding="utf-8")
    them = build(other)
    assert warnings_of(them) == []
    assert 'href="https://handboek.example/algoritmekader/maatregelen/0-org-01-' in \
        (them.outdir / "index.html").read_text(encoding="utf-8")


def test_the_urn_label_passes_to_the_other_page_of_a_shared_urn(make_app, tmp_path):
    """Of two pages with one URN (a warning of its own) only the first
    read has the URN as a label. When that page was deleted, an
    incremental build left the label undefined: the other page was not
    read again to take it."""
    src = tmp_path / "hb"
    shutil.copytree(ROOTS / "test-basic", src)
    first = src / "vereisten" / "avg-02-beperkte-bewaartermijn.md"
    text = first.read_text(encoding="utf-8")
    copy = first.with_name("avg-02-kopie.md")
    copy.write_text(text.replace("title:", "title: Kopie van", 1), encoding="utf-8")
    (src / "verwijzing.md").write_text(
        "---\norphan: true\n---\n# Verwijzing\n\nZie {ref}`urn:nl:ak:ver:avg-02`.\n",
        encoding="utf-8")
    builddir = tmp_path / "build"
    app = make_app("html", srcdir=src, builddir=builddir, freshenv=True)
    app.build()
    app.cleanup()
    first.unlink()
    page = src / "verwijzing.md"  # (Sphinx re-writes no page for a moved label)
    page.write_text(page.read_text(encoding="utf-8") + "\nBijgewerkt.\n", encoding="utf-8")
    again = make_app("html", srcdir=src, builddir=builddir)
    again.build()
    assert "undefined label" not in again.warning.getvalue()
    assert 'href="vereisten/avg-02-kopie.html' in \
        (again.outdir / "verwijzing.html").read_text(encoding="utf-8")
