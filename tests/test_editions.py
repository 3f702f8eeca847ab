"""Framework editions side by side: ``sphinx-algokader diff``, the changes
in the handbook, the shipped editions and records checked again.

Two kinds of input:

* the official editions in ``../shared/corpora/`` (v1.5, v2.3.0 and the
  v2.5.1 source): what changed is worked out here, independently, from the
  pages' front matter and text, and compared with the command's JSON;
* ``roots/test-editions``, a handbook of our own words with its previous
  edition in ``vorige/`` (edition 2026.06). Worked out by hand:

  - tst-01 (vereiste): unchanged; its measure tst-01 got a longer text;
  - tst-02 (vereiste): only its title was reworded;
  - tst-03 (vereiste): re-used: it was "Recht op uitleg over besluiten"
    (artikel 86, file ``tst-03-uitleg-besluiten``); that duty is now tst-04
    (new), and tst-03 is about reporting incidents (artikel 73);
  - measure tst-02 is new, measure tst-03 was removed, the tool Werkboek
    (no URN: key ``hulpmiddelen/Werkboek``) is unchanged;
  - the record ``archief`` was confirmed against 2026.06 and says tst-01 is
    gereed: check again; the record ``oud`` names edition 2019.01, of which
    the build has no data.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOTS, mtimes, resolved, warnings_of
from sphinx_algokader import cli, editions
from sphinx_algokader.embed import content_dir, content_edition

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
V15 = CORPORA / "algoritmekader-editions" / "v1.5"
V230 = CORPORA / "algoritmekader-editions" / "v2.3.0"
V251 = CORPORA / "algoritmekader-v2.5.1"
CONTENT = Path(__file__).resolve().parents[1] / "content"
needs_corpora = pytest.mark.skipif(
    not (V15.is_dir() and V230.is_dir() and V251.is_dir()),
    reason="the official editions are not in ../shared/corpora/ (a fresh clone has none)")

ROOT = ROOTS / "test-editions"

# --------------------------------------------------------------------------
# an independent reading of an edition: front matter and words of the text

KIND_FOLDERS = {"vereisten": "vereisten", "maatregelen": "maatregelen",
                "hulpmiddelen": "hulpmiddelen", "instrumenten": "hulpmiddelen"}
URN_FOLDERS = {"urn:nl:ak:ver:": "vereisten", "urn:nl:ak:mtr:": "maatregelen",
               "urn:nl:ak:hlp:": "hulpmiddelen"}
#: MkDocs/Sphinx display settings: never a change of the framework
IGNORED = {"hide", "search", "template", "wordcount", "nocomments", "nosearch", "tocdepth",
           "myst", "html_meta", "orphan", "id"}


def _front_matter(text: str) -> tuple[dict, str]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return {}, text
    end = next(n for n in range(1, len(lines)) if lines[n].rstrip() in ("---", "..."))
    head = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(head)
    except yaml.YAMLError:  # v1.5's fairness-handbook has an HTML comment in it
        data = yaml.safe_load("\n".join(line for line in lines[1:end]
                                        if not line.strip().startswith("<!--")))
    return data or {}, "\n".join(lines[end + 1:])


def _plain(value):
    if isinstance(value, list):
        return tuple(sorted((_plain(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    return None if value is None else str(value).strip()


def read_edition(folder: Path) -> dict[str, tuple[dict, str]]:
    """key -> (compared front matter, words of the text)."""
    pages = {}
    for path in sorted((folder / "docs").rglob("*.md")):
        if path.name == "index.md":
            continue
        data, body = _front_matter(path.read_text(encoding="utf-8"))
        urn = str(data.get("id", ""))
        folder_name = next((f for prefix, f in URN_FOLDERS.items() if urn.startswith(prefix)),
                           KIND_FOLDERS.get(path.parent.name))
        if folder_name is None:
            continue
        key = urn if urn.startswith("urn:") else f"{folder_name}/{path.stem}"
        pages[key] = (path.stem, data, body)
    # a relation names an item by file stem (or URN, or short code)
    names = {}
    for key, (stem, _data, _body) in pages.items():
        for name in (stem, key, key.rsplit(":", 1)[-1]):
            names.setdefault(name, key)
    out = {}
    for key, (_stem, data, body) in pages.items():
        fields = {}
        for name, value in data.items():
            if name in IGNORED:
                continue
            if name in ("vereiste", "maatregel"):
                value = [names.get(str(v).strip(), "?" + str(v).strip())
                         for v in (value if isinstance(value, list) else [value]) if v]
            fields[name] = _plain(value)
        text = re.sub(r"<!--.*?-->", " ", body, flags=re.DOTALL)
        text = re.sub(r"^(#+ .*?)\s*\{[^{}\n]*\}\s*$", r"\1", text, flags=re.MULTILINE)
        out[key] = (fields, " ".join(re.findall(r"\w+", text)))
    return out


def expected_diff(old: Path, new: Path) -> tuple[set, set, set]:
    a, b = read_edition(old), read_edition(new)
    changed = {k for k in set(a) & set(b) if a[k] != b[k]}
    return set(b) - set(a), set(a) - set(b), changed


def read_html(path: Path) -> str:
    """A written page, without soft hyphens (long words may get them)."""
    return path.read_text(encoding="utf-8").replace("\xad", "").replace("&shy;", "")


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def short(key: str) -> str:
    return key.rsplit(":", 1)[-1]


# --------------------------------------------------------------------------
# the official editions


@needs_corpora
@pytest.mark.parametrize("old", [V15, V230], ids=["v1.5", "v2.3.0"])
def test_diff_gives_the_keys_the_front_matter_and_texts_give(capsys, old):
    code, out, _ = run_cli(capsys, "diff", str(old), str(V251), "--format", "json")
    assert code == 0
    data = json.loads(out)
    added, removed, changed = expected_diff(old, V251)
    assert {e["key"] for e in data["added"]} == added
    assert {e["key"] for e in data["removed"]} == removed
    assert {e["key"] for e in data["changed"]} == changed
    assert data["old"] == {"label": old.name, "items": len(read_edition(old))}
    assert data["new"] == {"label": V251.name, "items": len(read_edition(V251))}
    # each change names what differs: front-matter keys, then "body"
    a, b = read_edition(old), read_edition(V251)
    for entry in data["changed"]:
        before, after = a[entry["key"]], b[entry["key"]]
        keys = {k for k in set(before[0]) | set(after[0])
                if before[0].get(k) != after[0].get(k)}
        assert set(entry["fields"]) - {"body"} == keys, entry["key"]
        assert ("body" in entry["fields"]) == (before[1] != after[1]), entry["key"]


@needs_corpora
def test_codes_re_used_for_other_duties_are_flagged_and_rewordings_are_not(capsys):
    code, out, _ = run_cli(capsys, "diff", str(V15), str(V251), "--format", "json")
    changed = {short(e["key"]): e for e in json.loads(out)["changed"]
               if e["key"].startswith("urn:nl:ak:ver:")}
    reused = {code for code, e in changed.items() if e["reused"]}
    assert {"aia-22", "aia-23", "aia-27", "aia-28", "aia-35"} <= reused
    for code in ("avg-05", "avg-09", "bio-01", "grw-01", "woo-01"):
        assert "title" in changed[code]["fields"], code  # the title was reworded ...
        assert not changed[code]["reused"], code          # ... the duty is the same
    # in v1.5 the requirements aia-20 to aia-39 were numbered differently
    assert reused == {f"aia-{n}" for n in range(20, 40)}
    aia22 = changed["aia-22"]
    signals = {e["signal"]: e for e in aia22["evidence"]}
    assert signals["file_name"]["old"] == "aia-22-gebruiksverantwoordelijken-maatregelen"
    assert signals["file_name"]["new"] == "aia-22-gebruiksverantwoordelijken-monitoren-werking"
    assert signals["moved"]["new"] == "urn:nl:ak:ver:aia-20"  # where its old duty went
    assert aia22["similarity"] < editions.REUSE_SIMILARITY
    # between v2.3.0 and v2.5.1 no code changed its meaning
    code, out, _ = run_cli(capsys, "diff", str(V230), str(V251), "--format", "json")
    assert not [e["key"] for e in json.loads(out)["changed"] if e["reused"]]


@needs_corpora
def test_moving_from_the_official_release_to_the_bundled_edition_re_uses_no_code(capsys):
    """An organisation on the official v2.5.1 that moves to the bundled
    edition (its pages rewritten in our own words) compares the two: as a
    folder or as the export that ships, the same verdict, and no false
    "re-used". It used to flag dat-04 and owp-03 on the articles of their
    examples ("Artikel 29 Werkgroep", another law's article 63), and the
    export, which had no articles outside the statement, 14 more. A tool
    that gained a URN (the official releases gave tools none) is the same
    tool, changed: it used to be one removed and one added."""
    verdicts = []
    for new in (str(CONTENT), "2026.12"):
        code, out, _ = run_cli(capsys, "diff", str(V251), new, "--format", "json")
        assert code == 0
        data = json.loads(out)
        verdicts.append((len(data["added"]), len(data["removed"]), len(data["changed"]),
                         sorted(e["key"] for e in data["changed"] if e["reused"])))
        dpia = next(e for e in data["changed"] if e["key"] == "urn:nl:ak:hlp:dpia")
        assert dpia["old_title"] == "Data Protection Impact Assessment" and not dpia["reused"]
    # (the six removed are tools the bundled edition left out)
    assert verdicts[0] == verdicts[1] == (0, 6, 193, [])


@needs_corpora
def test_text_and_markdown_show_the_evidence(capsys):
    code, text, _ = run_cli(capsys, "diff", str(V15), str(V251))
    assert code == 0
    block = text.split("  urn:nl:ak:ver:aia-28\n", 1)[1].split("\n  urn:", 1)[0]
    assert "was: Recht op uitleg AI-besluiten" in block
    assert "file name aia-28-recht-op-uitleg-ai-besluiten -> aia-28-transparantieverplichtingen" \
        in block
    assert "its old duty is now aia-26" in block
    assert "articles cited 26, 86 -> 50 (none in common)" in block
    code, md, _ = run_cli(capsys, "diff", str(V15), str(V251), "--format", "md")
    assert "## Re-used: the same key now stands for another duty" in md
    row = next(line for line in md.splitlines() if line.startswith("| urn:nl:ak:ver:aia-22 |"))
    assert "file name aia\\-22\\-gebruiksverantwoordelijken\\-maatregelen" not in row  # no - escape
    assert "file name aia-22-gebruiksverantwoordelijken-maatregelen" in row
    assert row.count(" | ") == 3  # four cells: nothing in a title or the evidence breaks the row


@needs_corpora
def test_fail_on_gives_exit_status_1_for_ci(capsys):
    assert run_cli(capsys, "diff", str(V15), str(V251), "--fail-on", "reused")[0] == 1
    assert run_cli(capsys, "diff", str(V230), str(V251), "--fail-on", "removed,reused")[0] == 0
    code, _, err = run_cli(capsys, "diff", str(V230), str(V251), "--fail-on", "added,reused")
    assert code == 1 and "13 added" in err


def test_diff_of_unreadable_input_exits_2(capsys, tmp_path):
    code, _, err = run_cli(capsys, "diff", str(tmp_path / "nergens"), "2026.12")
    assert code == 2 and "nergens" in err
    (tmp_path / "kapot.json").write_text("{")
    code, _, err = run_cli(capsys, "diff", str(tmp_path / "kapot.json"), "2026.12")
    assert code == 2 and "kapot.json" in err
    with pytest.raises(SystemExit):
        cli.main(["diff", "2026.12", "2026.12", "--fail-on", "verwijderd"])


def _corpus_handbook(tmp: Path, builder: str):
    """The v2.5.1 source built in compat mode, compared with v1.5, with a
    page that shows the changes."""
    from conftest import build, copy_corpus

    root = copy_corpus(tmp)
    conf = root / "docs" / "conf.py"
    conf.write_text(conf.read_text() + f"algokader_previous_edition = {str(V15)!r}\n")
    (root / "docs" / "wijzigingen.md").write_text(
        "---\norphan: true\n---\n# Wijzigingen\n\n<!-- algokader_wijzigingen -->\n")
    return build(root / "docs", builder, builddir=root / "_build")


@needs_corpora
def test_the_handbook_shows_the_diff_the_command_gives(capsys, tmp_path):
    """The official v2.5.1 source as a handbook, compared with v1.5: its
    changes page holds the rows of ``sphinx-algokader diff``, in HTML and
    in LaTeX."""
    code, out, _ = run_cli(capsys, "diff", str(V15), str(V251), "--format", "json")
    data = json.loads(out)
    kinds = {"vereiste": "Vereiste", "maatregel": "Maatregel", "hulpmiddel": "Hulpmiddel"}

    def rows(entries):
        return sorted((short(e["key"]), kinds[e["kind"]]) for e in entries)

    expected = {
        HERGEBRUIKT: sorted(short(e["key"]) for e in data["changed"] if e["reused"]),
        "Nieuw": rows(data["added"]),
        "Vervallen": rows(data["removed"]),
        "Gewijzigd": rows(data["changed"]),
    }
    for builder in ("html", "latex"):
        app = _corpus_handbook(tmp_path / builder, builder)
        tables = changes_tables(resolved(app, "wijzigingen"))
        assert sorted(row[0] for row in tables[HERGEBRUIKT]) == expected[HERGEBRUIKT]
        for section in ("Nieuw", "Vervallen", "Gewijzigd"):
            assert sorted((row[0], row[2]) for row in tables[section]) == expected[section]
        if builder == "html":
            html = read_html(app.outdir / "wijzigingen.html")
            assert ("Vergeleken met editie v1.5 (140 items): 132 nieuw, 73 vervallen en 67 "
                    "gewijzigd, waarvan 20 hergebruikt.") in html
        else:
            tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
            assert "aia-22-gebruiksverantwoordelijken-monitoren-werking" in tex


# --------------------------------------------------------------------------
# what counts as a change


def page(front_matter: str, body: str = "## Vereiste\n\nTekst.\n") -> str:
    return f"---\n{front_matter}---\n{body}"


def edition(folder: Path, pages: dict[str, str]) -> editions.Edition:
    for relative, text in pages.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return editions.load_folder(folder)


def test_keys_and_what_is_no_change(tmp_path):
    old = edition(tmp_path / "old", {
        "vereisten/tst-01-a.md": page("title: A\nid: urn:nl:ak:ver:tst-01\n"
                                      "levenscyclus: [ontwerp, ontwikkelen]\nhide: [toc]\n",
                                      "## Vereiste\n\nDoe A.\n"),
        "maatregelen/1-tst-01-b.md": page("title: B\nid: urn:nl:ak:mtr:tst-01\n"
                                          "vereiste: [tst-01-a]\n"),
        "instrumenten/DPIA.md": page("title: DPIA\n"),
    })
    new = edition(tmp_path / "new", {
        # lists in another order, another hide, a marker, another heading level
        "vereisten/tst-01-a.md": page("title: A\nid: urn:nl:ak:ver:tst-01\n"
                                      "levenscyclus: [ontwikkelen, ontwerp]\nhide: navigation\n",
                                      "<!-- tags -->\n### Vereiste { data-search-exclude }\n\n"
                                      "Doe   A.\n"),
        # the relation names the same item by its URN
        "maatregelen/1-tst-01-b.md": page("title: B\nid: urn:nl:ak:mtr:tst-01\n"
                                          "vereiste: [urn:nl:ak:ver:tst-01]\n"),
        # instrumenten/ became hulpmiddelen/: the key stays
        "hulpmiddelen/DPIA.md": page("title: DPIA\n"),
    })
    assert list(new.items) == ["urn:nl:ak:ver:tst-01", "urn:nl:ak:mtr:tst-01",
                               "hulpmiddelen/DPIA"]
    d = editions.diff(old, new)
    assert (d.added, d.removed, d.changed) == ((), (), ())
    # a word of the text, or a relation to another item, is a change
    newer = edition(tmp_path / "newer", {
        "vereisten/tst-01-a.md": page("title: A\nid: urn:nl:ak:ver:tst-01\n"
                                      "levenscyclus: [ontwerp, ontwikkelen]\n",
                                      "## Vereiste\n\nDoe A niet.\n"),
        "vereisten/tst-02-c.md": page("title: C\nid: urn:nl:ak:ver:tst-02\n"),
        "maatregelen/1-tst-01-b.md": page("title: B\nid: urn:nl:ak:mtr:tst-01\n"
                                          "vereiste: [tst-02-c]\n"),
    })
    d = editions.diff(old, newer)
    assert [(c.key, c.fields) for c in d.changed] == [
        ("urn:nl:ak:ver:tst-01", ("body",)), ("urn:nl:ak:mtr:tst-01", ("vereiste",))]
    assert [i.key for i in d.added] == ["urn:nl:ak:ver:tst-02"]
    assert [i.key for i in d.removed] == ["hulpmiddelen/DPIA"]
    # a page that names an item only one edition has (a relation that
    # dangled and now resolves) is the same page: the item is what is new
    dangling = edition(tmp_path / "dangling", {
        "maatregelen/1-tst-01-b.md": page("title: B\nid: urn:nl:ak:mtr:tst-01\n"
                                          "vereiste: [tst-02-c]\n")})
    d = editions.diff(dangling, newer)
    assert [i.key for i in d.added] == ["urn:nl:ak:ver:tst-01", "urn:nl:ak:ver:tst-02"]
    assert d.changed == ()


def test_an_export_before_format_1_3_compares_titles_labels_and_relations(tmp_path):
    old = edition(tmp_path / "old", {
        "vereisten/tst-01-a.md": page("title: A\nid: urn:nl:ak:ver:tst-01\n"
                                      "levenscyclus: [ontwerp]\ntoelichting: oud\n")})
    export = {"format_version": "1.2", "edition": None, "items": [{
        "kind": "vereiste", "urn": "urn:nl:ak:ver:tst-01", "code": "tst-01", "title": "A",
        "docname": "vereisten/tst-01-a", "url": "", "labels": {"levenscyclus": ["ontwerp"]},
        "relations": {}, "unresolved_relations": {}, "statement": "Tekst.",
        "applies_from": []}]}
    path = tmp_path / "oud.json"
    path.write_text(json.dumps(export))
    d = editions.diff(editions.load_edition(path), old)
    assert d.changed == ()  # toelichting and the text are not in such an export
    assert any("before format 1.3" in note for note in d.notes)
    assert any("texts are not compared" in note for note in d.notes)
    export["items"][0]["labels"] = {"levenscyclus": ["ontwikkelen"]}
    path.write_text(json.dumps(export))
    assert [c.fields for c in editions.diff(editions.load_edition(path), old).changed] == \
        [("levenscyclus",)]


def test_markdown_cells_are_escaped(tmp_path):
    old = edition(tmp_path / "old", {"vereisten/tst-01-a.md": page(
        "title: A\nid: urn:nl:ak:ver:tst-01\n")})
    new = edition(tmp_path / "new", {"vereisten/tst-01-a.md": page(
        "title: 'A | <b>vet</b> [x](y)'\nid: urn:nl:ak:ver:tst-01\n")})
    md = editions.as_markdown(editions.diff(old, new))
    row = next(line for line in md.splitlines() if line.startswith("| urn:"))
    assert row == ("| urn:nl:ak:ver:tst-01 | A \\| \\<b\\>vet\\</b\\> \\[x\\](y) | title |")


# --------------------------------------------------------------------------
# the shipped editions


def test_the_bundled_edition_ships_an_export_that_is_current():
    """Run ``python scripts/ship_edition.py`` when this fails."""
    name = content_edition().name
    assert name in editions.shipped_editions()
    shipped = editions.load_edition(name)
    assert (shipped.name, shipped.complete) == (name, True)
    d = editions.diff(shipped, editions.load_folder(content_dir()))
    assert (d.added, d.removed, d.changed) == ((), (), ()), (
        "content/ changed but sphinx_algokader/data/editions/"
        f"{name}.json was not regenerated (python scripts/ship_edition.py):\n"
        + editions.as_text(d))


def test_shipped_editions_validate_against_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from sphinx_algokader.export import SCHEMA_FILE

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    for name in editions.shipped_editions():
        path = editions.shipped_edition(name)
        jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), schema)


def test_shipped_editions_are_in_the_wheel():
    setup = (Path(__file__).resolve().parents[1] / "setup.cfg").read_text()
    assert "data/editions/*.json" in setup


# --------------------------------------------------------------------------
# the handbook


def copy_root(target: Path) -> Path:
    shutil.copytree(ROOT, target)
    return target


def add_record(src: Path, measure: str) -> Path:
    """Give the archief algorithm a record of ``measure`` (``gereed``), on
    line 8 of its page; returns the page."""
    record = src / "algoritmen" / "archief.md"
    record.write_text(record.read_text().replace(
        "    tst-01: gereed\n", f"    tst-01: gereed\n    {measure}: gereed\n"))
    return record


def changes_tables(doctree) -> dict[str, list[list[str]]]:
    """rubric -> rows of the table under it, for each changes container."""
    from docutils import nodes

    from sphinx_algokader.table import algokader_table

    out: dict[str, list[list[str]]] = {}
    for container in doctree.findall(nodes.container):
        if "algokader-changes" not in container["classes"]:
            continue
        heading = None
        for child in container.children:
            if isinstance(child, nodes.rubric):
                heading = child.astext()
            elif isinstance(child, algokader_table):
                out.setdefault(heading, []).extend(child.cell_texts())
            elif isinstance(child, nodes.table):  # expanded for builders other than HTML
                out.setdefault(heading, []).extend(
                    [entry.astext() for entry in row.findall(nodes.entry)]
                    for tbody in child.findall(nodes.tbody) for row in tbody.children)
    # without soft hyphens (long words may get them) and the zero-width spaces
    # after which a path may break in LaTeX
    def clean(text: str) -> str:
        return text.replace("\xad", "").replace("\u200b", "")
    return {clean(h): [[clean(c) for c in row] for row in rows] for h, rows in out.items()}


HERGEBRUIKT = "Hergebruikt: dezelfde code staat nu voor een andere plicht"


@pytest.mark.sphinx("html", testroot="editions", freshenv=True)
def test_the_changes_page_shows_what_changed(app):
    from docutils import nodes

    app.build()
    doctree = resolved(app, "wijzigingen")
    summaries = [p.astext() for p in doctree.findall(nodes.paragraph)
                 if "algokader-summary" in p["classes"]]
    assert summaries == [
        "Vergeleken met editie 2026.06 (6 items): 2 nieuw, 1 vervallen en 3 gewijzigd, "
        "waarvan 1 hergebruikt.",
        "Vergeleken met editie 2026.06 (2 items): 1 nieuw, 1 vervallen en 1 gewijzigd, "
        "waarvan 0 hergebruikt."]
    tables = changes_tables(doctree)
    (reused,) = tables[HERGEBRUIKT]
    assert reused[:3] == ["tst-03", "Recht op uitleg over besluiten",
                          "Ernstige incidenten worden gemeld"]
    assert reused[3].split("; ") == [
        "tekstovereenkomst 0,03",
        "bestandsnaam tst-03-uitleg-besluiten → tst-03-melden-incidenten",
        "de oude plicht staat nu onder tst-04 (overeenkomst 0,90)",
        "aangehaalde artikelen 86 → 73 (geen gemeenschappelijk)"]
    # the second marker shows measures only, without the changed table
    assert tables["Nieuw"] == [["tst-04", "Mensen krijgen op verzoek uitleg over besluiten",
                                "Vereiste"], ["tst-02", "Richt een meldprocedure in", "Maatregel"],
                               ["tst-02", "Richt een meldprocedure in", "Maatregel"]]
    assert tables["Vervallen"] == [["tst-03", "Archiveer op papier", "Maatregel"]] * 2
    assert tables["Gewijzigd"] == [
        ["tst-02", "Impactvolle algoritmes staan in het algoritmeregister", "Vereiste", "titel"],
        ["tst-03", "Ernstige incidenten worden gemeld", "Vereiste",
         "HERGEBRUIKT; titel, levenscyclus, tekst"],
        ["tst-01", "Stel bewaartermijnen vast", "Maatregel", "tekst"]]
    html = read_html(app.outdir / "wijzigingen.html")
    # rows link to the pages; a removed item has none; re-used rows are flagged
    assert '<a class="reference internal" href="vereisten/tst-03-melden-incidenten.html">' in html
    assert 'href="maatregelen/1-tst-02-meldprocedure.html"' in html
    assert "Archiveer op papier" in html and "1-tst-03" not in html
    assert html.count('class="algokader-row algokader-reused') == 2


@pytest.mark.sphinx("html", testroot="editions", freshenv=True)
def test_lists_show_the_change_column_and_records_say_check_again(app):
    app.build()
    lijsten = read_html(app.outdir / "lijsten.html")
    cells = re.findall(r"<tr class=\"algokader-row[^>]*>.*?</tr>", lijsten, re.DOTALL)
    marks = [re.findall(r"<td[^>]*><p>(.*?)</p></td>", row, re.DOTALL)[1] for row in cells]
    assert marks == ["", "gewijzigd", "hergebruikt", "nieuw", "gewijzigd", "nieuw"]
    assert "<p>Wijziging</p>" in lijsten
    # the download holds the column the table shows, as a value
    with open(app.outdir / "lijsten.algokader-vereisten-1.csv", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("Wijziging")
    assert [row[column] for row in rows[1:]] == marks[:len(rows) - 1]  # the first list's rows
    assert ["gewijzigd", "hergebruikt", "nieuw"] == sorted({row[column] for row in rows} - {
        "", "Wijziging"})

    archief = read_html(app.outdir / "algoritmen" / "archief.html")
    assert "Gereed (opnieuw controleren: gewijzigd)" in archief
    assert "Te doen (nieuw)" in archief
    assert "algokader-recheck" in archief
    assert ("1 vastlegging moet opnieuw gecontroleerd worden: de maatregel is gewijzigd sinds "
            "editie 2026.06. 1 maatregel is nieuw sinds editie 2026.06.") in archief
    # the record of an edition without data is shown as it is, and said once
    oud = read_html(app.outdir / "algoritmen" / "oud.html")
    assert "opnieuw controleren" not in oud and "nieuw" not in oud
    assert warnings_of(app) == [
        ("archief.md", "7", "archief: measure 'tst-01' changed since edition 2026.06 (body); "
         "check its record again, then set editie to the handbook's own edition, once "
         "algokader_edition in conf.py names it", "algokader.recheck")]
    status = app.status.getvalue()
    assert status.count("oud: records are confirmed against edition '2019.01', of which this "
                        "build has no data") == 1
    assert "oud.md:5: sphinx-algokader: oud: records are confirmed" in status  # editie's line


def test_a_handbook_that_names_its_edition_can_confirm_records_against_it(make_app, tmp_path):
    """A handbook that does not embed the framework (a copy made with
    ``sphinx-algokader init``, edited since) had no name for its own
    edition: no ``editie`` could clear a "check again". With
    ``algokader_edition`` the warning names it, and a record confirmed
    against it is checked against nothing."""
    src = copy_root(tmp_path / "src")
    eigen = {"algokader_edition": "2026.12-eigen"}
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=eigen)
    app.build()
    assert [message for _f, _l, message, _s in warnings_of(app)] == [
        "archief: measure 'tst-01' changed since edition 2026.06 (body); check its record "
        "again, then set editie to '2026.12-eigen'"]
    app.cleanup()
    archief = src / "algoritmen" / "archief.md"
    archief.write_text(archief.read_text(encoding="utf-8").replace(
        'editie: "2026.06"', 'editie: "2026.12-eigen"'), encoding="utf-8")
    app = make_app("html", srcdir=src, confoverrides=eigen)
    app.build()
    assert warnings_of(app) == []
    assert "opnieuw controleren" not in read_html(app.outdir / "algoritmen" / "archief.html")


@pytest.mark.sphinx("latex", testroot="editions", freshenv=True)
def test_the_changes_tables_are_in_the_pdf(app):
    app.build()
    tex = next(app.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Hergebruikt: dezelfde code staat nu voor een andere plicht" in tex
    assert "Recht op uitleg over besluiten" in tex
    assert "tekstovereenkomst 0,03" in tex
    doctree = resolved(app, "wijzigingen")
    assert changes_tables(doctree)[HERGEBRUIKT][0][0] == "tst-03"


@pytest.mark.sphinx("algokader-json", testroot="editions", freshenv=True)
def test_the_export_carries_what_a_later_edition_compares(app, tmp_path):
    app.build()
    exported = editions.load_edition(app.outdir / "algokader.json")
    assert exported.complete
    source = copy_root(tmp_path / "src")
    shutil.rmtree(source / "vorige")
    d = editions.diff(exported, editions.load_folder(source))
    assert (d.added, d.removed, d.changed, d.notes) == ((), (), (), ())
    item = json.loads((app.outdir / "algokader.json").read_text())["items"][0]
    assert item["front_matter"]["levenscyclus"] == ["ontwikkelen"]
    assert re.fullmatch(r"[0-9a-f]{64}", item["body_digest"])


@pytest.mark.sphinx("algokader-json", testroot="editions", freshenv=True)
def test_the_export_says_which_records_to_check_again(app):
    app.build()
    data = json.loads((app.outdir / "algokader.json").read_text())
    archief = {a["id"]: a for a in data["algoritmen"]}["archief"]
    marks = {m["urn"]: (m["status"], m["wijziging"], m["opnieuw-controleren"])
             for m in archief["maatregelen"]}
    # as the status table says: tst-01 changed since 2026.06 (check its record
    # again), tst-02 is new and has no record yet
    assert marks == {"urn:nl:ak:mtr:tst-01": ("gereed", "gewijzigd", True),
                     "urn:nl:ak:mtr:tst-02": ("te-doen", "nieuw", False)}
    # an edition of which the build has no data: not checked, and it says so
    # (false would tell a dashboard that nothing needs checking)
    oud = {a["id"]: a for a in data["algoritmen"]}["oud"]
    assert {(m["wijziging"], m["opnieuw-controleren"]) for m in oud["maatregelen"]} == {
        (None, None)}


def test_incremental_builds_follow_the_previous_edition(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True)
    first.build()
    first.cleanup()
    before = mtimes(first.outdir)

    # the previous edition's measure tst-01 gets the new text: no longer changed
    time.sleep(0.01)
    shutil.copy(src / "maatregelen" / "1-tst-01-bewaartermijn.md",
                src / "vorige" / "maatregelen" / "1-tst-01-bewaartermijn.md")
    app = make_app("html", srcdir=src, builddir=builddir)
    app.build()
    after = mtimes(app.outdir)
    # (Sphinx writes its index, search and genindex pages in every build that
    # updates a page)
    rewritten = {p for p in after if after[p] != before.get(p)} - {
        "index.html", "search.html", "genindex.html"}
    assert rewritten == {"wijzigingen.html", "lijsten.html", "algoritmen/archief.html"}
    rows = changes_tables(resolved(app, "wijzigingen"))["Gewijzigd"]
    assert [row[0] for row in rows] == ["tst-02", "tst-03"]
    archief = read_html(app.outdir / "algoritmen" / "archief.html")
    assert "opnieuw controleren" not in archief
    assert warnings_of(app) == []
    app.cleanup()

    # an edit of the handbook's own page: its mark and the tables follow
    before = after
    time.sleep(0.01)
    page_ = src / "vereisten" / "tst-02-register.md"
    page_.write_text(page_.read_text().replace(
        "Impactvolle algoritmes staan in het algoritmeregister", "Registratie van algoritmes"))
    app = make_app("html", srcdir=src, builddir=builddir)
    app.build()
    after = mtimes(app.outdir)
    rewritten = {p for p in after if after[p] != before.get(p)}
    assert {"wijzigingen.html", "lijsten.html", "vereisten/tst-02-register.html"} <= rewritten
    rows = changes_tables(resolved(app, "wijzigingen"))["Gewijzigd"]
    assert [row[0] for row in rows] == ["tst-03"]


def test_a_record_of_a_re_used_measure_names_both_duties(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    # in 2026.06, the code tst-02 was a measure about paper logs
    (src / "vorige" / "maatregelen" / "1-tst-02-papieren-logboek.md").write_text(
        "---\ntitle: Houd een papieren logboek bij\nid: urn:nl:ak:mtr:tst-02\n"
        "vereiste: [tst-01-bewaren]\nlevenscyclus: [ontwikkelen]\n---\n## Maatregel\n\n"
        "Schrijf elke wijziging van het archief met de hand in een gebonden logboek.\n")
    add_record(src, "tst-02")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert warnings_of(app)[1] == (
        "archief.md", "8", "archief: measure 'tst-02' stands for another measure than in "
        "edition 2026.06 (was 'Houd een papieren logboek bij', now 'Richt een meldprocedure "
        "in'); check its record again, then set editie to the handbook's own edition, once "
        "algokader_edition in conf.py names it",
        "algokader.recheck")
    archief = read_html(app.outdir / "algoritmen" / "archief.html")
    assert "Gereed (opnieuw controleren: andere maatregel)" in archief
    assert "2 vastleggingen moeten opnieuw gecontroleerd worden" in archief


def test_a_record_of_a_removed_measure_says_it_was_removed(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    # the measure tst-03 ("Archiveer op papier") of 2026.06 is gone
    record = add_record(src, "tst-03")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert warnings_of(app)[0] == (
        "archief.md", "8", "archief: 'tst-03' names no measure (it was a measure of edition "
        "2026.06 ('Archiveer op papier') and is no longer in the framework: remove the "
        "record, or record what you did under the measure that took its place); the record "
        "is not shown", "algokader.unknown_measure")
    # without an edition, the usual advice
    record.write_text(record.read_text().replace('  editie: "2026.06"\n', ""))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert ("archief: 'tst-03' names no measure (use its short code, file name or URN); the "
            "record is not shown") in [w[2] for w in warnings_of(app)]


def test_a_parallel_build_gives_the_same_changes(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    serial = make_app("html", srcdir=src, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    serial.cleanup()
    parallel = make_app("html", srcdir=src, builddir=tmp_path / "parallel", freshenv=True,
                        parallel=2)
    parallel.build()
    for name in ("wijzigingen.html", "lijsten.html", "algoritmen/archief.html"):
        body = re.compile(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"',
                          re.DOTALL)
        assert body.findall(read_html(parallel.outdir / name)) == \
            body.findall(read_html(serial.outdir / name)), name


def test_english_handbooks_get_english_tables(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    (src / "conf.py").write_text((src / "conf.py").read_text().replace('"nl"', '"en"'))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    tables = changes_tables(resolved(app, "wijzigingen"))
    (reused,) = tables["Re-used: the same code now stands for another duty"]
    assert reused[3].startswith("text similarity 0.03; file name tst-03-uitleg-besluiten")
    assert tables["Changed"][1][3] == "RE-USED; title, levenscyclus, text"


def test_without_a_previous_edition_the_marker_and_column_say_so(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    (src / "conf.py").write_text((src / "conf.py").read_text().replace(
        'algokader_previous_edition = "vorige"', ""))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    problems = [(f, line, sub) for f, line, _msg, sub in warnings_of(app)]
    assert problems == [("wijzigingen.md", "3", "algokader.edition"),
                        ("wijzigingen.md", "7", "algokader.edition"),
                        ("lijsten.md", "3", "algokader.edition"),
                        ("lijsten.md", "5", "algokader.edition")]
    html = read_html(app.outdir / "wijzigingen.html")
    assert "Er is geen vorige editie om mee te vergelijken" in html


def test_a_bad_setting_is_a_config_error_and_a_broken_edition_a_warning(make_app, tmp_path):
    from sphinx.errors import ConfigError

    src = copy_root(tmp_path / "src")
    conf = src / "conf.py"
    setting = 'algokader_previous_edition = "vorige"'
    conf.write_text(conf.read_text().replace(setting, setting.replace("vorige", "bestaat-niet")))
    with pytest.raises(ConfigError, match="bestaat-niet"):
        make_app("html", srcdir=src, freshenv=True)
    (src / "kapot.json").write_text('{"items": 3}')
    conf.write_text(conf.read_text().replace('"bestaat-niet"', '"kapot.json"'))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    # (a warning without a file has no location to split off)
    assert warnings_of(app) == [
        ("", "", "WARNING: algokader_previous_edition: " + str(src / "kapot.json")
         + " is no algokader.json export (no list of items); no changes are shown "
         "[algokader.edition]", "")]
    # the record confirmed against 2026.06 is not checked: no data of that edition
    assert "records are confirmed against edition '2026.06'" in app.status.getvalue()
    html = read_html(app.outdir / "wijzigingen.html")
    assert "Er is geen vorige editie om mee te vergelijken" in html


def test_bad_tokens_are_reported(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    (src / "wijzigingen.md").write_text(
        "# W\n\n<!-- algokader_wijzigingen soort/tool no-alles -->\n"
        "\n<!-- algokader_wijziging -->\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    found = [(f, line, sub) for f, line, _msg, sub in warnings_of(app)
             if f == "wijzigingen.md"]
    assert found == [("wijzigingen.md", "3", "algokader.bad_token"),
                     ("wijzigingen.md", "3", "algokader.bad_token"),
                     ("wijzigingen.md", "5", "algokader.unknown_marker")]


# --------------------------------------------------------------------------
# sphinx-algokader update prints the changes


def test_update_prints_what_the_new_edition_changed(capsys, tmp_path):
    target = tmp_path / "kader"
    assert cli.main(["init", str(target)]) == 0
    manifest = json.loads((target / ".sphinx-algokader.json").read_text())
    assert manifest["edition"] == content_edition().name
    capsys.readouterr()
    assert cli.main(["update", str(target)]) == 0
    out = capsys.readouterr().out
    name = content_edition().name
    assert f"Changes in the framework from edition {name} to {name}:" in out
    assert f"{name} (193 items) -> {name} (193 items): 0 added, 0 removed, 0 changed" in out

    # a copy made before manifests named their edition: its own pages, as edited
    del manifest["edition"]
    (target / ".sphinx-algokader.json").write_text(json.dumps(manifest))
    avg02 = next((target / "vereisten").glob("avg-02-*.md"))
    avg02.write_text(avg02.read_text().replace("title: ", "title: Eerder - ", 1))
    assert cli.main(["update", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Changes from the pages of this copy (edits included) to edition" in out
    assert "0 added, 0 removed, 1 changed, of which 0 re-used" in out
    assert "urn:nl:ak:ver:avg-02" in out and "[title]" in out

    # a page whose front matter is not valid YAML is said, as diff says it
    manifest = json.loads((target / ".sphinx-algokader.json").read_text())
    manifest.pop("edition", None)
    (target / ".sphinx-algokader.json").write_text(json.dumps(manifest))
    avg02.write_text(avg02.read_text().replace("title: Eerder - ", "title: Let op: ", 1))
    assert cli.main(["update", str(target)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and avg02.name in err and "not valid YAML" in err
