"""The navigation built once per build (sphinx_algokader/navigation.py).

Its ``toctree()`` must give, on every page and for the arguments every
theme the docs name passes, the HTML Sphinx's own ``toctree()`` gives:
``navcheck.py`` (a test extension) calls both on every page. Then: html and
dirhtml, ``-j 2`` equal to serial, incremental builds that put a new page
in every page's navigation, the defaults (on in compat mode, off
otherwise), and the official corpus in compat mode."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

import navcheck
from conftest import CORPUS, ROOTS, build, copy_corpus, warnings_of

ROOT = ROOTS / "test-navigation"
#: Sphinx's test application builds alabaster handbooks with "basic" unless told
THEME = {"html_theme": "alabaster"}
CHECKED = {"extensions": ["sphinx_algokader", "navcheck"], **THEME}


def _copy(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    return src


def _assert_equal_to_sphinx(outdir: Path, pages: int) -> dict[str, dict]:
    records = navcheck.read(outdir)
    assert len(records) == pages
    for page, record in records.items():
        assert record.pop("replaced"), f"{page}: toctree() not replaced"
        for arguments, (ours, sphinx) in record.items():
            assert ours == sphinx, f"{page}, toctree({navcheck.ARGUMENTS.get(arguments)})"
    return records


def _sidebar(html: str) -> str:
    """The navigation of a written page (alabaster's navigation.html)."""
    match = re.search(r"<h3>Navigatie</h3>\n(.*?)\n\s*<div class=\"relations\">", html,
                      re.DOTALL)
    assert match, "no navigation in the page"
    return match[1]


# 17 pages (r.rst: a reST page without a field list, so without metadata in
# a serial build) and genindex, search
PAGES = 19


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_navigation_equals_sphinx_on_every_page(tmp_path, builder):
    src = _copy(tmp_path)
    app = build(src, builder, confoverrides=CHECKED)
    assert warnings_of(app) == []
    records = _assert_equal_to_sphinx(app.outdir, PAGES)
    # the arguments alabaster passes: the current page and its ancestors marked
    nav = records["a/b/b1"]["alabaster"][0]
    index = "../../" if builder == "dirhtml" else "../index.html"
    assert f'<li class="toctree-l1 current"><a class="reference internal" href="{index}">' \
           "Deel A</a>" in nav
    assert '<li class="toctree-l2 current">' in nav and '<li class="toctree-l3 current">' in nav
    assert '<li class="toctree-l4 current"><a class="current reference internal" href="#">' \
           "B een</a>" in nav
    # siblings of ancestors show, the branches of other pages stay closed
    assert ">X pagina</a></li>" in nav and "X sectie" not in nav
    # the written page holds it, in alabaster's sidebar
    page = app.outdir / ("a/b/b1/index.html" if builder == "dirhtml" else "a/b/b1.html")
    assert _sidebar(page.read_text(encoding="utf-8")) == nav.rstrip("\n")


def test_titles_numbers_links_and_escaping(tmp_path):
    app = build(_copy(tmp_path), "html", confoverrides=CHECKED)
    records = _assert_equal_to_sphinx(app.outdir, PAGES)
    full = records["n/n1"]["globaltoc"][0]
    assert 'href="../a/a1.html">Pagina <code class="docutils literal notranslate">' in full
    assert '<a class="current reference internal" href="#">1. N een</a>' in full  # :numbered:
    assert 'href="../q.html">Q &amp; A “vragen” &#64;thuis</a>' in full  # smartquotes
    assert '<a class="reference external" href="https://example.org/algoritmekader">' in full
    assert '<span class="caption-text">Deel &quot;een&quot;</span>' in full
    # a page included twice is marked at both places
    shared = records["a/gedeeld"]["globaltoc"][0]
    assert shared.count('<a class="current reference internal" href="#">3. Gedeelde pagina</a>') \
        == 2


def test_parallel_equals_serial(tmp_path):
    serial = build(_copy(tmp_path / "serial"), "html", confoverrides=CHECKED)
    parallel = build(_copy(tmp_path / "parallel"), "html", confoverrides=CHECKED, parallel=2)
    one = _assert_equal_to_sphinx(serial.outdir, PAGES)
    two = _assert_equal_to_sphinx(parallel.outdir, PAGES)
    assert one == two
    for page in serial.outdir.rglob("*.html"):
        other = parallel.outdir / page.relative_to(serial.outdir)
        if "_static" not in page.parts and page.name not in ("genindex.html", "search.html"):
            assert _sidebar(page.read_text()) == _sidebar(other.read_text()), page


def _written(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns
            for p in outdir.rglob("*.html") if "_static" not in p.parts}


def _rebuild(src: Path, builder: str = "html"):
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=src, freshenv=False, confoverrides=THEME)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_new_page_appears_in_every_page_after_an_incremental_build(tmp_path, builder):
    src = _copy(tmp_path)
    first = build(src, builder, confoverrides=THEME)
    before = _written(first.outdir)
    # a body edit that the navigation does not show: only that page is written,
    # and the page whose toctree holds it (Sphinx's own rule)
    y = src / "y.md"
    y.write_text(y.read_text() + "\nMeer tekst.\n")
    app = _rebuild(src, builder)
    after = _written(app.outdir)
    changed = {p for p in after if after[p] != before[p]}
    assert changed - {"genindex.html", "search.html", "genindex/index.html",
                      "search/index.html"} == {"y/index.html" if builder == "dirhtml"
                                               else "y.html", "index.html"}
    # a new page in the root toctree: every page shows it
    (src / "nieuw.md").write_text("# Nieuwe pagina\n\nNet toegevoegd.\n")
    index = src / "index.md"
    index.write_text(index.read_text().replace("n/index\n```", "n/index\nnieuw\n```", 1))
    app = _rebuild(src, builder)
    assert warnings_of(app) == []
    pages = [p for p in app.outdir.rglob("*.html") if "_static" not in p.parts]
    assert len(pages) == PAGES + 1
    for page in pages:
        assert ">Nieuwe pagina</a>" in _sidebar(page.read_text()), page
    # a heading the navigation shows, renamed: every page shows the new title
    x = src / "x.md"
    x.write_text(x.read_text().replace("# X pagina", "# X pagina hernoemd"))
    app = _rebuild(src, builder)
    for page in pages:
        assert ">X pagina hernoemd</a>" in _sidebar(page.read_text()), page
    # and the result is what a fresh build of the same sources writes
    fresh_src = tmp_path / "fresh"
    shutil.copytree(src, fresh_src, ignore=shutil.ignore_patterns("_build"))
    fresh = build(fresh_src, builder, confoverrides=THEME)
    for page in pages:
        relative = page.relative_to(app.outdir)
        assert _sidebar(page.read_text()) == _sidebar((fresh.outdir / relative).read_text())


def test_off_by_default_outside_compat_mode_and_switchable(tmp_path):
    src = _copy(tmp_path)
    app = build(src, "html", confoverrides={**CHECKED, "algokader_fast_navigation": None})
    records = navcheck.read(app.outdir)
    assert records and not any(r["replaced"] for r in records.values())
    with pytest.raises(ConfigError, match="algokader_fast_navigation"):
        build(_copy(tmp_path / "bad"), "html", confoverrides={"algokader_fast_navigation": "ja"})


def test_what_it_does_not_model_is_left_to_sphinx(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_algokader", "navcheck"]\n'
                                 "algokader_fast_navigation = True\n")
    (src / "index.md").write_text("# Start\n\n```{toctree}\npagina\ngenindex\n```\n")
    (src / "pagina.md").write_text("# Pagina\n\n```{only} html\n## Alleen in HTML\n```\n")
    app = build(src, "html")
    assert "left to Sphinx's toctree(): toctree entry 'genindex'" in app.status.getvalue()
    for record in navcheck.read(app.outdir).values():
        record.pop("replaced")
        assert all(ours == sphinx for ours, sphinx in record.values())


# --- the official corpus in compat mode --------------------------------------

corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"official corpus not found at {CORPUS} (../shared/corpora)")


@corpus
def test_corpus_navigation_on_every_page_as_the_theme_gives_it(tmp_path):
    root = copy_corpus(tmp_path)
    conf = root / "docs" / "conf.py"
    conf.write_text(conf.read_text().replace('"sphinx_algokader"', '"sphinx_algokader", "navcheck"')
                    + 'navcheck_arguments = {"alabaster": {"includehidden": True, '
                      '"collapse": True}}\n')
    app = build(root / "docs", "html", builddir=root / "_build", confoverrides=THEME)
    records = navcheck.read(app.outdir)
    pages = [p for p in app.outdir.rglob("*.html") if "_static" not in p.parts]
    assert len(records) == len(pages) > 250
    for page, record in records.items():
        assert record["replaced"]
        ours, sphinx = record["alabaster"]
        assert ours == sphinx, page
        if page not in ("index", "genindex", "search"):
            # the current page is marked on every page of the framework
            assert '<a class="current reference internal" href="#">' in ours, page
    # the top level follows mkdocs.yml's nav, in its order
    top = re.findall(r'<li class="toctree-l1[^"]*"><a [^>]*>([^<]*)</a>',
                     records["index"]["alabaster"][0])
    assert top[:6] == ["Soorten algoritmes en AI", "Onderwerpen", "Levenscyclus", "Rollen",
                       "Voldoen aan wetten en regels", "AI-verordening"]
    # a requirement's page: its ancestors open, itself marked
    avg = records["voldoen-aan-wetten-en-regels/vereisten/"
                  "avg-02-beperkte-bewaartermijn-van-persoonsgegevens"]["alabaster"][0]
    assert re.search(r'<li class="toctree-l1 current"><a class="reference internal" '
                     r'href="../index.html">Voldoen aan wetten en regels</a>', avg)
    assert re.search(r'<li class="toctree-l2 current"><a class="reference internal" '
                     r'href="index.html">Vereisten</a>', avg)
    for page in pages:
        # (compat mode sets language after Sphinx chose its own labels' language)
        assert re.search(r"<h3>Navigati(e|on)</h3>\n<ul", page.read_text(encoding="utf-8")), page


def test_a_folder_that_nav_does_not_name_hangs_below_its_own_index(tmp_path):
    """A handbook adds a folder of its own to the official source without
    naming it in nav (the docs say: below the nearest index page of its
    folder): its pages hung flat below the home page, among the official
    sections, because the folder's index was not placed by nav either."""
    project = tmp_path / "project"
    docs = project / "docs"
    (docs / "regels").mkdir(parents=True)
    (docs / "algoritmen" / "archief").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Test\nnav:\n- index.md\n- Regels:\n  - regels/index.md\n  - regels/a.md\n")
    for name, title in [("index", "Start"), ("regels/index", "Regels"), ("regels/a", "A"),
                        ("regels/los", "Los"), ("algoritmen/index", "Algoritmen"),
                        ("algoritmen/chatbot", "Chatbot"),
                        ("algoritmen/archief/oud", "Oud")]:
        (docs / f"{name}.md").write_text(f"# {title}\n")
    (docs / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n')
    app = build(docs)
    assert warnings_of(app) == []
    includes = app.env.toctree_includes
    assert includes["index"] == ["regels/index", "algoritmen/index"]
    assert includes["algoritmen/index"] == ["algoritmen/archief/oud", "algoritmen/chatbot"]
    assert includes["regels/index"] == ["regels/a", "regels/los"]
