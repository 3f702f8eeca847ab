"""HTML extras (controls, data, downloads) and the build-time AI Act profile."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import ROOTS, build, lists_of, resolved, titles, warnings_of

ONE, TWO, THREE, FOUR = ("Geldt voor alle AI-systemen", "Geldt voor aanbieders van hoog-risico-AI",
                         "Geldt voor gebruiksverantwoordelijken van hoog-risico-AI", "Geldt altijd")


@pytest.mark.sphinx("html", testroot="profile", freshenv=True)
def test_build_time_profile(app):
    app.build()
    lists = lists_of(resolved(app, "lijsten"))
    assert titles(lists[0]) == [ONE, THREE, FOUR]  # a deployer of a high-risk system
    # an exempted system: aia-02's uitzondering holds, which excludes it; the
    # other AI Act requirements are high-risk duties; avg-01 always applies
    assert titles(lists[1]) == [FOUR]
    assert titles(lists[2]) == [ONE, TWO, THREE, FOUR]
    assert titles(lists[3]) == [ONE, TWO, THREE, FOUR]


@pytest.mark.sphinx("latex", testroot="profile", freshenv=True,
                    confoverrides={"algokader_profile": {"rol-ai-act": "aanbieder"}})
def test_profile_default_from_the_config_also_in_latex(app):
    app.build()
    lists = lists_of(resolved(app, "lijsten"))
    assert titles(lists[2]) == [ONE, TWO, FOUR]  # the handbook's default
    assert titles(lists[0]) == [ONE, THREE, FOUR]  # the list's own profile wins
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert "Geldt voor gebruiksverantwoordelijken" in tex


@pytest.mark.sphinx("html", testroot="profile", freshenv=True)
def test_profile_problems_warn_with_file_and_line(app):
    app.build()
    found = sorted((f, line, sub) for f, line, _m, sub in warnings_of(app))
    assert found == [("aia-03-gebruiker-hoog-risico.md", "7", "algokader.uitzondering"),
                     ("lijsten.md", "16", "algokader.bad_token")]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_only_csv_by_default(app):
    app.build()
    page = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    assert 'href="ontwikkelen.algokader-vereisten-1.csv"' in page
    assert ".xlsx" not in page and not list((app.outdir / "levenscyclus").glob("*.xlsx"))


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_downloads_lie_beside_a_page_in_a_folder_with_a_space(tmp_path, builder):
    """A page in "Map Ëen/" linked its CSV beside it, but the file was
    written to a folder named by the quoted URI ("Map%20%C3%8Ben/"): the
    link gave 404."""
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-profile", src)
    (src / "Map Ëen").mkdir()
    (src / "Map Ëen" / "lijst.md").write_text(
        "---\norphan: true\n---\n# Lijst\n\n<!-- list_vereisten -->\n", encoding="utf-8")
    app = build(src, builder)
    page = Path(app.outdir) / "Map Ëen" / ("lijst.html" if builder == "html"
                                            else "lijst/index.html")
    href = re.search(r'<a href="([^"]+\.csv)" download>', page.read_text()).group(1)
    assert (page.parent / unquote(href)).is_file()
    assert not list(Path(app.outdir).glob("Map%*"))


@pytest.mark.sphinx("html", testroot="profile", freshenv=True)
def test_html_controls_and_data(app):
    app.build()
    page = (app.outdir / "lijsten.html").read_text()
    assert page.count('<div class="algokader-controls" hidden>') == 5
    assert '<input type="search" id="algokader-vereisten-3-search"' in page
    assert 'data-key="levenscyclus"' in page and 'data-key="risicogroep"' in page
    assert 'role="status" aria-live="polite"' in page
    assert 'src="_static/algokader.js' in page and "_static/algokader.css" in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for block in re.findall(r'<script type="application/json" class="algokader-data">(.*?)</script>', page):
        data = json.loads(block)
        assert "rows" in data
    # pages without lists or badges get no script
    index = (app.outdir / "index.html").read_text()
    assert "algokader.js" not in index


@pytest.mark.sphinx("html", testroot="profile", freshenv=True)
def test_each_lists_search_box_and_downloads_have_names_of_their_own(app):
    """A screen reader that lists a page's form fields or links tells the
    lists' search boxes and CSV links apart: each is named after its table,
    as its scroll region is (the visible text stays "Zoeken", "CSV")."""
    app.build()
    page = (app.outdir / "lijsten.html").read_text()
    hidden = r'<span class="algokader-visually-hidden"> \(([^<]+)\)</span>'
    searches = re.findall(r'<label for="algokader-[a-z]+-\d+-search">Zoeken' + hidden, page)
    downloads = re.findall(r'<a href="[^"]+\.csv" download>CSV' + hidden + "</a>", page)
    regions = re.findall(r'<div class="algokader-scroll" role="region" tabindex="0" '
                         r'aria-label="([^"]+)">', page)
    assert searches == regions and len(set(regions)) > 1
    assert downloads and set(downloads) <= set(regions)


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_the_readers_profile_never_filters_a_pages_own_relations(app):
    # as the build-time profile: a measure serves aia-01 whatever the reader's
    # situation, so its page's list of requirements has no profile panel
    app.build()
    measure = (app.outdir / "maatregelen/4-owk-01-bewaartermijn.html").read_text()
    assert "aia-01" in measure and 'class="algokader-profile"' not in measure
    phase = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    assert 'class="algokader-profile"' in phase


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_front_matter_cannot_break_out_of_the_data(app):
    app.build()
    page = (app.outdir / "onderwerpen/transparantie.html").read_text()
    assert "<script>alert(1)</script>" not in page


def test_workbook_downloads_are_the_same_bytes_in_every_build(tmp_path):
    """openpyxl writes the time of saving into a workbook's properties,
    and both writers the time into each zip entry: every build published
    new bytes for the same table (and odfpy's namespace order could differ
    between processes). Built in two processes two seconds apart (a zip's
    time is counted in two-second steps), under different hash seeds."""
    import os
    import subprocess
    import sys
    import time
    import zipfile

    script = ("import sys; from pathlib import Path; from sphinx_algokader import spreadsheets; "
              "spreadsheets.write(Path(sys.argv[1]) / 'lijst', "
              "(['Titel', 'Rol'], [['Beleid', 'jurist'], ['Doel', 'ontwikkelaar']]), "
              "['xlsx', 'ods'])")
    for n, seed in enumerate(("1", "2")):
        (tmp_path / str(n)).mkdir()
        subprocess.run([sys.executable, "-c", script, str(tmp_path / str(n))], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        time.sleep(2.1)
    for suffix in ("xlsx", "ods"):
        first, second = ((tmp_path / n / f"lijst.{suffix}").read_bytes() for n in "01")
        assert first == second, suffix
        with zipfile.ZipFile(tmp_path / "0" / f"lijst.{suffix}") as book:
            assert book.testzip() is None
            if suffix == "ods":  # mimetype first and stored, as ODF asks
                info = book.infolist()[0]
                assert (info.filename, info.compress_type) == ("mimetype", zipfile.ZIP_STORED)


@pytest.mark.sphinx("html", testroot="basic", freshenv=True,
                    confoverrides={"algokader_downloads": ["csv", "xlsx", "ods"]})
def test_downloads_hold_exactly_the_rows(app):
    from odf import opendocument, table
    from openpyxl import load_workbook

    app.build()
    doctree = resolved(app, "levenscyclus/ontwikkelen")
    expected = [titles(element) for element in lists_of(doctree)]
    page = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    for n, list_id in enumerate(["algokader-vereisten-1", "algokader-maatregelen-1", "algokader-vereisten-2"]):
        base = app.outdir / "levenscyclus" / f"ontwikkelen.{list_id}"
        assert f'href="ontwikkelen.{list_id}.xlsx"' in page
        with open(f"{base}.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        assert [r[1] for r in body] == expected[n]
        # every label column, not only the shown ones
        assert {"Levenscyclus", "Rol"} <= set(header)
        sheet = load_workbook(f"{base}.xlsx").active
        xlsx = [[c.value or "" for c in row] for row in sheet.iter_rows()]
        assert xlsx == rows
        document = opendocument.load(f"{base}.ods")
        ods = [[str(cell) for cell in row.getElementsByType(table.TableCell)]
               for row in document.spreadsheet.getElementsByType(table.TableRow)]
        assert ods == rows


def test_a_views_data_island_is_each_rows_filter_values_as_json():
    """The data island of a records view, made of parts shared by rows with
    the same values: the same JSON as the whole written at once, for rows
    that share their values and rows that only look alike, and for two
    views with other filter keys that share one memo."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sphinx_algokader.interactive import _json_for_script, view_rows_json

    values = st.lists(st.text(max_size=6), max_size=3).map(tuple)
    labels = st.dictionaries(st.sampled_from(["status", "levenscyclus", "dekking"]), values,
                             max_size=3)

    @given(rows=st.lists(labels, max_size=8), picks=st.lists(st.integers(0, 7), max_size=8),
           keys=st.lists(st.sampled_from(["status", "levenscyclus", "dekking"]), unique=True))
    @settings(max_examples=200, deadline=None)
    def check(rows, picks, keys):
        shared = rows + [rows[i] for i in picks if i < len(rows)]  # the same objects again
        memo: dict = {}
        for view_keys in (keys, keys[::-1][:1]):
            island = view_rows_json(shared, view_keys, memo)
            assert island == _json_for_script({"rows": [
                {"labels": {k: list(r[k]) for k in view_keys if k in r}} for r in shared]})
            assert json.loads(island)["rows"] == [
                {"labels": {k: list(r[k]) for k in view_keys if k in r}} for r in shared]

    check()
