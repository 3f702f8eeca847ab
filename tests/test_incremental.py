"""Incremental and parallel builds give what a full serial build gives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path


from conftest import ROOTS, lists_of, mtimes, resolved, table_rows, warnings_of
from sphinx_algokader.index import get_index

LIST_RE = re.compile(r'<div class="algokader-list.*?</script>\s*</div>|'
                     r'<p class="algokader-list[^"]*"[^>]*>.*?</p>|'
                     r'<p class="algokader-tags.*?</p>', re.DOTALL)


def copy_root(tmp_path: Path, name: str = "basic") -> Path:
    target = tmp_path / name
    shutil.copytree(ROOTS / f"test-{name}", target)
    return target


def list_html(outdir: Path) -> dict[str, list[str]]:
    """The lists and badges of every written page, as HTML."""
    return {p.relative_to(outdir).as_posix(): LIST_RE.findall(p.read_text())
            for p in sorted(outdir.rglob("*.html")) if "_static" not in p.parts}


def test_edit_rewrites_exactly_the_pages_whose_lists_change(make_app, tmp_path):
    src = copy_root(tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    before = mtimes(app.outdir)

    page = src / "vereisten/avg-02-beperkte-bewaartermijn.md"
    page.write_text(page.read_text().replace("rollen:\n- jurist", "rollen:\n- projectleider"))
    app2 = make_app("html", srcdir=src)
    app2.build()
    after = mtimes(app2.outdir)
    rewritten = {p for p in after if after[p] != before.get(p)}
    # every page that lists avg-02 (its labels are in each list's HTML data
    # and downloads, even where no column shows them) ...
    assert {"levenscyclus/ontwikkelen.html", "rollen/jurist.html",
            "vereisten/avg-02-beperkte-bewaartermijn.html",
            "maatregelen/0-org-01-expertise.html",  # lists requirements of project leaders
            "maatregelen/4-owk-01-bewaartermijn.html", "hulpmiddelen/DPIA.html"} <= rewritten
    # ... and no page that does not
    assert not rewritten & {"onderwerpen/transparantie.html", "levenscyclus/uitfaseren.html",
                            "vereisten/Woo-01-openbaarheid.html"}
    lists = lists_of(resolved(app2, "rollen/jurist"))
    assert [r[0] for r in table_rows(lists[0])] == [
        "AI-geletterdheid is geborgd", "Informatie is openbaar <script>alert(1)</script>"]

    # the result equals a full build of the edited sources
    fresh = make_app("html", srcdir=src, builddir=tmp_path / "fresh", freshenv=True)
    fresh.build()
    assert list_html(app2.outdir) == list_html(fresh.outdir)


def test_title_edit_and_removed_item(make_app, tmp_path):
    src = copy_root(tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    before = mtimes(app.outdir)
    page = src / "vereisten/Woo-01-openbaarheid.md"
    page.write_text(page.read_text().replace("Informatie is openbaar", "Informatie is actief openbaar"))
    (src / "maatregelen/0-org-01-expertise.rst").unlink()
    app2 = make_app("html", srcdir=src)
    app2.build()
    after = mtimes(app2.outdir)
    rewritten = {p for p in after if after[p] != before.get(p)}
    # the title shows on the measure page (relation list) and the topic page
    assert {"maatregelen/4-owk-01-bewaartermijn.html", "onderwerpen/transparantie.html",
            "hulpmiddelen/DPIA.html", "vereisten/aia-01-ai-geletterdheid.html"} <= rewritten
    (dpia_measures, _) = lists_of(resolved(app2, "hulpmiddelen/DPIA"))
    # org-01 is gone: the tool's relation now names nothing and shows as text
    assert table_rows(dpia_measures)[1] == ["", "org-01"]
    fresh = make_app("html", srcdir=src, builddir=tmp_path / "fresh", freshenv=True)
    fresh.build()
    expected = list_html(fresh.outdir)
    # Sphinx leaves the output of a removed page in place: compare the rest
    assert {p: v for p, v in list_html(app2.outdir).items() if p in expected} == expected


def test_parallel_build_equals_serial_build(make_app, tmp_path):
    src = copy_root(tmp_path)
    serial = make_app("html", srcdir=src, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    serial.cleanup()  # docutils node registrations are process-global
    parallel = make_app("html", srcdir=src, builddir=tmp_path / "parallel", freshenv=True,
                        parallel=2)
    parallel.build()
    assert warnings_of(parallel) == []
    assert list_html(serial.outdir) == list_html(parallel.outdir)
    assert sum(len(v) for v in list_html(parallel.outdir).values()) > 10
    # the downloads are written by the writer processes: the same files
    def downloads(outdir):
        return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in outdir.rglob("*.csv")}
    assert downloads(parallel.outdir) and downloads(serial.outdir) == downloads(parallel.outdir)


def test_two_builds_give_byte_identical_lists(make_app, tmp_path):
    src = copy_root(tmp_path)
    one = make_app("html", srcdir=src, builddir=tmp_path / "one", freshenv=True)
    one.build()
    two = make_app("html", srcdir=src, builddir=tmp_path / "two", freshenv=True)
    two.build()
    for path, lists in list_html(one.outdir).items():
        assert lists == list_html(two.outdir)[path], path


def test_two_applications_do_not_share_data(make_app, tmp_path):
    basic = make_app("html", srcdir=copy_root(tmp_path, "basic"), freshenv=True)
    bad = make_app("html", srcdir=copy_root(tmp_path, "badinput"), freshenv=True)
    basic.build()
    bad.build()
    basic_items = set(get_index(basic.env).items)
    bad_items = set(get_index(bad.env).items)
    assert "vereisten/avg-02-beperkte-bewaartermijn" in basic_items
    assert "vereisten/abc-01-eerste" in bad_items
    assert not basic_items & bad_items
