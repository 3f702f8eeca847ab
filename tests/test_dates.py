"""From when requirements apply: geldt-vanaf, the reference date, and how both show."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import build, lists_of, resolved, table_rows, titles, warnings_of
from sphinx_algokader.model import ApplicationDate, decode_applies_from

PAST, HIGH_RISK, BAN, NO_DATE = ("Geldt al sinds 2025", "Geldt voor hoog-risico-AI",
                                 "Nieuw verbod", "Zonder datum")


def test_geldt_vanaf_is_a_date_or_a_list_of_dates_with_conditions():
    assert decode_applies_from("2025-02-02") == ((ApplicationDate("2025-02-02"),), [])
    dates, problems = decode_applies_from(
        '[{"datum": "2028-08-02", "voorwaarde": "bijlage I"}, {"datum": "2027-12-02"}]')
    assert dates == (ApplicationDate("2027-12-02"), ApplicationDate("2028-08-02", "bijlage I"))
    assert not problems
    dates, problems = decode_applies_from('["2027-02-30", "2027-12-2", "morgen"]')
    assert dates == () and [p.subtype for p in problems] == ["bad_date"] * 3
    assert decode_applies_from(None) == ((), [])


@pytest.fixture(scope="module")
def html(rootdir, tmp_path_factory):
    import shutil

    src = tmp_path_factory.mktemp("dates") / "src"
    shutil.copytree(rootdir / "test-dates", src)
    return build(src)


def test_a_bad_date_warns_with_file_and_line_and_the_other_dates_stay(html):
    found = sorted((f, line, sub) for f, line, _m, sub in warnings_of(html))
    assert found == [("aia-04-foute-datum.md", "4", "algokader.bad_date"),
                     ("aia-04-foute-datum.md", "4", "algokader.bad_date")]
    from sphinx_algokader.index import get_index

    item = get_index(html.env).items["vereisten/aia-04-foute-datum"]
    assert item.applies_from == (ApplicationDate("2028-08-02"),)


def test_column_sort_and_mark_of_what_does_not_apply_yet(html):
    marker, by_date, profile = lists_of(resolved(html, "lijsten"))
    rows = {row[0]: row for row in table_rows(marker)}
    # the reference date is 2026-12-02: the ban applies, the high-risk duty not yet
    assert rows[f"{HIGH_RISK} (geldt vanaf 2 december 2027)"][1:] == [
        "AI-verordening", "2 december 2027 (bijlage III); 2 augustus 2028 (bijlage I)"]
    assert rows[BAN][2] == "2 februari 2025 (de oude verboden); 2 december 2026 (het nieuwe verbod)"
    assert rows[NO_DATE][2] == ""
    assert titles(by_date) == [PAST, BAN, f"{HIGH_RISK} (geldt vanaf 2 december 2027)",
                               "Foute datum (geldt vanaf 2 augustus 2028)", NO_DATE]
    # the profile and the dates combine
    assert titles(profile) == [f"{HIGH_RISK} (geldt vanaf 2 december 2027)", BAN,
                               "Foute datum (geldt vanaf 2 augustus 2028)", NO_DATE]


def test_the_badge_on_the_page(html):
    page = (html.outdir / "vereisten/aia-02-hoog-risico.html").read_text()
    assert "geldt vanaf 2 december 2027 (bijlage III), nog niet van toepassing" in page
    assert "algokader-tag-geldt-vanaf algokader-pending" in page
    ban = (html.outdir / "vereisten/aia-03-verbod.html").read_text()
    assert "geldt vanaf 2 december 2026 (het nieuwe verbod)<" in ban


def test_downloads_and_json_export_hold_the_dates(html, rootdir, tmp_path):
    path = html.outdir / "lijsten.algokader-vereisten-1.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        header, *body = list(csv.reader(f))
    assert header[:5] == ["ID", "Vereiste", "URN", "Wet", "Geldt vanaf"]
    assert ["aia-02", "Geldt voor hoog-risico-AI"] == body[1][:2]  # the title without the mark
    assert body[1][4] == "2027-12-02 (bijlage III); 2028-08-02 (bijlage I)"
    app = build(html.srcdir, "algokader-json", builddir=tmp_path / "json")
    data = json.loads((app.outdir / "algokader.json").read_text())
    by_code = {item["code"]: item for item in data["items"]}
    assert by_code["aia-01"]["applies_from"] == [{"date": "2025-02-02", "condition": ""}]
    assert data["edition"] is None  # this handbook does not embed the bundled framework


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_the_mark_in_every_builder(builder, rootdir, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-dates", src)
    app = build(src, builder)
    text = "".join(p.read_text() for p in app.outdir.rglob("*.txt" if builder == "text" else "*.tex"))
    assert "geldt vanaf 2 december 2027" in text.replace("\n", " ")


def test_applicable_only_leaves_out_what_does_not_apply_yet(rootdir, tmp_path):
    import shutil

    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-dates", src)
    app = build(src, confoverrides={"algokader_applicable_only": True,
                                    "algokader_peildatum": "2027-12-02"})
    marker, _by_date, _profile = lists_of(resolved(app, "lijsten"))
    assert [row[0] for row in table_rows(marker)] == [PAST, HIGH_RISK, BAN, NO_DATE]


def test_a_bad_reference_date_stops_the_build(make_app, rootdir, tmp_path):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="algokader_peildatum"):
        make_app("html", srcdir=shutil.copytree(rootdir / "test-dates", tmp_path / "src"),
                 confoverrides={"algokader_peildatum": "2 december 2026"})
