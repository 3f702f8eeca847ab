"""``algokader-oscal``: the catalog, the profiles and the system security
plans are valid OSCAL 1.2.1 by NIST's JSON schemas (``tests/schemas/``),
load and resolve in compliance-trestle, keep the OSCAL constraints that the
schemas cannot express, and say what ``algokader.json`` says."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import build, embedded_handbook, lists_of, resolved, table_rows, warnings_of
from sphinx_algokader.oscal import NAMESPACE, OSCAL_VERSION
from sphinx_algokader.profile import applies

jsonschema = pytest.importorskip("jsonschema")
regex = pytest.importorskip("regex")

SCHEMAS = Path(__file__).parent / "schemas" / f"oscal-{OSCAL_VERSION}"
DOCS = Path(__file__).resolve().parents[1] / "docs"
PROFILE = {"soort-toepassing": "ai-systeem", "risicogroep": "geen-hoog-risico-ai-systeem"}
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

# the mapping as documented (docs/reference/builders.md), written out here,
# not imported, so that a change of the mapping shows as a failure
STATE_OF_STATUS = {"te-doen": "planned", "in-uitvoering": "partial",
                   "ter-beoordeling": "partial", "gereed": "implemented",
                   "niet-van-toepassing": "not-applicable"}
STATE_OF_COVERAGE = {"afgedekt": "implemented", "deels": "partial", "open": "planned",
                     "zonder-maatregel": "planned"}


def _pattern(validator, pattern, instance, schema):
    """JSON Schema's ``pattern`` with the ``regex`` package: OSCAL's
    patterns use ``\\p{L}`` and ``\\p{N}``, which ``re`` does not know."""
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def oscal_validator(model: str):
    schema = json.loads((SCHEMAS / f"oscal_{model}_schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == f"http://csrc.nist.gov/ns/oscal/{OSCAL_VERSION}/oscal-{model}-schema.json"
    cls = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})
    return cls(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assert_valid(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    model = {"catalog": "catalog", "profile": "profile",
             "system-security-plan": "ssp"}[next(iter(data))]
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
              for e in oscal_validator(model).iter_errors(data)]
    assert not errors, f"{path.name} is no valid OSCAL {model}: {errors[:5]}"
    return data


def documents(outdir: Path) -> dict[str, dict]:
    return {p.relative_to(outdir).as_posix(): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(outdir.rglob("*.json")) if not p.name.startswith(".")}


def walk(groups):
    """Every group and control of a catalog (groups first, depth first)."""
    for group in groups:
        yield group
        yield from group.get("controls", ())
        yield from walk(group.get("groups", ()))


def controls_of(catalog: dict) -> list[dict]:
    return [node for node in walk(catalog["groups"]) if "class" in node
            and node["class"] in ("vereiste", "maatregel")]


def with_ids(profile: dict) -> list[str]:
    return [i for imp in profile["profile"]["imports"]
            for sel in imp["include-controls"] for i in sel["with-ids"]]


@pytest.fixture(scope="module")
def handbook(rootdir, tmp_path_factory):
    """The records root, built with ``algokader-oscal`` and ``algokader-json``."""
    src = tmp_path_factory.mktemp("oscal") / "src"
    shutil.copytree(rootdir / "test-systemcard", src)
    (src / "lijst.md").write_text("---\norphan: true\n---\n# Lijst\n\n"
                                  "<!-- list_vereisten add-id -->\n", encoding="utf-8")
    overrides = {"algokader_profile": PROFILE, "algokader_peildatum": "2026-06-01"}
    app = build(src, "algokader-oscal", confoverrides=overrides)
    data = build(src, "algokader-json", confoverrides=overrides)
    return app, json.loads((data.outdir / "algokader.json").read_text(encoding="utf-8"))


def test_the_builder_writes_a_catalog_a_profile_and_two_documents_per_algorithm(handbook):
    app, _ = handbook
    assert sorted(documents(app.outdir)) == [
        "algoritmen/chatbot-belastingen.profile.json", "algoritmen/chatbot-belastingen.ssp.json",
        "algoritmen/rekenmodel.profile.json", "algoritmen/rekenmodel.ssp.json",
        "catalog.json", "profile.json"]
    assert json.loads((app.outdir / ".algokader-oscal.json").read_text()) == \
        sorted(documents(app.outdir))
    # the content has problems of its own (a measure without URN, a record
    # for a measure of no applicable requirement); the builder adds none
    assert "algokader.urn_format" in {w[3] for w in warnings_of(app)}
    assert not [w for w in warnings_of(app) if w[3] == "algokader.export"]


def test_every_document_is_valid_by_the_official_schemas(handbook):
    app, _ = handbook
    for path in sorted(app.outdir.rglob("*.json")):
        if not path.name.startswith("."):
            data = assert_valid(path)
            body = next(iter(data.values()))
            assert body["metadata"]["oscal-version"] == "1.2.1"
            assert UUID_RE.match(body["uuid"])


def test_a_broken_document_is_caught():
    """The validator is no rubber stamp: OSCAL's token and UUID patterns,
    date-times and URI references are checked."""
    validator = oscal_validator("catalog")
    good = {"catalog": {"uuid": "6f1e5c0a-3b1e-5c55-9c57-0e8d6a3c2f10", "metadata": {
        "title": "t", "last-modified": "2026-12-02T00:00:00Z", "version": "1",
        "oscal-version": "1.2.1"}, "groups": [{"id": "wet-avg", "title": "AVG"}]}}
    assert not list(validator.iter_errors(good))
    for path, value in ((("uuid",), "4a"), (("metadata", "last-modified"), "2026-12-02"),
                        (("groups", 0, "id"), "2-avg"), (("groups", 0, "id"), "wet avg")):
        bad = json.loads(json.dumps(good))
        target = bad["catalog"]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert list(validator.iter_errors(bad)), (path, value)


def test_requirements_are_controls_grouped_by_law_and_measures_link_to_them(handbook):
    app, data = handbook
    catalog = documents(app.outdir)["catalog.json"]["catalog"]
    groups = [(g["id"], g["title"], [c["id"] for c in g["controls"]])
              for g in catalog["groups"]]
    assert groups == [
        ("wet-aia", "AI-verordening", ["aia-01", "aia-02"]),
        ("wet-avg", "AVG", ["avg-01", "avg-02"]),
        ("maatregelen", "Maatregelen",
         ["org-01", "pba-01", "owp-01", "dat-01", "owk-01", "mtr-5-ver-01-zonder-urn"]),
    ]
    controls = {c["id"]: c for c in controls_of(catalog)}
    aia01 = controls["aia-01"]
    assert aia01["class"] == "vereiste" and aia01["title"] == "Geldt voor AI-systemen"
    assert {"name": "alt-identifier", "value": "urn:nl:ak:ver:aia-01"} in aia01["props"]
    assert {"name": "soort-toepassing", "ns": NAMESPACE, "value": "ai-systeem"} in aia01["props"]
    assert aia01["parts"] == [{"id": "aia-01_smt", "name": "statement", "prose": "Een."}]
    assert aia01["links"][0] == {
        "href": "https://handboek.example/vereisten/aia-01-ai-systemen.html", "rel": "alternate",
        "media-type": "text/html", "text": "Pagina in het handboek"}
    # a measure's related requirements are those its vereiste: names, and back
    related = {cid: [link["href"][1:] for link in c.get("links", ()) if link["rel"] == "related"]
               for cid, c in controls.items()}
    assert related["org-01"] == ["aia-01", "avg-01"]
    assert related["avg-01"] == ["org-01", "owp-01", "mtr-5-ver-01-zonder-urn"]
    assert related["avg-02"] == []
    # every item of algokader.json is in the catalog, with its URN where it has one
    urns = {p["value"] for c in controls.values() for p in c.get("props", ())
            if p["name"] == "alt-identifier"}
    assert urns == {i["urn"] for i in data["items"] if i["urn"]}
    assert len(controls) == len(data["items"])
    assert catalog["metadata"]["last-modified"] == "2026-06-01T00:00:00Z"  # peildatum: no edition


def check_constraints(catalog: dict) -> None:
    """What OSCAL requires beyond its JSON schema (the catalog metaschema's
    constraints): ids unique among groups, controls and parts; a statement
    in every control; ``related`` links to controls of the catalog;
    ``reference`` links to its back-matter resources, without media type."""
    ids = []
    for node in walk(catalog["groups"]):
        ids.append(node["id"])
        ids += [part["id"] for part in node.get("parts", ()) if "id" in part]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    controls = controls_of(catalog)
    resources = {r["uuid"] for r in catalog.get("back-matter", {}).get("resources", ())}
    for control in controls:
        assert any(p["name"] == "statement" for p in control["parts"]), control["id"]
        for link in control.get("links", ()):
            if link["href"].startswith("#"):
                assert "media-type" not in link
                if link["rel"] == "related":
                    assert link["href"][1:] in ids, (control["id"], link)
                else:
                    assert link["rel"] == "reference" and link["href"][1:] in resources
            else:
                assert link["rel"] != "reference"  # an OSCAL reference must be an absolute URI
        for prop in control.get("props", ()):
            assert "ns" in prop or prop["name"] == "alt-identifier"


def test_the_catalog_keeps_the_constraints_the_schema_cannot_express(handbook):
    app, _ = handbook
    check_constraints(documents(app.outdir)["catalog.json"]["catalog"])


def test_the_profile_selects_what_a_list_of_requirements_shows(handbook):
    app, data = handbook
    docs = documents(app.outdir)
    profile = docs["profile.json"]["profile"]
    assert profile["imports"][0]["href"] == "catalog.json"
    assert profile["merge"] == {"as-is": True}
    assert profile["metadata"]["props"] == [
        {"name": "risicogroep", "ns": NAMESPACE, "value": "geen-hoog-risico-ai-systeem"},
        {"name": "soort-toepassing", "ns": NAMESPACE, "value": "ai-systeem"}]
    requirements = [i for i in data["items"] if i["kind"] == "vereiste"
                    and applies(i["labels"], PROFILE)]
    urns = {i["urn"] for i in requirements}
    measures = [i for i in data["items"] if i["kind"] == "maatregel"
                and urns & set(i["relations"].get("vereiste", ()))]
    assert [i["code"] for i in requirements] == ["aia-01", "avg-01", "avg-02"]
    assert [i["code"] for i in measures] == ["org-01", "pba-01", "owp-01", "ver-01"]
    # the requirements are the rows of a list_vereisten in this handbook
    (listing,) = lists_of(resolved(app, "lijst"))
    assert [row[0] for row in table_rows(listing)] == [i["code"] for i in requirements]
    by_url = {c["links"][0]["href"]: c["id"] for c in controls_of(docs["catalog.json"]["catalog"])}
    assert with_ids(docs["profile.json"]) == [by_url[i["url"]] for i in requirements + measures]


def test_each_ssp_carries_the_statuses_and_coverage_of_algokader_json(handbook):
    app, data = handbook
    docs = documents(app.outdir)
    # an item's key in the records (its URN, or doc:<docname>) -> its control id
    by_url = {c["links"][0]["href"]: c["id"] for c in controls_of(docs["catalog.json"]["catalog"])}
    id_of = {i["urn"] or f"doc:{i['docname']}": by_url[i["url"]] for i in data["items"]}
    for algorithm in data["algoritmen"]:
        stem = {"chatbot/belastingen": "chatbot-belastingen"}.get(algorithm["id"], algorithm["id"])
        ssp = docs[f"algoritmen/{stem}.ssp.json"]["system-security-plan"]
        assert ssp["import-profile"] == {"href": f"{stem}.profile.json"}
        assert ssp["system-characteristics"]["system-ids"][0]["id"] == algorithm["id"]
        component = ssp["system-implementation"]["components"][0]
        assert component["type"] == "this-system"
        implemented = ssp["control-implementation"]["implemented-requirements"]
        expected = [(id_of[r["urn"]], STATE_OF_COVERAGE[r["dekking"]], r["dekking"])
                    for r in algorithm["vereisten"]]
        expected += [(id_of[m["urn"]], STATE_OF_STATUS[m["status"]], m["status"])
                     for m in algorithm["maatregelen"] if m["relevant"]]
        assert [(ir["control-id"], ir["by-components"][0]["implementation-status"]["state"],
                 ir["props"][0]["value"]) for ir in implemented] == expected
        for ir in implemented:
            by = ir["by-components"][0]
            assert by["component-uuid"] == component["uuid"]
        for ir, record in zip(implemented[len(algorithm["vereisten"]):],
                              [m for m in algorithm["maatregelen"] if m["relevant"]]):
            by = ir["by-components"][0]
            assert by["implementation-status"].get("remarks", "") == record["toelichting"]
            assert len(by.get("links", ())) == len(record["bewijs"])
            assert all(link["rel"] == "evidence" for link in by.get("links", ()))
        # the algorithm's profile selects exactly what its SSP implements
        profile = docs[f"algoritmen/{stem}.profile.json"]
        assert profile["profile"]["imports"][0]["href"] == "../catalog.json"
        assert with_ids(profile) == [ir["control-id"] for ir in implemented]

    chatbot = docs["algoritmen/chatbot-belastingen.ssp.json"]["system-security-plan"]
    org = next(ir for ir in chatbot["control-implementation"]["implemented-requirements"]
               if ir["control-id"] == "org-01")["by-components"][0]
    assert org["description"] == "Rollen vastgelegd in het mandaatregister."
    assert org["props"] == [{"name": "verantwoordelijke", "ns": NAMESPACE, "value": "J. Jansen"}]
    assert [link["href"] for link in org["links"]] == [
        "https://handboek.example/algoritmen/overzicht.html#register",
        "https://intranet.example/mandaat"]
    characteristics = chatbot["system-characteristics"]
    assert characteristics["status"] == {"state": "under-development"}  # fase: ontwerp
    assert chatbot["metadata"]["parties"][0]["name"] == "Team Belastingen"
    assert characteristics["responsible-parties"] == [
        {"role-id": "system-owner", "party-uuids": [chatbot["metadata"]["parties"][0]["uuid"]]}]
    # not relevant to the profile: in algokader.json, not in the SSP
    rekenmodel = docs["algoritmen/rekenmodel.ssp.json"]["system-security-plan"]
    assert "owk-01" not in {ir["control-id"] for ir in
                            rekenmodel["control-implementation"]["implemented-requirements"]}
    assert rekenmodel["system-characteristics"]["status"] == {"state": "other"}  # no fase


def test_trestle_loads_every_document_and_resolves_the_profiles(handbook, tmp_path, monkeypatch):
    pytest.importorskip("trestle")
    from trestle.core.profile_resolver import ProfileResolver
    from trestle.oscal.catalog import Catalog
    from trestle.oscal.profile import Profile
    from trestle.oscal.ssp import SystemSecurityPlan

    app, _ = handbook
    root = tmp_path / "trestle"
    shutil.copytree(app.outdir, root, ignore=shutil.ignore_patterns(".*"))
    (root / ".trestle").mkdir()
    models = {"catalog": Catalog, "profile": Profile, "system-security-plan": SystemSecurityPlan}
    for relative, data in documents(root).items():
        kind, body = next(iter(data.items()))
        model = models[kind].model_validate(body)
        assert model.uuid == body["uuid"], relative

    def control_ids(groups):
        for group in groups or ():
            for control in getattr(group, "controls", None) or ():
                yield control.id
            yield from control_ids(getattr(group, "groups", None))

    for relative, data in documents(root).items():
        if "profile" not in data:
            continue
        # trestle reads a relative import href from the working directory
        monkeypatch.chdir((root / relative).parent)
        resolved = ProfileResolver.get_resolved_profile_catalog(root, str(root / relative))
        assert sorted(control_ids(resolved.groups)) == sorted(with_ids(data)), relative


def test_same_sources_same_bytes_and_stale_documents_go(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-systemcard", src)
    out = tmp_path / "out"
    overrides = {"algokader_profile": PROFILE, "algokader_peildatum": "2026-06-01"}
    build(src, "algokader-oscal", builddir=out, confoverrides=overrides)
    outdir = out / "algokader-oscal"
    first = {p: (outdir / p).read_bytes() for p in documents(outdir)}
    build(src, "algokader-oscal", builddir=out, confoverrides=overrides)
    assert {p: (outdir / p).read_bytes() for p in documents(outdir)} == first

    # a file this builder did not write stays; documents of a renamed
    # algorithm go, and so does the profile once no profile is configured
    (outdir / "algoritmen" / "eigen.json").write_text("{}", encoding="utf-8")
    page = src / "algoritmen" / "rekenmodel.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "id: rekenmodel", "id: chatbot-belastingen"), encoding="utf-8")
    app = build(src, "algokader-oscal", builddir=out,
                confoverrides={"algokader_peildatum": "2026-06-01"})
    assert sorted(documents(outdir)) == [
        "algoritmen/chatbot-belastingen-2.profile.json", "algoritmen/chatbot-belastingen-2.ssp.json",
        "algoritmen/chatbot-belastingen.profile.json", "algoritmen/chatbot-belastingen.ssp.json",
        "algoritmen/eigen.json", "catalog.json"]
    assert ("rekenmodel.md", "3", "algokader.export") in \
        {(f, line, sub) for f, line, m, sub in warnings_of(app) if "go to" in m}
    # a changed record changes the SSP's UUID; an unchanged catalog keeps its bytes
    assert (outdir / "catalog.json").read_bytes() == first["catalog.json"]


def test_a_requirement_with_one_measure_says_so_in_the_singular(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-systemcard", src)
    for gone in ("2-owp-01-ontwerp.md", "5-ver-01-zonder-urn.md"):  # avg-01 keeps org-01 alone
        (src / "maatregelen" / gone).unlink()
    app = build(src, "algokader-oscal")
    ssp = json.loads((app.outdir / "algoritmen" / "rekenmodel.ssp.json").read_text(
        encoding="utf-8"))["system-security-plan"]
    described = [ir["by-components"][0].get("description", "")
                 for ir in ssp["control-implementation"]["implemented-requirements"]]
    assert any(re.fullmatch(r"\w+: [01] van 1 maatregel afgerond\.", d) for d in described), \
        described
    assert not any("van 1 maatregelen" in d for d in described)


def test_a_profile_that_selects_nothing_is_reported_not_written(tmp_path):
    src = tmp_path / "src"
    (src / "vereisten").mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\n'
                                 'algokader_profile = {"soort-toepassing": "ai-model-voor-algemene-doeleinden"}\n')
    (src / "index.md").write_text("# Handboek\n\n```{toctree}\n:glob:\nvereisten/*\n```\n")
    (src / "vereisten" / "aia-01-ai.md").write_text(
        "---\ntitle: Alleen voor AI\nid: urn:nl:ak:ver:aia-01\nsoort-toepassing: [ai-systeem]\n"
        "---\n\n## Vereiste\n\nEen.\n")
    app = build(src, "algokader-oscal")
    assert sorted(documents(app.outdir)) == ["catalog.json"]
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert text.splitlines() == [
        "WARNING: algokader_profile selects no requirement and no measure: the OSCAL profile "
        "(profile.json) is not written [algokader.export]"]


def test_a_handbook_without_records_or_profile_gets_a_catalog_only(rootdir, tmp_path):
    app = build(rootdir / "test-basic", "algokader-oscal", builddir=tmp_path / "out")
    docs = documents(app.outdir)
    assert sorted(docs) == ["catalog.json"]
    catalog = assert_valid(app.outdir / "catalog.json")["catalog"]
    check_constraints(catalog)
    assert catalog["back-matter"]["resources"]  # test-basic has tools


def test_the_bundled_framework_with_records_is_valid_oscal(tmp_path):
    """The issue's test: the bundled framework, embedded, with the example
    records of docs/algoritmen and an AI Act profile."""
    (tmp_path / "src").mkdir()
    src = embedded_handbook(tmp_path / "src")
    shutil.copytree(DOCS / "algoritmen", src / "algoritmen",
                    ignore=shutil.ignore_patterns("dossiers"))
    (src / "index.md").write_text("# Ons handboek\n\n```{toctree}\nalgoritmekader/index\n"
                                  "algoritmen/index\n```\n", encoding="utf-8")
    app = build(src, "algokader-oscal", confoverrides={
        "algokader_profile": PROFILE, "html_baseurl": "https://handboek.example/"})
    assert not [w for w in warnings_of(app) if w[3] == "algokader.export"]
    docs = documents(app.outdir)
    assert "profile.json" in docs and len([d for d in docs if d.endswith(".ssp.json")]) == 3
    for relative in docs:
        assert_valid(app.outdir / relative)
    catalog = docs["catalog.json"]["catalog"]
    check_constraints(catalog)
    assert catalog["metadata"]["version"] == "2026.12"
    assert catalog["metadata"]["published"] == "2026-12-02T00:00:00Z"
    kinds = [c["class"] for c in controls_of(catalog)]
    tools = catalog["back-matter"]["resources"]
    assert (kinds.count("vereiste"), kinds.count("maatregel"), len(tools)) == (63, 108, 22)
    assert any(link["rel"] == "reference" for c in controls_of(catalog)
               for link in c.get("links", ()))


def _table(text: str, heading: str) -> dict[str, str]:
    section = text.split(heading, 1)[1].split("\n#", 1)[0]
    return dict(re.findall(r"^\| `([a-z-]+)`[^|]*\| `([a-z-]+)` \|", section, re.MULTILINE))


def test_the_documented_mapping_is_the_code_mapping():
    from sphinx_algokader import oscal

    text = (DOCS / "reference" / "builders.md").read_text(encoding="utf-8")
    assert _table(text, "### OSCAL implementation status of a measure") == \
        oscal.STATE_OF_STATUS == STATE_OF_STATUS
    assert _table(text, "### OSCAL implementation status of a requirement") == \
        oscal.STATE_OF_COVERAGE == STATE_OF_COVERAGE
    assert _table(text, "### OSCAL system status") == oscal.SYSTEM_STATE
    assert f"OSCAL {OSCAL_VERSION}" in text and NAMESPACE in text
