"""Hostile and broken input: no crash, no file touched outside the handbook,
no formula in a download, every problem a typed warning."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import build, lists_of, resolved, titles, warnings_of
from sphinx_algokader.profile import ExpressionError, holds, parse

VECTORS = json.loads((Path(__file__).parent / "vectors" / "profile.json").read_text())


def _python(expression, profile):
    try:
        return holds(parse(expression), profile)
    except ExpressionError:
        return "error"


def test_the_python_parser_gives_the_shared_vectors():
    """The browser test checks JavaScript against the same file."""
    for case in VECTORS["expressions"]:
        assert _python(case["expression"], case["profile"]) == case["expected"], case


def _item(folder: Path, name: str, front_matter: str, body: str = "## Vereiste\n\nTekst.\n") -> None:
    (folder / "vereisten").mkdir(parents=True, exist_ok=True)
    (folder / "vereisten" / f"{name}.md").write_text(f"---\n{front_matter}---\n\n{body}",
                                                     encoding="utf-8")


def _handbook(folder: Path, conf: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.py").write_text('extensions = ["sphinx_algokader"]\n' + conf)
    (folder / "index.md").write_text("# Handboek\n\n```{toctree}\n:glob:\n\nvereisten/*\n```\n")
    return folder


def test_deeply_nested_uitzondering_is_a_warning_not_a_crash(tmp_path):
    src = _handbook(tmp_path / "src")
    deep = "(" * 400 + '"risicogroep-hoog-risico-ai-systeem"' + ")" * 400
    _item(src, "aia-01-diep", f"title: Diep\nid: urn:nl:ak:ver:aia-01\nuitzondering:\n- '{deep}'\n")
    (src / "lijst.md").write_text("---\norphan: true\n---\n# Lijst\n\n```{list-vereisten}\n"
                                  ":profile: risicogroep/hoog-risico-ai-systeem\n```\n")
    app = build(src)
    found = [(f, sub) for f, _line, _m, sub in warnings_of(app)]
    assert found == [("aia-01-diep.md", "algokader.uitzondering")]
    # an expression that does not parse is never true: the requirement is listed
    assert titles(lists_of(resolved(app, "lijst"))[0]) == ["Diep"]


def test_an_impossible_date_in_front_matter_is_a_warning_not_a_crash(tmp_path):
    src = _handbook(tmp_path / "src")
    _item(src, "aia-01-datum", 'title: "Datum 2027-02-30 in een titel"\nid: urn:nl:ak:ver:aia-01\n'
          "geldt-vanaf: 2027-02-30\n")
    app = build(src)
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("aia-01-datum.md", "4", "algokader.bad_date")]
    from sphinx_algokader.index import get_index

    assert get_index(app.env).items["vereisten/aia-01-datum"].title == "Datum 2027-02-30 in een titel"


def test_downloads_run_no_formula_and_links_are_url_encoded(tmp_path):
    import csv
    import zipfile

    src = _handbook(tmp_path / "src", 'algokader_downloads = ["csv", "xlsx", "ods"]\n')
    _item(src, "avg-01-formule", 'title: \'=HYPERLINK("https://evil.example/","klik")\'\n'
          "id: urn:nl:ak:ver:avg-01\nrollen: ['@jurist', '+1', '-x', 'a;=cmd|x!A0']\n")
    (src / "lijst #1.md").write_text("---\norphan: true\n---\n# Lijst\n\n<!-- list_vereisten -->\n")
    app = build(src)
    page = (app.outdir / "lijst #1.html").read_text()
    assert 'href="lijst%20%231.algokader-vereisten-1.csv"' in page
    base = app.outdir / "lijst #1.algokader-vereisten-1"
    with open(f"{base}.csv", encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    assert row[1] == "'=HYPERLINK(\"https://evil.example/\",\"klik\")"
    # a Dutch Excel splits on ";": no piece after one starts a formula either
    assert row[header.index("Role")] == "'@jurist, +1, -x, a;'=cmd|x!A0"
    for cell in row:
        assert not any(piece.startswith(("=", "+", "-", "@"))
                       for piece in cell.replace("\t", ";").split(";")), cell
    with zipfile.ZipFile(f"{base}.xlsx") as xlsx:
        sheet = xlsx.read("xl/worksheets/sheet1.xml").decode()
    # the title is a string cell, not a formula
    assert "<f>" not in sheet
    assert re.search(r'<c r="B2" t="inlineStr"><is><t>=HYPERLINK', sheet)


def test_the_json_export_validates_with_an_id_that_is_no_urn(tmp_path):
    import jsonschema

    from sphinx_algokader.export import SCHEMA_FILE

    src = _handbook(tmp_path / "src")
    _item(src, "avg-02-zonder-urn", "title: Zonder URN\nid: avg-02\n")
    (src / "maatregelen").mkdir()
    (src / "maatregelen" / "1-pba-01-m.md").write_text(
        "---\ntitle: M\nid: urn:nl:ak:mtr:pba-01\nvereiste: [avg-02-zonder-urn]\n---\n\n## Maatregel\n\nM.\n")
    app = build(src, "algokader-json")
    data = json.loads((app.outdir / "algokader.json").read_text())
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text()))
    by_title = {item["title"]: item for item in data["items"]}
    assert by_title["Zonder URN"]["urn"] is None and by_title["Zonder URN"]["code"] == "avg-02"
    assert by_title["M"]["relations"] == {"vereiste": ["doc:vereisten/avg-02-zonder-urn"]}
    assert ("avg-02-zonder-urn.md", "algokader.urn_format") in [
        (f, sub) for f, _l, _m, sub in warnings_of(app)]


def test_a_manifest_cannot_remove_files_outside_its_folder(tmp_path, capsys):
    from sphinx_algokader import cli
    from sphinx_algokader.embed import MANIFEST, digest

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    src = _handbook(tmp_path / "docs" / "src", "algokader_embed = True\n")
    embedded = src / "algoritmekader"
    embedded.mkdir()
    (embedded / MANIFEST).write_text(json.dumps(
        {"mode": "embed", "files": {"../../../victim.txt": digest(b"keep me"),
                                    str(victim): digest(b"keep me")}}))
    app = build(src)
    assert victim.read_text() == "keep me"
    warnings = app.warning.getvalue()
    assert warnings.count("outside") == 2 and warnings.count("[algokader.manifest]") == 2
    # sphinx-algokader update, with a checksum that matches
    copy = tmp_path / "copy"
    assert cli.main(["init", str(copy)]) == 0
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["files"]["../victim.txt"] = digest(b"keep me")
    (copy / MANIFEST).write_text(json.dumps(manifest))
    assert cli.main(["update", str(copy)]) == 0
    assert victim.read_text() == "keep me"
    assert "outside" in capsys.readouterr().err


def test_a_manifest_that_is_no_object_is_no_manifest(tmp_path, capsys):
    from sphinx_algokader import cli
    from sphinx_algokader.embed import MANIFEST

    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / MANIFEST).write_text("[1, 2]")
    assert cli.main(["update", str(tmp_path / "copy")]) == 1
    assert "cannot be read (not a JSON object): was" in capsys.readouterr().err


def test_update_leaves_the_embedded_framework_to_the_build(tmp_path, capsys):
    """The folder ``algokader_embed`` mirrors is restored by every build:
    ``update`` there would turn it into a copy that the next build refuses."""
    from sphinx_algokader import cli
    from sphinx_algokader.embed import MANIFEST

    folder = tmp_path / "algoritmekader"
    folder.mkdir()
    (folder / MANIFEST).write_text(json.dumps({"mode": "embed", "files": {}}))
    assert cli.main(["update", str(folder)]) == 1
    assert "every build restores it" in capsys.readouterr().err
    assert json.loads((folder / MANIFEST).read_text())["mode"] == "embed"
    # and init points the way out, not back to update
    (folder / "index.md").write_text("# Kader\n")
    assert cli.main(["init", str(folder)]) == 1
    said = capsys.readouterr().err
    assert "remove algokader_embed from conf.py and run 'init --force'" in said
    assert "use 'update'" not in said


def test_compat_mode_follows_text_links_only_inside_the_mkdocs_project(tmp_path):
    (tmp_path / "secret.md").write_text("# Geheim\n\nGEHEIM-123\n")
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Test\nnav:\n- index.md\n- leesmij.md\n- geheim.md\n")
    (project / "README.md").write_text("# Leesmij\n\nLEESMIJ-456\n")
    (project / "docs" / "index.md").write_text("# Start\n")
    (project / "docs" / "leesmij.md").write_text("../README.md\n")
    (project / "docs" / "geheim.md").write_text("../../secret.md\n")
    (project / "docs" / "weg.md").write_text("../WEG.md\n")  # names no file
    (project / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n')
    app = build(project / "docs")
    output = "".join(p.read_text() for p in app.outdir.rglob("*.html"))
    assert "LEESMIJ-456" in output and "GEHEIM-123" not in output
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("geheim.md", "1", "algokader.markdown"), ("weg.md", "1", "algokader.markdown")]


def test_compat_mode_numbers_repeated_headings_as_python_markdown(tmp_path):
    # the official site links to the second "X" of a page as #x_1
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Test\nnav:\n- index.md\n- a.md\n")
    (project / "docs" / "index.md").write_text("# Start\n\n[x](a.md#x_1) [y](a.md#x_2)\n")
    (project / "docs" / "a.md").write_text(
        "# A\n\n## X\n\neen\n\n## X\n\ntwee [hier](#x_1)\n\n## X\n\ndrie\n")
    (project / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n')
    app = build(project / "docs")
    assert warnings_of(app) == []
    page = (app.outdir / "a.html").read_text()
    for anchor in ("x", "x_1", "x_2", "x-1", "x-2"):  # MyST's own stay too
        assert f'id="{anchor}"' in page, anchor
    targets = re.findall(r'<a class="reference internal" href="a\.html#([^"]+)"',
                         (app.outdir / "index.html").read_text())
    sections = re.findall(r'<section id="([^"]+)">\s*(?:<span id="[^"]+"></span>)*<h2>X', page)
    assert targets == sections[1:]  # the second and the third X


@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_compat_mode_reads_raw_html_links_as_directory_urls(tmp_path, builder):
    # the official home page links <a href="ai-verordening/tijdlijn/">, and a
    # phase page <a href="../ontwerp">: MkDocs' URLs, leading nowhere as
    # written in Sphinx's output
    project = tmp_path / "project"
    for folder in ("levenscyclus", "sub"):
        (project / "docs" / folder).mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Test\nnav:\n- index.md\n"
                                        "- levenscyclus/over.md\n- levenscyclus/ontwerp.md\n"
                                        "- sub/index.md\n")
    (project / "docs" / "index.md").write_text(
        '# Start\n\n<div><a href="levenscyclus/ontwerp/">o</a> <a href="sub/">s</a>\n'
        '<a href="levenscyclus/weg/">w</a> <a href="https://example.org/a/">e</a>\n'
        '<a href="bestand.pdf">p</a> <span data-href="sub/">d</span></div>\n')
    (project / "docs" / "levenscyclus" / "over.md").write_text(
        '# Over\n\nZie <a href="../ontwerp#doel">ontwerp</a>.\n')
    (project / "docs" / "levenscyclus" / "ontwerp.md").write_text("# Ontwerp\n\n## Doel\n")
    (project / "docs" / "sub" / "index.md").write_text(
        '# Sub\n\n<a href="../levenscyclus/over">over</a>\n')
    (project / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n')
    app = build(project / "docs", builder)
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("index.md", "3", "algokader.markdown")]  # levenscyclus/weg/ is no page

    def links(docname: str) -> list[str]:
        uri = app.builder.get_target_uri(docname)
        path = app.outdir / (uri + "index.html" if uri.endswith("/") or not uri else uri)
        body = path.read_text().partition('role="main"')[2].partition("sphinxsidebar")[0]
        return re.findall(r'<a href="([^"]*)"', body)

    def uri(fromdoc: str, target: str) -> str:
        return app.builder.get_relative_uri(fromdoc, target)

    assert links("index")[:5] == [uri("index", "levenscyclus/ontwerp"), uri("index", "sub/index"),
                                  "levenscyclus/weg/", "https://example.org/a/", "bestand.pdf"]
    index = (app.outdir / ("index.html")).read_text()
    assert '<span data-href="sub/">' in index  # an attribute that only ends in href
    assert uri("levenscyclus/over", "levenscyclus/ontwerp") + "#doel" \
        in links("levenscyclus/over")
    assert uri("sub/index", "levenscyclus/over") in links("sub/index")


def test_compat_mode_speaks_the_language_of_mkdocs_yml(tmp_path):
    # conf.py leaves language unset; mkdocs.yml's theme.language is nl: the
    # extension's texts are Dutch too, not only the column headers
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\n  language: nl\nnav:\n- index.md\n")
    (project / "docs" / "index.md").write_text(
        "# Start\n\n<!-- list_vereisten onderwerp/bestaat-niet -->\n")
    (project / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n'
        'suppress_warnings = ["algokader.unknown_value"]\n')
    app = build(project / "docs")
    assert app.config.language == "nl"
    assert "Geen vereisten gevonden." in (app.outdir / "index.html").read_text()


def test_a_typo_in_a_profile_value_warns_instead_of_hiding_every_row(tmp_path):
    src = _handbook(tmp_path / "src", 'algokader_profile = {"rol-ai-act": "aanbeider"}\n')
    _item(src, "aia-01-hoog", "title: Hoog\nid: urn:nl:ak:ver:aia-01\n"
          "risicogroep: [hoog-risico-ai-systeem]\n")
    (src / "lijst.md").write_text("---\norphan: true\n---\n# Lijst\n\n```{list-vereisten}\n"
                                  ":profile: risicogroep/hoog-risico-ai-systeme\n```\n")
    app = build(src)
    warnings = app.warning.getvalue()
    assert "algokader_profile: 'aanbeider' is not a value of 'rol-ai-act'" in warnings
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app) if f] == [
        ("lijst.md", "6", "algokader.bad_token")]
    assert titles(lists_of(resolved(app, "lijst"))[0]) == ["Hoog"]  # the typo is ignored


def test_update_never_overwrites_a_kept_new_file(tmp_path):
    from sphinx_algokader import cli
    from sphinx_algokader.embed import MANIFEST

    copy = tmp_path / "copy"
    assert cli.main(["init", str(copy)]) == 0
    page = copy / "vereisten" / "avg-13-dpia-verplicht.md"
    page.write_text("eigen versie")
    manifest = json.loads((copy / MANIFEST).read_text())
    manifest["files"]["vereisten/avg-13-dpia-verplicht.md"] = "een oudere release"
    (copy / MANIFEST).write_text(json.dumps(manifest))
    (copy / "vereisten" / "avg-13-dpia-verplicht.md.new").write_text("mijn notities")
    assert cli.main(["update", str(copy)]) == 0
    assert (copy / "vereisten" / "avg-13-dpia-verplicht.md.new").read_text() == "mijn notities"
    assert (copy / "vereisten" / "avg-13-dpia-verplicht.md.new2").is_file()
    assert page.read_text() == "eigen versie"


@pytest.mark.parametrize("conf, message", [
    ('algokader_embed = "no"\n', "algokader_embed must be True or False"),
    ('algokader_embed = True\nalgokader_embed_dir = "/tmp/elders"\n', "relative folder"),
    ('algokader_embed = True\nalgokader_embed_dir = "bestand.txt"\n', "is a file"),
    ('algokader_applicable_only = "ja"\n', "algokader_applicable_only must be True or False"),
    ("algokader_urn_lock = 5\n", "algokader_urn_lock must be a string"),
    ('algokader_downloads = "csv"\n', "algokader_downloads must be a list of formats"),
    ('algokader_downloads = ["csv", "pdf"]\n', "algokader_downloads must be a list of formats"),
])
def test_bad_settings_stop_the_build_with_a_clear_message(tmp_path, conf, message):
    from sphinx.errors import ConfigError

    src = _handbook(tmp_path / "src", conf)
    (src / "bestand.txt").write_text("x")
    with pytest.raises(ConfigError, match=message):
        build(src)
    assert not (tmp_path / "src" / "algoritmekader").exists()


def test_the_command_line_says_what_is_wrong_instead_of_a_traceback(tmp_path, capsys):
    from sphinx_algokader import cli

    (tmp_path / "bestand").write_text("x")
    assert cli.main(["init", str(tmp_path / "bestand")]) == 1
    assert cli.main(["lock", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "is a file" in err and "has no conf.py" in err


def test_what_used_to_be_dropped_silently_now_warns(tmp_path):
    src = _handbook(tmp_path / "src")
    _item(src, "avg-01-mapping", "title: Mapping\nid: urn:nl:ak:ver:avg-01\nrollen: {jurist: ja}\n",
          "# Mapping\n\n## Vereiste\n\nTekst.\n")
    _item(src, "avg-02-lijsttitel", "title: [a, b]\nid: urn:nl:ak:ver:avg-02\n",
          "# Lijsttitel\n\n## Vereiste\n\nTekst.\n")
    (src / "lijst.md").write_text("---\norphan: true\n---\n# Lijst\n\n"
                                  "<!-- list_vereisten --> zie hieronder\n")
    app = build(src)
    found = {(f, sub) for f, _line, _m, sub in warnings_of(app)}
    assert {("avg-01-mapping.md", "algokader.front_matter"),
            ("avg-02-lijsttitel.md", "algokader.front_matter"),
            ("lijst.md", "algokader.unknown_marker")} <= found
    from sphinx_algokader.index import get_index

    assert get_index(app.env).items["vereisten/avg-02-lijsttitel"].title == "Lijsttitel"


def test_a_build_interrupted_while_writing_leaves_no_list_stale(make_app, rootdir, tmp_path):
    src = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", src)
    make_app("html", srcdir=src, freshenv=True).build()
    page = src / "vereisten/avg-02-beperkte-bewaartermijn.md"
    text = page.read_text()
    assert "title: " in text
    old_title = text.split("title: ", 1)[1].split("\n", 1)[0]
    page.write_text(text.replace(f"title: {old_title}", "title: Nieuwe titel"))

    def interrupt(app, pagename, *args):
        raise KeyboardInterrupt  # Ctrl-C, or a CI timeout, while writing

    app = make_app("html", srcdir=src)
    app.connect("html-page-context", interrupt)
    with pytest.raises(KeyboardInterrupt):
        app.build()
    make_app("html", srcdir=src).build()
    listing = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    assert "Nieuwe titel" in listing and old_title not in listing


def test_the_task_registry_keeps_colliding_records_and_drops_stale_ones(rootdir, tmp_path):
    src = _handbook(tmp_path / "src")
    _item(src, "avg-01-a", "title: A\nid: urn:nl:ak:ver:avg-01\n")
    (src / "hulpmiddelen").mkdir()
    for name in ("DPIA", "dpia"):
        (src / "hulpmiddelen" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n## Hulpmiddel\n\nH.\n")
    (src / "index.md").write_text("# H\n\n```{toctree}\n:glob:\n\nvereisten/*\nhulpmiddelen/*\n```\n")
    out = tmp_path / "out"
    app = build(src, "algokader-taskregistry", builddir=out)
    instruments = sorted(p.name for p in (app.outdir / "instruments").glob("*.yaml"))
    assert instruments == ["dpia-2.yaml", "dpia.yaml"]
    assert [(f, sub) for f, _l, _m, sub in warnings_of(app)] == [("dpia.md", "algokader.export")]
    (src / "vereisten" / "avg-01-a.md").rename(src / "vereisten" / "avg-01-b.md")
    app = build(src, "algokader-taskregistry", builddir=out)
    assert sorted(p.name for p in (app.outdir / "requirements").glob("*.yaml")) == ["avg-01-b.yaml"]


def test_many_warnings_on_a_page_read_its_source_once(tmp_path, monkeypatch):
    src = _handbook(tmp_path / "src")
    empties = "".join("- \n" for _ in range(300))
    _item(src, "avg-01-leeg", f"title: Leeg\nid: urn:nl:ak:ver:avg-01\nrollen:\n{empties}")
    page = src / "vereisten" / "avg-01-leeg.md"
    reads = []
    original = Path.read_text

    def counting(self, *args, **kwargs):
        if self == page:
            reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    app = build(src)
    assert len(warnings_of(app)) == 300
    assert len(reads) <= 2  # Sphinx reads it once to parse, the warnings once more


def test_a_yaml_alias_bomb_in_the_mkdocs_nav_stops_with_a_clear_error(tmp_path):
    from sphinx.errors import ConfigError

    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    lines = ["site_name: Bom", "a: &a [x.md, x.md, x.md, x.md, x.md, x.md, x.md, x.md, x.md]"]
    for n, name in enumerate("bcdefg"):
        prev = "abcdefg"[n]
        lines.append(f"{name}: &{name} [" + ", ".join([f"{{s: *{prev}}}"] * 9) + "]")
    lines.append("nav: *g")
    (project / "mkdocs.yml").write_text("\n".join(lines) + "\n")
    (project / "docs" / "index.md").write_text("# Start\n")
    (project / "docs" / "conf.py").write_text(
        'extensions = ["sphinx_algokader"]\nalgokader_mkdocs_config = "../mkdocs.yml"\n')
    with pytest.raises(ConfigError, match="nav has more than"):
        build(project / "docs")


def test_warnings_keep_their_lines_when_the_title_becomes_the_h1(tmp_path):
    src = _handbook(tmp_path / "src")
    # a multi-line value, a line-break character, and the body right after ---
    _item(src, "avg-01-regels", "title: Regels\nid: urn:nl:ak:ver:avg-01\n"
          "toelichting: |\n  regel een\n  regel twee\nnoot: \"a\\x85b\"\n",
          "Eerste alinea.\n\n#### Te diep\n")
    page = src / "vereisten" / "avg-01-regels.md"
    text = page.read_text().replace("---\n\n", "---\n", 1)  # no blank line after ---
    page.write_text(text)
    deep = text.splitlines().index("#### Te diep") + 1
    app = build(src)
    assert ("avg-01-regels.md", str(deep), "myst.header") in [
        (f, line, sub) for f, line, _m, sub in warnings_of(app)]
    assert "<h1>Regels" in (app.outdir / "vereisten" / "avg-01-regels.html").read_text()


def test_a_build_of_named_files_leaves_the_other_lists_to_the_next_build(make_app, rootdir,
                                                                        tmp_path):
    src = tmp_path / "basic"
    shutil.copytree(rootdir / "test-basic", src)
    make_app("html", srcdir=src, freshenv=True).build()
    page = src / "vereisten/avg-02-beperkte-bewaartermijn.md"
    text = page.read_text()
    old_title = text.split("title: ", 1)[1].split("\n", 1)[0]
    page.write_text(text.replace(f"title: {old_title}", "title: Nieuwe titel"))
    make_app("html", srcdir=src).build(filenames=[str(page)])  # sphinx-build ... FILE
    app = make_app("html", srcdir=src)
    app.build()
    listing = (app.outdir / "levenscyclus/ontwikkelen.html").read_text()
    assert "Nieuwe titel" in listing and old_title not in listing


def test_odd_front_matter_values_neither_crash_nor_show_as_null(tmp_path):
    src = _handbook(tmp_path / "src", 'algokader_downloads = ["csv", "xlsx", "ods"]\n')
    deep = "[" * 3000 + "]" * 3000
    _item(src, "avg-01-raar", f'title: "Ctl\\x01 titel"\nid: urn:nl:ak:ver:avg-01\nnoot: "{deep}"\n')
    _item(src, "avg-02-leeg", "title:\nid:\n", "# Eigen kop\n\n## Vereiste\n\nTekst.\n")
    (src / "lijst.md").write_text("---\norphan: true\n---\n# Lijst\n\n<!-- list_vereisten -->\n")
    app = build(src)  # no crash in the collector nor in the XLSX/ODS writers
    shown = titles(lists_of(resolved(app, "lijst"))[0])
    assert shown == ["Ctl titel", "Eigen kop"]  # no PDF or EPUB page holds a \x01
    assert "algokader.control_character" in app.warning.getvalue()
    from sphinx_algokader.index import get_index

    assert get_index(app.env).items["vereisten/avg-02-leeg"].urn == ""


def test_a_dot_in_a_page_name_keeps_dirhtml_download_links_right(tmp_path):
    src = _handbook(tmp_path / "src")
    _item(src, "avg-01-a", "title: A\nid: urn:nl:ak:ver:avg-01\n")
    (src / "lijst-1.2.md").write_text("---\norphan: true\n---\n# Lijst\n\n<!-- list_vereisten -->\n")
    app = build(src, "dirhtml")
    assert (app.outdir / "lijst-1.2" / "lijst-1.2.algokader-vereisten-1.csv").is_file()


def test_the_python_semantics_give_the_shared_applies_vectors():
    from sphinx_algokader.profile import applies

    for case in VECTORS["applies"]:
        assert applies(case["labels"], case["profile"]) == case["expected"], case


def test_a_tab_after_a_key_is_read_by_myst_as_by_the_extension(tmp_path):
    """``title:<tab>Losse pagina``: libyaml reads it, and so did the
    extension; MyST's pure-Python YAML does not, and dropped every key of
    the page ("Malformed YAML"): ``orphan`` was lost, so Sphinx warned the
    page is in no toctree."""
    src = _handbook(tmp_path / "src", "")
    (src / "los.md").write_text("---\ntitle:\tLosse pagina\norphan:\ttrue\n---\n\nTekst.\n")
    app = build(src)
    assert [w for w in warnings_of(app) if w[0] == "los.md"] == []
    assert "orphan" in app.env.metadata["los"]
    assert app.env.titles["los"].astext() == "Losse pagina"


def test_table_text_is_escaped_as_html_escape_does():
    """The table writer skips html.escape for a text with nothing to
    escape; for any text, with or without quotes escaped, the result is
    html.escape's (markup, entities and quotes from front matter included),
    with each character beyond Latin-1 as a character reference (which a
    browser shows as the character), so that a page stays one byte a
    character in Python."""
    from html import escape

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sphinx_algokader.table import html_escape

    @given(text=st.text(st.sampled_from("a é<>&\"'/;=\xad\u200b’😀")) | st.text(),
           quote=st.booleans())
    @settings(max_examples=500, deadline=None)
    def check(text, quote):
        assert html_escape(text, quote) == "".join(
            c if c <= "\xff" else f"&#{ord(c)};" for c in escape(text, quote))

    check()
