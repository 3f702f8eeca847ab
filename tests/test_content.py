"""The framework edition in content/: complete, consistent, and embeddable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from conftest import build, embedded_handbook, lists_of, resolved, table_rows, warnings_of
from sphinx_algokader import cli
from sphinx_algokader.index import get_index
from sphinx_algokader.embed import MANIFEST, content_dir, digest, mirror
from sphinx_algokader.vocabulary import get_vocabulary

PHASES = ["organisatieverantwoordelijkheden", "probleemanalyse", "ontwerp",
          "dataverkenning-en-datapreparatie", "ontwikkelen", "verificatie-en-validatie",
          "implementatie", "monitoring-en-beheer", "uitfaseren"]
PHASE_CODES = {"org": 0, "pba": 1, "owp": 2, "dat": 3, "owk": 4, "ver": 5, "imp": 6, "mon": 7, "uit": 8}


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    """A fresh handbook holding only conf.py and index.md, with the framework embedded."""
    return build(embedded_handbook(tmp_path_factory.mktemp("handbook")))


def test_embedded_framework_builds_without_warnings(embedded):
    assert warnings_of(embedded) == []


def test_counts(embedded):
    index = get_index(embedded.env)
    assert len(index.by_kind["vereiste"]) >= 60
    assert len(index.by_kind["maatregel"]) >= 100
    assert len(index.by_kind["hulpmiddel"]) >= 20
    names = {item.name for item in index.by_kind["hulpmiddel"]}
    assert {"DPIA", "IAMA", "AIIA", "DEDA", "ALTAI", "BIO", "fairness-handbook",
            "algoritmeregister"} <= names
    phases = {PHASE_CODES[item.code.split("-")[0]] for item in index.by_kind["maatregel"]}
    assert phases == set(range(9))


@pytest.mark.parametrize("phase", PHASES)
def test_every_phase_page_lists_requirements_and_measures(embedded, phase):
    doctree = resolved(embedded, f"algoritmekader/levenscyclus/{phase}")
    vereisten, maatregelen = lists_of(doctree)
    assert table_rows(vereisten), phase
    assert table_rows(maatregelen), phase


def test_urns_are_unique_and_match_file_names(embedded):
    index = get_index(embedded.env)
    urns = [item.urn for item in index.items.values() if item.urn]
    assert len(urns) == len(set(urns))
    for item in index.by_kind["vereiste"]:
        assert re.fullmatch(r"urn:nl:ak:ver:[a-z]{3}-\d{2}", item.urn), item.docname
        assert item.name.startswith(item.code + "-"), item.docname
    for item in index.by_kind["maatregel"]:
        assert re.fullmatch(r"urn:nl:ak:mtr:[a-z]{3}-\d{2}", item.urn), item.docname
        prefix, code = re.match(r"(\d)-([a-z]{3}-\d{2})-", item.name).groups()
        assert code == item.code and int(prefix) == PHASE_CODES[code[:3]], item.docname
    for item in index.by_kind["hulpmiddel"]:
        assert item.urn == "" or item.urn.startswith("urn:nl:ak:hlp:"), item.docname


def test_relations_resolve_and_labels_are_in_the_vocabulary(embedded):
    index = get_index(embedded.env)
    vocabulary = get_vocabulary()
    for item in index.items.values():
        for key, names in item.relations.items():
            for name in names:
                assert index.resolve(key, name) is not None, (item.docname, key, name)
        for key, values in item.labels.items():
            if key == "uitzondering":
                continue  # expressions, not vocabulary values
            assert key in vocabulary.labels, (item.docname, key)
            for value in values:
                assert vocabulary.knows(key, value), (item.docname, key, value)


def _bronnen(path: Path) -> str:
    match = re.search(r"^## Bronnen\n(.*?)(?=^## |\Z)", path.read_text(), re.S | re.M)
    return match.group(1) if match else ""


def test_ai_act_and_gdpr_requirements_cite_articles():
    folder = content_dir() / "vereisten"
    for path in sorted(folder.glob("aia-*.md")):
        sources = _bronnen(path)
        assert re.search(r"Artikel \d+", sources) and "2024/1689" in path.read_text() \
            or "AI-verordening" in sources, path.name
    for path in sorted(folder.glob("avg-*.md")):
        assert re.search(r"Artikel \d+.*AVG", _bronnen(path)), path.name


# --- embedding -------------------------------------------------------------

def test_mirror_writes_only_what_changed(tmp_path):
    target = tmp_path / "algoritmekader"
    first = mirror(target)
    assert "index.md" in first and (target / MANIFEST).is_file()
    page = target / "vereisten" / "avg-13-dpia-verplicht.md"
    mtime = page.stat().st_mtime_ns
    assert mirror(target) == []
    assert page.stat().st_mtime_ns == mtime
    page.write_text("bewerkt")  # an embedded page is the extension's: restored
    assert mirror(target) == ["vereisten/avg-13-dpia-verplicht.md"]
    # a page an earlier release shipped and this one does not is removed
    manifest = (target / MANIFEST).read_text().replace('"files": {', '"files": {"oud.md": "x", ')
    (target / MANIFEST).write_text(manifest)
    (target / "oud.md").write_text("oud")
    assert mirror(target) == ["oud.md"] and not (target / "oud.md").exists()


def test_mirror_never_overwrites_a_folder_of_the_handbook(tmp_path):
    target = tmp_path / "algoritmekader"
    target.mkdir()
    (target / "eigen.md").write_text("# Eigen pagina\n")
    with pytest.raises(ConfigError, match="not made by sphinx-algokader"):
        mirror(target)


def test_a_mirror_left_by_an_earlier_setting_is_left_out_and_said(tmp_path):
    """After algokader_embed_dir changed, or embedding was switched off, the
    old mirror is not built beside the new one (every item twice, hundreds
    of duplicate ids): one warning says to delete it."""
    src = tmp_path / "hb"
    src.mkdir()
    conf = 'extensions = ["sphinx_algokader"]\nalgokader_embed = True\n'
    (src / "conf.py").write_text(conf + 'algokader_embed_dir = "kader"\n')
    (src / "index.md").write_text("# H\n\n```{toctree}\nkader/index\n```\n")
    assert warnings_of(build(src)) == []
    (src / "conf.py").write_text(conf + 'algokader_embed_dir = "extern/ak"\n')
    (src / "index.md").write_text("# H\n\n```{toctree}\nextern/ak/index\n```\n")
    moved = build(src)

    def said(app) -> list[str]:
        return re.findall(r"WARNING: (\S+) holds the framework that algokader_embed mirrored "
                          r"under an earlier setting.*\[algokader\.manifest\]",
                          app.warning.getvalue())

    assert said(moved) == ["kader"]
    assert "duplicate" not in moved.warning.getvalue()
    assert "kader/index" not in moved.env.found_docs
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\n')
    (src / "index.md").write_text("# H\n")
    assert sorted(said(build(src))) == ["extern/ak", "kader"]


def test_mirror_names_an_editable_copy_for_what_it_is(tmp_path):
    # switching from an init copy to algokader_embed: the copy is left
    # alone, and the reason says that it is a copy, not a stranger's folder
    from sphinx_algokader import cli

    target = tmp_path / "algoritmekader"
    assert cli.main(["init", str(target)]) == 0
    with pytest.raises(ConfigError, match="is an editable copy of the framework"):
        mirror(target)


def test_embedded_build_stays_incremental(make_app, tmp_path):
    src = tmp_path / "hb"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\nalgokader_embed = True\n')
    (src / "index.md").write_text("# H\n\n```{toctree}\nalgoritmekader/index\n```\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    again = make_app("html", srcdir=src)
    again.build()
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()


# --- the command line ------------------------------------------------------

def test_init_and_update_keep_the_organisations_edits(tmp_path, capsys):
    target = tmp_path / "framework"
    assert cli.main(["init", str(target)]) == 0
    assert (target / "index.md").read_bytes() == (content_dir() / "index.md").read_bytes()
    assert cli.main(["init", str(target)]) == 1  # not over an existing copy

    import json
    manifest_path = target / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    edited = target / "rollen" / "jurist.md"          # edited here, unchanged upstream
    edited.write_text(edited.read_text() + "\nEigen aanvulling.\n")
    stale = target / "rollen" / "projectleider.md"     # unedited here, changed upstream
    stale.write_text("oude versie\n")
    manifest["files"]["rollen/projectleider.md"] = digest(b"oude versie\n")
    both = target / "rollen" / "ontwikkelaar.md"       # changed on both sides
    both.write_text("eigen versie\n")
    manifest["files"]["rollen/ontwikkelaar.md"] = digest(b"oude release\n")
    dropped = target / "oud.md"                        # dropped by the release, unedited
    dropped.write_text("oud\n")
    manifest["files"]["oud.md"] = digest(b"oud\n")
    manifest_path.write_text(json.dumps(manifest))

    assert cli.main(["update", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Eigen aanvulling." in edited.read_text()
    assert stale.read_bytes() == (content_dir() / "rollen" / "projectleider.md").read_bytes()
    assert both.read_text() == "eigen versie\n"
    assert (target / "rollen" / "ontwikkelaar.md.new").is_file()
    assert not dropped.exists()
    assert "conflict  rollen/ontwikkelaar.md" in out and "updated   rollen/projectleider.md" in out


# --- the AI Act as amended in 2026 (Digital Omnibus on AI, 2025/0359(COD)) ---

#: from when each AI Act requirement applies, written from the amended Act:
#: high-risk duties from 2 December 2027 (Annex III) and 2 August 2028
#: (Annex I), by 2 August 2030 for public authorities' systems already in
#: use (art. 111(2)); art. 5 since 2 February 2025 and its new prohibition
#: from 2 December 2026; art. 4 since 2 February 2025; art. 50 from 2 August
#: 2026 (marking of generative systems already on the market: 2 December
#: 2026); GPAI models since 2 August 2025 (older models: 2 August 2027,
#: art. 111(3)); the rest from 2 August 2026 (art. 113).
HIGH_RISK = ["2027-12-02", "2028-08-02", "2030-08-02"]
GPAI = ["2025-08-02", "2027-08-02"]
APPLIES_FROM = {
    "aia-00": ["2025-02-02", "2026-12-02"], "aia-01": ["2025-02-02"], "aia-02": ["2027-12-02"],
    **{f"aia-{n:02d}": HIGH_RISK for n in [*range(3, 17), *range(18, 25), 34, 35, 38]},
    # registration (art. 49(1), (3)), the right to an explanation (art. 86) and the
    # fundamental rights impact assessment (art. 27): Annex III systems only
    **{f"aia-{n:02d}": ["2027-12-02", "2030-08-02"] for n in (17, 25, 26, 27)},
    "aia-28": ["2026-08-02", "2026-12-02"],
    **{f"aia-{n:02d}": GPAI for n in (29, 30, 31, 32, 39)},
    "aia-33": ["2026-08-02"], "aia-36": ["2026-08-02"], "aia-37": ["2026-08-02"],
}


def test_every_ai_act_requirement_carries_the_dates_of_the_amended_act(embedded):
    index = get_index(embedded.env)
    found = {item.code: [d.date for d in item.applies_from]
             for item in index.by_kind["vereiste"] if item.code.startswith("aia-")}
    assert found == APPLIES_FROM
    for item in index.by_kind["vereiste"]:
        if [d.date for d in item.applies_from] == HIGH_RISK:
            conditions = [d.condition for d in item.applies_from]
            assert "bijlage III" in conditions[0] and "bijlage I" in conditions[1], item.code
            assert "111" in conditions[2], item.code


def test_roles_follow_the_articles(embedded):
    index = get_index(embedded.env)
    by_code = {item.code: item for item in index.by_kind["vereiste"]}
    # art. 4 binds providers and deployers; art. 50(3)-(4) binds deployers too
    assert by_code["aia-01"].labels["rol-ai-act"] == ("aanbieder", "gebruiksverantwoordelijke")
    assert "gebruiksverantwoordelijke" in by_code["aia-28"].labels["rol-ai-act"]


_SUPERSEDED = re.compile(
    r"[^.\n]*(?:hoog-risico|bijlage I)[^.\n]*\b2 augustus (?:2026|2027)\b[^.\n]*"
    r"|[^.\n]*\b2 augustus (?:2026|2027)\b[^.\n]*(?:hoog-risico|bijlage I)[^.\n]*", re.IGNORECASE)
#: words that show a sentence names an old date as old, not as current
_AS_HISTORY = ("oorspronkelijk", "eerder", "niet langer", "uitgesteld", "verschoven",
               "was ", "in plaats van", "voorheen")


def test_no_page_states_a_superseded_high_risk_date_as_current():
    stale = []
    for path in sorted(content_dir().rglob("*.md")):
        for sentence in _SUPERSEDED.findall(path.read_text(encoding="utf-8")):
            if not any(word in sentence.lower() for word in _AS_HISTORY):
                stale.append(f"{path.relative_to(content_dir())}: {sentence.strip()}")
    assert not stale, "\n".join(stale)


def test_the_edition_is_named_in_the_handbook_and_has_a_changelog():
    from sphinx_algokader.embed import content_edition

    edition = content_edition()
    assert re.fullmatch(r"\d{4}\.\d{2}", edition.name)
    index = (content_dir() / "index.md").read_text(encoding="utf-8")
    assert f"editie {edition.name}" in index.lower()
    changes = (content_dir() / "wijzigingen.md").read_text(encoding="utf-8")
    assert f"## Editie {edition.name}" in changes
    assert "wijzigingen" in index  # in the toctree
