"""Each bad input builds on and gives exactly one warning, with file and line."""

from __future__ import annotations

import pytest

from conftest import lists_of, resolved, table_rows, warnings_of


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_each_bad_input_warns_once_with_file_and_line(app):
    app.build()
    found = sorted((f, line, sub) for f, line, _msg, sub in warnings_of(app))
    assert found == sorted([
        ("typo.md", "3", "algokader.unknown_marker"),
        ("filters.md", "3", "algokader.unknown_key"),
        ("filters.md", "5", "algokader.unknown_value"),
        ("filters.md", "7", "algokader.unknown_column"),
        ("filters.md", "9", "algokader.bad_token"),
        ("filters.md", "13", "algokader.unknown_value"),
        ("directive.rst", "6", "algokader.unknown_column"),
        ("directive.rst", "8", "algokader.bad_token"),
        ("filters.md", "15", "algokader.bad_token"),
        ("broken.md", "2", "algokader.front_matter"),
        ("abc-01-eerste.md", "3", "algokader.duplicate_id"),
        ("2-owp-01-maatregel.md", "8", "algokader.dangling_relation"),
        ("2-owp-01-maatregel.md", "6", "algokader.empty_item"),
    ])


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_warning_messages_say_what_is_wrong(app):
    app.build()
    messages = {sub: msg for _f, _l, msg, sub in warnings_of(app)}
    assert "list_vereistn" in messages["algokader.unknown_marker"]
    assert "'kleur'" in messages["algokader.unknown_key"]
    assert "bestaat-niet" in messages["algokader.dangling_relation"]
    assert "vereisten/abc-01-dubbel.md" in messages["algokader.duplicate_id"]
    assert "not valid YAML" in messages["algokader.front_matter"]


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True)
def test_nothing_is_dropped(app):
    app.build()
    # a dangling relation is still a row, as text; both lists show it
    first, second = lists_of(resolved(app, "maatregelen/2-owp-01-maatregel"))
    # (abc-01 is the code of two pages: the first in path order wins)
    assert [row[1] for row in table_rows(first)] == [
        "Eerste vereiste", "bestaat-niet", "Tweede vereiste met hetzelfde id"]
    assert table_rows(first) == table_rows(second)
    # a filter naming a dangling target matches the page that names it
    lists = lists_of(resolved(app, "filters"))
    assert [row[0] for row in table_rows(lists[4])] == ["Een maatregel"]
    # a bad :sort: is reported; the list is shown, in MyST and reST alike
    assert len(lists) == 7 and len(table_rows(lists[6])) == 2
    (rst_bad_sort,) = lists_of(resolved(app, "directive"))[1:]
    assert table_rows(rst_bad_sort)
    # broken front matter: the page is still built
    assert (app.outdir / "broken.html").exists()
    assert "Kapot" in (app.outdir / "broken.html").read_text()


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True,
                    confoverrides={"suppress_warnings": ["algokader.unknown_value",
                                                         "algokader.dangling_relation"]})
def test_one_kind_can_be_silenced(app):
    app.build()
    subtypes = {sub for _f, _l, _m, sub in warnings_of(app)}
    assert "algokader.unknown_value" not in subtypes
    assert "algokader.dangling_relation" not in subtypes
    assert "algokader.unknown_key" in subtypes


@pytest.mark.sphinx("html", testroot="badinput", freshenv=True,
                    confoverrides={"suppress_warnings": ["algokader"]})
def test_all_can_be_silenced(app):
    app.build()
    assert warnings_of(app) == []
