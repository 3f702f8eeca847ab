"""Content validation, the URN lock, and the framework as data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, ROOTS, build, warnings_of
from sphinx_algokader import cli
from sphinx_algokader.index import get_index
from sphinx_algokader.export import SCHEMA_FILE

SCHEMAS = CORPUS.parents[1] / "schemas" / "task-registry"
jsonschema = pytest.importorskip("jsonschema")


# --- validation ------------------------------------------------------------

@pytest.mark.sphinx("html", testroot="validation", freshenv=True)
def test_each_rule_gives_exactly_its_warning(app):
    app.build()
    found = sorted((f, line, sub) for f, line, _m, sub in warnings_of(app))
    assert found == sorted([
        ("avg-02-slecht-urn.md", "3", "algokader.urn_format"),
        ("avg-03-verkeerde-naam.md", "3", "algokader.file_prefix"),
        ("avg-05-onbekend-label.md", "6", "algokader.unknown_label"),
        ("avg-06-zonder-titel.md", "1", "algokader.missing_title"),
        ("2-owp-01-zonder-id.md", "1", "algokader.missing_id"),
    ])


def test_a_markdown_page_of_another_suffix_is_checked_as_markdown(tmp_path):
    """A handbook that reads ``.markdown`` as Markdown: its pages' front
    matter is read (source.py asked the suffixes), but the title check and
    the editions' comparison took only ``.md`` for Markdown, so a page
    without a title in its front matter gave no warning."""
    src = tmp_path / "hb"
    shutil.copytree(ROOTS / "test-validation", src)
    page = src / "vereisten" / "avg-06-zonder-titel.md"
    page.rename(page.with_suffix(".markdown"))
    (src / "conf.py").write_text((src / "conf.py").read_text() + (
        'source_suffix = {".md": "markdown", ".markdown": "markdown", '
        '".rst": "restructuredtext"}\n'))
    app = build(src)
    assert ("avg-06-zonder-titel.markdown", "1", "algokader.missing_title") in {
        (f, line, sub) for f, line, _m, sub in warnings_of(app)}


@pytest.mark.sphinx("html", testroot="validation", freshenv=True,
                    confoverrides={"algokader_vocabulary": {
                        "labels": {"levenscyclus": {"values": ["ontwikkelfase"]}}}})
def test_the_vocabulary_is_extendable(app):
    app.build()
    assert "algokader.unknown_label" not in {w[3] for w in warnings_of(app)}


@pytest.mark.sphinx("html", testroot="validation", freshenv=True,
                    confoverrides={"algokader_strict": True})
def test_strict_mode_fails_the_build(app):
    """Strict mode fails the build at its end (exit status 1), without the
    crash report an exception would give, and keeps the environment, so
    that the next build is incremental."""
    app.build()
    assert app.statuscode == 1
    text = app.warning.getvalue()
    assert "ERROR: 5 content problems (algokader_strict = True): see above" in text
    assert "Traceback" not in text
    assert (Path(app.doctreedir) / "environment.pickle").is_file()


def test_strict_mode_fails_a_build_with_nothing_to_do(make_app, tmp_path):
    """A second build with no change reads no page, and Sphinx then skips
    its consistency check: the problems that need the whole handbook are
    checked anyway, and the build fails as the first did."""
    src = tmp_path / "hb"
    shutil.copytree(ROOTS / "test-validation", src)
    first = make_app("html", srcdir=src, freshenv=True, confoverrides={"algokader_strict": True})
    first.build()
    assert first.statuscode == 1
    first.cleanup()
    again = make_app("html", srcdir=src, confoverrides={"algokader_strict": True})
    again.build()
    assert "no targets are out of date" in again.status.getvalue()
    assert again.statuscode == 1
    # (all five need the whole handbook: each is shown again)
    text = again.warning.getvalue()
    assert len(re.findall(r"\[algokader\.\w+\]", text)) == 5
    assert "ERROR: 5 content problems (algokader_strict = True): see above" in text


@pytest.mark.sphinx("html", testroot="validation", freshenv=True,
                    confoverrides={"algokader_strict": True, "suppress_warnings": ["algokader"]})
def test_strict_mode_respects_silenced_kinds(app):
    app.build()
    assert app.statuscode == 0


# --- the URN lock ----------------------------------------------------------

def test_lock_fails_the_build_when_a_urn_disappears(make_app, tmp_path, capsys):
    src = tmp_path / "hb"
    shutil.copytree(ROOTS / "test-validation", src)
    assert cli.main(["lock", str(src)]) == 0
    lock = (src / "algokader.lock").read_text()
    assert "urn:nl:ak:ver:avg-01\n" in lock and "urn:nl:ak:mtr:owp-02\n" in lock
    # a URN the build reports as malformed (urn_format) is not promised
    assert "AVG_02" not in lock
    assert "skipped  urn:nl:ak:ver:AVG_02" in capsys.readouterr().out
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'algokader_urn_lock = "algokader.lock"\n')

    app = make_app("html", srcdir=src, freshenv=True)
    app.build()  # the lock holds
    app.cleanup()
    (src / "maatregelen" / "2-owp-02-goed.md").unlink()
    broken = make_app("html", srcdir=src, freshenv=True)
    broken.build()  # fails without -W and without strict mode
    assert broken.statuscode == 1
    text = broken.warning.getvalue()
    assert "ERROR: URN urn:nl:ak:mtr:owp-02 is in algokader.lock" in text
    assert "ERROR: the URN lock is broken (see above)" in text
    broken.cleanup()
    # updating the lock keeps the promise unless the URN is dropped on purpose
    assert cli.main(["lock", str(src)]) == 1
    assert "missing  urn:nl:ak:mtr:owp-02" in capsys.readouterr().out
    assert cli.main(["lock", str(src), "--prune"]) == 0
    assert "owp-02" not in (src / "algokader.lock").read_text()


def test_lock_writes_the_lock_conf_py_names_and_keeps_its_comments(tmp_path, capsys,
                                                                    monkeypatch):
    """``algokader_urn_lock`` names the lock that ``lock`` writes; a lock's
    own comments survive an update; the hint to configure it is for a
    handbook that has not."""
    src = tmp_path / "hb"
    shutil.copytree(ROOTS / "test-validation", src)
    conf = src / "conf.py"
    conf.write_text(conf.read_text() + 'algokader_urn_lock = "ci/urns.lock"\n')
    lock = src / "ci" / "urns.lock"
    assert cli.main(["lock", str(src)]) == 0  # its folder is made too
    lock.write_text("# onze gepubliceerde URN's\nurn:nl:ak:ver:avg-01  # in het register\n")
    capsys.readouterr()
    assert cli.main(["lock", str(src)]) == 0
    out = capsys.readouterr().out
    assert f"{lock}: " in out and "add algokader_urn_lock" not in out
    assert not (src / "algokader.lock").exists()
    text = lock.read_text()
    assert text.startswith("# onze gepubliceerde URN's\n")
    assert "urn:nl:ak:ver:avg-01  # in het register\n" in text
    assert "urn:nl:ak:mtr:owp-02\n" in text
    # the lock is named as the handbook was ("hb/ci/urns.lock"), as the docs show
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lock", "hb"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("hb/ci/urns.lock: ")


def test_lock_says_why_a_handbook_cannot_be_read(tmp_path, capsys):
    (tmp_path / "conf.py").write_text("extensions = []\n")
    (tmp_path / "index.md").write_text("# x\n")
    assert cli.main(["lock", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "is sphinx_algokader in its extensions?" in err and "Traceback" not in err


# --- algokader.json --------------------------------------------------------

def _schema():
    return json.loads(SCHEMA_FILE.read_text())


@pytest.mark.sphinx("algokader-json", testroot="validation", freshenv=True)
def test_json_export(app):
    app.build()
    data = json.loads((app.outdir / "algokader.json").read_text())
    jsonschema.validate(data, _schema())
    assert len(data["items"]) == len(get_index(app.env).items)
    by_code = {item["code"]: item for item in data["items"]}
    measure = by_code["owp-02"]
    assert measure["relations"] == {"vereiste": ["urn:nl:ak:ver:avg-01", "urn:nl:ak:ver:avg-01"]}
    assert measure["statement"] == "Doe iets goeds.\n\n- stap een\n- stap twee"
    assert measure["url"] == "maatregelen/2-owp-02-goed.html"
    tool = by_code["checklist"]
    assert tool["kind"] == "hulpmiddel"
    assert tool["relations"]["maatregel"] == ["urn:nl:ak:mtr:owp-02"]


def test_json_is_deterministic(make_app, tmp_path):
    outputs = []
    for name in ("one", "two"):
        app = make_app("algokader-json", srcdir=ROOTS / "test-basic",
                       builddir=tmp_path / name, freshenv=True)
        app.build()
        app.cleanup()
        outputs.append((app.outdir / "algokader.json").read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.sphinx("algokader-json", testroot="badinput", freshenv=True,
                    confoverrides={"html_baseurl": "https://handboek.example.nl/"})
def test_unresolved_relations_are_listed(app):
    app.build()
    data = json.loads((app.outdir / "algokader.json").read_text())
    jsonschema.validate(data, _schema())
    (measure,) = [i for i in data["items"] if i["kind"] == "maatregel"]
    assert measure["unresolved_relations"] == {"vereiste": ["bestaat-niet", ""]}
    assert measure["url"] == "https://handboek.example.nl/maatregelen/2-owp-01-maatregel.html"


# --- the task registry -----------------------------------------------------

def _registry_schemas():
    if not SCHEMAS.is_dir():
        pytest.skip(f"task-registry schemas not found at {SCHEMAS} (../shared/schemas)")
    return {kind: json.loads((SCHEMAS / f"schema_{kind}.json").read_text())
            for kind in ("requirements", "measures", "instruments")}


def _validate_registry(outdir: Path) -> dict[str, int]:
    counts = {}
    for kind, schema in _registry_schemas().items():
        files = sorted((outdir / kind).glob("*.yaml"))
        for path in files:
            jsonschema.validate(yaml.safe_load(path.read_text()), schema)
        counts[kind] = len(files)
    return counts


@pytest.mark.sphinx("algokader-taskregistry", testroot="validation", freshenv=True)
def test_task_registry_files_of_a_small_handbook(app):
    app.build()
    counts = _validate_registry(app.outdir)
    # the two items without a well-formed URN (reported by validation) are left out
    assert counts == {"requirements": 4, "measures": 1, "instruments": 1}
    requirement = yaml.safe_load((app.outdir / "requirements" / "avg-01-goed.yaml").read_text())
    assert requirement["urn"] == "urn:nl:ak:ver:avg-01"
    assert requirement["links"] == ["urn:nl:ak:mtr:owp-02"]  # the measure that serves it
    assert requirement["description"] == "Dit is goed."
    assert requirement["ai_act_profile"] == [] and requirement["always_applicable"] == 1
    tool = yaml.safe_load((app.outdir / "instruments" / "checklist.yaml").read_text())
    assert tool["urn"] == "urn:nl:aivt:tr:checklist:1.0"


def test_task_registry_and_json_of_the_bundled_content(make_app, tmp_path):
    _registry_schemas()
    src = tmp_path / "hb"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\nalgokader_embed = True\n'
                                 'html_baseurl = "https://example.nl/"\n')
    (src / "index.md").write_text("# H\n\n```{toctree}\nalgoritmekader/index\n```\n")
    app = make_app("algokader-taskregistry", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    counts = _validate_registry(app.outdir)
    index = get_index(app.env)
    assert counts == {"requirements": len(index.by_kind["vereiste"]),
                      "measures": len(index.by_kind["maatregel"]),
                      "instruments": len(index.by_kind["hulpmiddel"])}
    aia = yaml.safe_load((app.outdir / "requirements" / "aia-09-menselijk-toezicht.yaml").read_text())
    (profile,) = aia["ai_act_profile"]
    assert "hoog-risico AI" in profile["risk_group"] and aia["always_applicable"] == 0
    js = make_app("algokader-json", srcdir=src, builddir=tmp_path / "json")
    js.build()
    js.cleanup()
    data = json.loads((js.outdir / "algokader.json").read_text())
    jsonschema.validate(data, _schema())
    assert len(data["items"]) == len(index.items)
    assert not any(item["unresolved_relations"] for item in data["items"])


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"official corpus not found at {CORPUS}")
def test_exports_of_the_official_corpus(make_app, tmp_path):
    _registry_schemas()
    from conftest import copy_corpus

    root = copy_corpus(tmp_path)
    app = make_app("algokader-json", srcdir=root / "docs", builddir=tmp_path / "out", freshenv=True)
    app.build()
    app.cleanup()
    data = json.loads((app.outdir / "algokader.json").read_text())
    jsonschema.validate(data, _schema())
    assert len(data["items"]) == len(get_index(app.env).items) == 63 + 108 + 28
    unresolved = [(item["docname"].rsplit("/", 1)[-1], key, name) for item in data["items"]
                  for key, names in item["unresolved_relations"].items() for name in names]
    assert len(unresolved) == 11, unresolved
    assert ("standaarden", "maatregel", "2-owp-11-duurzaam-inkopen") in unresolved
    assert ("Impactanalyse-AI-verordening", "vereiste", "") in unresolved
    registry = make_app("algokader-taskregistry", srcdir=root / "docs",
                        builddir=tmp_path / "registry")
    registry.build()
    registry.cleanup()
    counts = _validate_registry(registry.outdir)
    assert counts == {"requirements": 63, "measures": 108, "instruments": 28}


def test_stale_outputs_are_removed_but_never_the_file_just_written(tmp_path):
    from sphinx_algokader.outputs import remove_stale

    for name in ("a.yaml", "B.yaml", "c.yaml", "mine.txt"):
        (tmp_path / name).write_text(name)
    (tmp_path / "listing.json").write_text(json.dumps(["a.yaml", "B.yaml", "c.yaml", "../x"]))
    # B.yaml is renamed b.yaml; on a file system that ignores case the two
    # names are one file (a link stands in for that here)
    (tmp_path / "b.yaml").symlink_to(tmp_path / "B.yaml")
    remove_stale(tmp_path, "listing.json", ["a.yaml", "b.yaml"])
    assert (tmp_path / "a.yaml").exists() and (tmp_path / "B.yaml").exists()
    assert not (tmp_path / "c.yaml").exists()         # gone from the build: removed
    assert (tmp_path / "mine.txt").exists()           # never written by the builder
    assert json.loads((tmp_path / "listing.json").read_text()) == ["a.yaml", "b.yaml"]
    # on a file system that keeps case, the old B.yaml is another file: removed
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "b.yaml").write_text("b")
    (tmp_path / "listing.json").write_text(json.dumps(["B.yaml"]))
    remove_stale(tmp_path, "listing.json", ["b.yaml"])
    assert not (tmp_path / "B.yaml").exists() and (tmp_path / "b.yaml").exists()


def test_two_files_that_want_one_name_both_get_one_also_across_case():
    from sphinx_algokader.outputs import FileNames

    names = FileNames()
    assert names.claim("requirements/avg-01", ".yaml", "a") == ("requirements/avg-01.yaml", None)
    # one file where case is ignored (macOS, Windows): the second is kept beside it
    assert names.claim("requirements/AVG-01", ".yaml", "b") == \
        ("requirements/AVG-01-2.yaml", "a")
    assert names.claim("requirements/avg-01", ".yaml", "c") == \
        ("requirements/avg-01-3.yaml", "a")
    # a name that a number made is taken too
    assert names.claim("requirements/avg-01-2", ".yaml", "d") == \
        ("requirements/avg-01-2-2.yaml", "b")
    assert names.claim("chatbot", "", "e") == ("chatbot", None)
    assert names.names == ["requirements/avg-01.yaml", "requirements/AVG-01-2.yaml",
                           "requirements/avg-01-3.yaml", "requirements/avg-01-2-2.yaml", "chatbot"]
