"""``algokader-systemcard``: every card is a system card that MinBZK/amt
(the Algorithm Management Toolkit) reads, and says what algokader.json says.

AMT is no dependency of this project, so its pydantic models are declared
again below, copied from its source. No ``from __future__ import
annotations`` here: the models are declared inside a function (once as AMT
has them, once forbidding unknown keys), and pydantic resolves their
annotations as they are written.
"""

import json
import shutil
from datetime import date, datetime
from enum import StrEnum

import pytest
import yaml

from conftest import build, warnings_of
from sphinx_algokader.records.systemcard import AMT_COMMIT, card_file_name

pydantic = pytest.importorskip("pydantic")
from pydantic import BaseModel as PydanticBaseModel  # noqa: E402
from pydantic import ConfigDict, Field  # noqa: E402

#: the MinBZK/amt commit every declaration below was copied from
COPIED_FROM = "8b8145c6883cf8f3c00831e8601efa47bb521095"


# --- AMT's allowed values ----------------------------------------------------

# amt/api/forms/measure.py @ COPIED_FROM: a measure's states; AMT gives
# requirements the same states (amt/api/routes/algorithm.py,
# update_requirements_state)
class MeasureStatusOptions(StrEnum):
    TODO = "to do"
    IN_PROGRESS = "in progress"
    IN_REVIEW = "in review"
    DONE = "done"
    NOT_IMPLEMENTED = "not implemented"


# amt/api/ai_act_profile.py @ COPIED_FROM, get_ai_act_profile_selector: the
# values AMT's form offers for each AiActProfile field (the same as the task
# registry's, amt/schema/requirement.py, plus "niet van toepassing")
AI_ACT_PROFILE_OPTIONS: dict[str, tuple[str, ...]] = {
    "type": ("AI-systeem", "AI-systeem voor algemene doeleinden",
             "AI-model voor algemene doeleinden", "impactvol algoritme",
             "niet-impactvol algoritme", "geen algoritme"),
    "role": ("aanbieder", "gebruiksverantwoordelijke", "importeur", "distributeur"),
    "risk_group": ("hoog-risico AI", "geen hoog-risico AI", "verboden AI",
                   "uitzondering van toepassing", "niet van toepassing"),
    "conformity_assessment_body": ("beoordeling door derde partij", "niet van toepassing"),
    "systemic_risk": ("systeemrisico", "geen systeemrisico", "niet van toepassing"),
    "transparency_obligations": ("transparantieverplichting", "geen transparantieverplichting",
                                 "niet van toepassing"),
    "open_source": ("open-source", "geen open-source", "niet van toepassing"),
}

# amt/api/editable_converters.py @ COPIED_FROM, StatusConverterForSystemcard:
# how a card's status names a lifecycle phase
AMT_PHASES = ("Organisatieverantwoordelijkheden", "Probleemanalyse", "Ontwerp",
              "Dataverkenning en datapreparatie", "Ontwikkelen", "Verificatie en validatie",
              "Implementatie", "Monitoring en beheer", "Uitfaseren")

# what this project maps to them (docs/reference/builders.md), written out
# here, not imported, so that a change of the mapping shows as a failure
MEASURE_STATE = {"te-doen": "to do", "in-uitvoering": "in progress",
                 "ter-beoordeling": "in review", "gereed": "done",
                 "niet-van-toepassing": "not implemented"}
REQUIREMENT_STATE = {"afgedekt": "done", "deels": "in progress", "open": "to do",
                     "zonder-maatregel": "to do"}


# --- AMT's models ------------------------------------------------------------

def declare(BaseModel):  # noqa: C901, N803 (AMT's name for its base class)
    """AMT's SystemCard with everything it holds, on ``BaseModel``.

    Each class is copied from MinBZK/amt @ COPIED_FROM, from the file named
    above it, with its field names, types and defaults unchanged (the
    ``description`` texts are left out). AMT's BaseModel
    (amt/schema/shared.py) is pydantic's own plus an ``__iter__``: it
    ignores unknown keys.
    """

    # amt/schema/instrument.py
    class InstrumentBase(BaseModel):
        urn: str

    # amt/schema/assessment_card.py
    class AssessmentAuthor(BaseModel):
        name: str | None = Field(default=None)

    class AssessmentContent(BaseModel):
        question: str | None = Field(default=None)
        urn: str | None = Field(default=None)
        answer: str | None = Field(default=None)
        remarks: str | None = Field(default=None)
        authors: list[AssessmentAuthor] = Field(default=[])
        timestamp: datetime | None = Field(default=None)

    class AssessmentCard(BaseModel):
        name: str | None = Field(default=None)
        urn: str | None = Field(default=None)
        date: datetime | None = Field(default=None)
        contents: list[AssessmentContent] = Field(default=[])

    # amt/schema/model_card.py
    class MProvenance(BaseModel):
        git_commit_hash: str | None = Field(None)
        timestamp: datetime | None = Field(None)
        uri: str | None = Field(None)
        author: str | None = Field(None)

    class License(BaseModel):
        license_name: str = Field(...)
        license_link: str | None = Field(None)

    class MOwner(BaseModel):
        oin: str | None = Field(None)
        organization: str | None = Field(None)
        name: str | None = Field(None)
        email: str | None = Field(None)
        role: str | None = Field(None)

    class Artifact(BaseModel):
        uri: str | None = Field(None)
        content_type: str | None = Field(None, alias="content-type")
        md5_checksum: str | None = Field(None, alias="md5-checksum")

    class MLabel(BaseModel):
        name: str = Field(...)
        dtype: str = Field(...)
        value: str = Field(...)

    class Parameter(BaseModel):
        name: str = Field(...)
        dtype: str | None = Field(None)
        value: str | None = Field(None)
        labels: list[MLabel] | None = None

    class TaskItem(BaseModel):
        type: str = Field(...)
        name: str | None = Field(None)

    class Dataset(BaseModel):
        type: str = Field(...)
        name: str = Field(...)
        split: str | None = Field(None)
        features: list[str] | None = None
        revision: str | None = Field(None)

    class Label1(BaseModel):
        name: str | None = Field(None)
        type: str | None = Field(None)
        dtype: str | None = Field(None)
        value: str | None = Field(None)

    class Metric(BaseModel):
        type: str = Field(...)
        name: str = Field(...)
        dtype: str = Field(...)
        value: str | int | float = Field(...)
        labels: list[Label1] | None = Field(None)

    class Result1(BaseModel):
        name: str = Field(...)
        value: float = Field(...)

    class BarPlot(BaseModel):
        type: str = Field(...)
        name: str | None = Field(None)
        results: list[Result1]

    class Datum(BaseModel):
        x_value: float = Field(...)
        y_value: float = Field(...)

    class Result2(BaseModel):
        class_: str | int | float | bool | None = Field(None, alias="class")
        feature: str = Field(...)
        data: list[Datum]

    class GraphPlot(BaseModel):
        type: str = Field(...)
        name: str | None = Field(None)
        results: list[Result2]

    class Measurements(BaseModel):
        bar_plots: list[BarPlot] | None = None
        graph_plots: list[GraphPlot] | None = None

    class Result(BaseModel):
        task: list[TaskItem]
        datasets: list[Dataset]
        metrics: list[Metric]
        measurements: Measurements

    class ModelIndexItem(BaseModel):
        name: str | None = Field(None)
        model: str | None = Field(None)
        artifacts: list[Artifact] | None = None
        parameters: list[Parameter] | None = None
        results: list[Result]

    class ModelCardSchema(BaseModel):
        provenance: MProvenance | None = None
        name: str | None = Field(None)
        language: list[str] | None = Field(None)
        license: License
        tags: list[str] | None = Field(None)
        owners: list[MOwner] | None = None
        model_index: list[ModelIndexItem] = Field(alias="model-index")

    # amt/schema/ai_act_profile.py
    class AiActProfile(BaseModel):
        type: str | None = Field(default=None)
        open_source: str | None = Field(default=None)
        risk_group: str | None = Field(default=None)
        conformity_assessment_body: str | None = Field(default=None)
        systemic_risk: str | None = Field(default=None)
        transparency_obligations: str | None = Field(default=None)
        role: list[str] | str | None = Field(default=None)

    # amt/schema/requirement.py
    class RequirementBase(BaseModel):
        urn: str

    class RequirementTask(RequirementBase):
        state: str = Field(default="")
        version: str

    # amt/schema/measure.py
    class MeasureBase(BaseModel):
        urn: str

    class Person(BaseModel):
        name: str
        uuid: str

    class MeasureTask(MeasureBase):
        state: str = Field(default="")
        value: str = Field(default="")
        links: list[str] = Field(default_factory=list)
        files: list[str] = Field(default_factory=list)
        version: str
        accountable_persons: list[Person] | None = Field(default_factory=list[Person])
        reviewer_persons: list[Person] | None = Field(default_factory=list[Person])
        responsible_persons: list[Person] | None = Field(default_factory=list[Person])
        lifecycle: list[str] = Field(default_factory=list)

    # amt/schema/system_card.py
    class Provenance(BaseModel):
        git_commit_hash: str | None = Field(None)
        timestamp: datetime | None = Field(None)
        uri: str | None = Field(None)
        author: str | None = Field(None)

    class Label(BaseModel):
        name: str | None = Field(None)
        value: str | None = Field(None)

    class LegalBaseItem(BaseModel):
        name: str | None = Field(None)
        link: str | None = Field(None)

    class UserInterfaceItem(BaseModel):
        description: str | None = Field(None)
        link: str | None = Field(None)
        snapshot: str | None = Field(None)

    class Reference(BaseModel):
        name: str | None = Field(default=None)
        link: str | None = Field(default=None)

    class Owner(BaseModel):
        oin: str | None = Field(None)
        organization: str | None = Field(None)
        name: str | None = Field(None)
        email: str | None = Field(None)
        role: str | None = Field(None)

    class SystemCard(BaseModel):
        version: str | None = Field(default="0.0.0")
        provenance: Provenance | None = None
        name: str | None = Field(None)
        instruments: list[InstrumentBase] = Field(default_factory=list[InstrumentBase])
        upl: str | None = Field(None)
        owners: list[Owner] = Field(default_factory=list[Owner])
        description: str | None = Field(None)
        ai_act_profile: AiActProfile | None = None
        labels: list[Label] | None = Field(default_factory=list[Label])
        status: str | None = Field(None)
        begin_date: date | None = Field(None)
        end_date: date | None = Field(None)
        goal_and_impact: str | None = Field(None)
        considerations: str | None = Field(None)
        risk_management: str | None = Field(None)
        human_intervention: str | None = Field(None)
        legal_base: list[LegalBaseItem] | None = Field(None)
        used_data: str | None = Field(None)
        technical_design: str | None = Field(None)
        external_providers: list[str] | None = Field(None)
        interaction_details: list[str] | None = Field(None)
        version_requirements: list[str] | None = Field(None)
        deployment_variants: list[str] | None = Field(None)
        hardware_requirements: list[str] | None = Field(None)
        product_markings: list[str] | None = Field(None)
        user_interface: list[UserInterfaceItem] | None = Field(None)

        schema_version: str = Field(default="0.1a10")
        requirements: list[RequirementTask] = Field(default=[])
        measures: list[MeasureTask] = Field(default=[])
        assessments: list[AssessmentCard] = Field(default=[])
        references: list[Reference] = Field(default=[])
        models: list[ModelCardSchema] = Field(default=[])

    return SystemCard



class AmtBaseModel(PydanticBaseModel):
    """amt/schema/shared.py's BaseModel: pydantic's defaults (unknown keys
    are ignored); its IterMixin only adds ``__iter__``."""


class StrictBaseModel(PydanticBaseModel):
    """The same, rejecting keys that AMT does not declare: a card key AMT
    would silently drop is a mapping error here."""

    model_config = ConfigDict(extra="forbid")


SystemCard = declare(AmtBaseModel)
StrictSystemCard = declare(StrictBaseModel)


# --- builds --------------------------------------------------------------------

@pytest.fixture(scope="module")
def handbook(rootdir, tmp_path_factory):
    src = tmp_path_factory.mktemp("systemcard") / "src"
    shutil.copytree(rootdir / "test-systemcard", src)
    cards = build(src, "algokader-systemcard")
    data = build(src, "algokader-json")
    return cards, json.loads((data.outdir / "algokader.json").read_text(encoding="utf-8"))


def load_cards(outdir):
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(outdir.glob("*.yaml"))}


def test_the_declarations_are_copied_from_the_commit_mapped_against():
    assert COPIED_FROM == AMT_COMMIT


def test_one_card_per_algorithm_named_by_its_id(handbook):
    cards, data = handbook
    assert sorted(load_cards(cards.outdir)) == ["chatbot-belastingen.yaml", "rekenmodel.yaml"]
    assert [a["id"] for a in data["algoritmen"]] == ["chatbot/belastingen", "rekenmodel"]
    assert json.loads((cards.outdir / ".algokader-systemcard.json").read_text()) == \
        ["chatbot-belastingen.yaml", "rekenmodel.yaml"]


def test_the_build_warns_only_where_amt_cannot_take_the_record(handbook):
    cards, _ = handbook
    assert sorted((f, line, sub) for f, line, _m, sub in warnings_of(cards)) == [
        ("5-ver-01-zonder-urn.md", "3", "algokader.urn_format"),
        ("rekenmodel.md", "10", "algokader.not_relevant"),
        ("rekenmodel.md", "3", "algokader.export"),  # two values for AMT's one type
    ]


def test_every_card_is_an_amt_system_card_with_amt_values(handbook):
    cards, _ = handbook
    for name, raw in load_cards(cards.outdir).items():
        card = SystemCard.model_validate(raw)
        StrictSystemCard.model_validate(raw)  # every key we write is a field AMT declares
        # nothing was lost or coerced on the way in
        assert card.model_dump(exclude_unset=True, by_alias=True) == raw, name
        assert card.requirements and card.measures
        for task in [*card.requirements, *card.measures]:
            assert task.state in set(MeasureStatusOptions), (name, task.urn, task.state)
            assert task.urn.startswith("urn:nl:ak:")
        assert all(m.urn.startswith("urn:nl:ak:mtr:") for m in card.measures)
        assert all(r.urn.startswith("urn:nl:ak:ver:") for r in card.requirements)
        for field, value in card.ai_act_profile.model_dump(exclude_none=True).items():
            for v in value if isinstance(value, list) else [value]:
                assert v in AI_ACT_PROFILE_OPTIONS[field], (name, field, v)
        assert card.status is None or card.status in AMT_PHASES
        # AMT's persons need AMT user ids, which a record does not have
        assert all(m.responsible_persons == [] for m in card.measures)


def test_statuses_coverage_and_profile_map_to_amt(handbook):
    cards, _ = handbook
    card = SystemCard.model_validate(load_cards(cards.outdir)["chatbot-belastingen.yaml"])
    assert card.name == "Chatbot Belastingen"
    assert card.status == "Ontwerp"
    assert [o.organization for o in card.owners] == ["Team Belastingen"]
    assert card.ai_act_profile.model_dump(exclude_none=True) == {
        "type": "AI-systeem", "risk_group": "hoog-risico AI",
        "role": ["aanbieder", "gebruiksverantwoordelijke"],
        "transparency_obligations": "niet van toepassing",
        "systemic_risk": "geen systeemrisico", "open_source": "open-source"}
    assert {r.urn: r.state for r in card.requirements} == {
        "urn:nl:ak:ver:aia-01": "done",         # afgedekt: gereed + niet-van-toepassing
        "urn:nl:ak:ver:aia-02": "to do",        # open: in uitvoering + ter beoordeling
        "urn:nl:ak:ver:avg-01": "in progress",  # deels: gereed + te doen
        "urn:nl:ak:ver:avg-02": "to do",        # zonder maatregel
    }
    measures = {m.urn: m for m in card.measures}
    assert {urn: m.state for urn, m in measures.items()} == {
        "urn:nl:ak:mtr:org-01": "done",
        "urn:nl:ak:mtr:pba-01": "not implemented",
        "urn:nl:ak:mtr:owp-01": "to do",
        "urn:nl:ak:mtr:dat-01": "in progress",
        "urn:nl:ak:mtr:owk-01": "in review",
    }  # ver-01 has no URN: AMT could not find it
    org = measures["urn:nl:ak:mtr:org-01"]
    assert org.value == "Rollen vastgelegd in het mandaatregister."
    assert org.links == ["https://handboek.example/algoritmen/overzicht.html#register",
                         "https://intranet.example/mandaat"]
    assert org.lifecycle == ["organisatieverantwoordelijkheden"]
    assert measures["urn:nl:ak:mtr:owk-01"].links == [
        "https://handboek.example/algoritmen/overzicht.html"]
    assert measures["urn:nl:ak:mtr:owk-01"].lifecycle == ["ontwikkelen", "verificatie-en-validatie"]
    assert {m.version for m in card.measures} | {r.version for r in card.requirements} == {"1.1.0"}
    assert [(label.name, label.value) for label in card.labels] == [
        ("algoritme-id", "chatbot/belastingen"), ("editie", "2025.06")]
    assert [(r.name, r.link) for r in card.references] == [
        ("Chatbot Belastingen", "https://handboek.example/algoritmen/chatbot.html")]

    other = SystemCard.model_validate(load_cards(cards.outdir)["rekenmodel.yaml"])
    # two kinds of application: AMT takes one, so none is written (and a warning says so)
    assert other.ai_act_profile.model_dump(exclude_none=True) == {"risk_group": "geen hoog-risico AI"}
    assert other.status is None and other.owners == []


def test_cards_agree_with_algokader_json(handbook):
    cards, data = handbook
    loaded = load_cards(cards.outdir)
    assert len(loaded) == len(data["algoritmen"])
    for algorithm in data["algoritmen"]:
        card = SystemCard.model_validate(loaded[card_file_name(algorithm["id"])])
        assert card.name == algorithm["title"]
        assert [(r.urn, r.state) for r in card.requirements] == [
            (r["urn"], REQUIREMENT_STATE[r["dekking"]]) for r in algorithm["vereisten"]
            if r["urn"].startswith("urn:")]
        expected = [m for m in algorithm["maatregelen"] if m["relevant"] and
                    m["urn"].startswith("urn:")]
        assert [(m.urn, m.state, m.value) for m in card.measures] == [
            (m["urn"], MEASURE_STATE[m["status"]], m["toelichting"]) for m in expected]
        for task, record in zip(card.measures, expected):
            assert len(task.links) == len(record["bewijs"])  # every entry here names a page or URL
            assert [link for link in task.links if "://intranet" in link] == \
                [b for b in record["bewijs"] if "://intranet" in b]
        # the summary's counts are the card's, state by state
        summary = algorithm["samenvatting"]
        relevant_urn = [m for m in algorithm["maatregelen"] if m["relevant"]]
        for status, state in MEASURE_STATE.items():
            in_card = sum(1 for m in card.measures if m.state == state)
            without_urn = sum(1 for m in relevant_urn if m["status"] == status
                              and not m["urn"].startswith("urn:"))
            assert in_card + without_urn == summary[status], (algorithm["id"], status)
    # what json leaves out of the card: a record for a measure of no applicable
    # requirement, and a measure without URN
    rekenmodel = next(a for a in data["algoritmen"] if a["id"] == "rekenmodel")
    assert [m["urn"] for m in rekenmodel["maatregelen"] if not m["relevant"]] == \
        ["urn:nl:ak:mtr:owk-01"]
    assert "urn:nl:ak:mtr:owk-01" not in {
        m.urn for m in SystemCard.model_validate(loaded["rekenmodel.yaml"]).measures}


def test_same_sources_same_bytes_and_stale_cards_go(rootdir, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-systemcard", src)
    out = tmp_path / "cards"
    build(src, "algokader-systemcard", builddir=out)
    first = {p.name: p.read_bytes() for p in (out / "algokader-systemcard").glob("*.yaml")}
    build(src, "algokader-systemcard", builddir=out)
    outdir = out / "algokader-systemcard"
    assert {p.name: p.read_bytes() for p in outdir.glob("*.yaml")} == first

    # a file this builder did not write stays; a card whose algorithm is gone goes
    (outdir / "eigen.yaml").write_text("name: van iemand anders\n", encoding="utf-8")
    page = src / "algoritmen" / "rekenmodel.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "id: rekenmodel", "id: chatbot-belastingen"), encoding="utf-8")
    app = build(src, "algokader-systemcard", builddir=out)
    assert sorted(p.name for p in outdir.glob("*.yaml")) == [
        "chatbot-belastingen-2.yaml", "chatbot-belastingen.yaml", "eigen.yaml"]
    assert ("rekenmodel.md", "3", "algokader.export") in \
        {(f, line, sub) for f, line, m, sub in warnings_of(app) if "goes to" in m}
    assert yaml.safe_load((outdir / "chatbot-belastingen-2.yaml").read_text())["name"] == \
        "Rekenmodel Toeslagen"
    assert (outdir / "chatbot-belastingen.yaml").read_bytes() == first["chatbot-belastingen.yaml"]


@pytest.mark.parametrize("algorithm_id, name", [
    ("rekenmodel", "rekenmodel.yaml"),
    ("chatbot/belastingen", "chatbot-belastingen.yaml"),
    ("../../etc/passwd", "etc-passwd.yaml"),
    (".verborgen", "verborgen.yaml"),
    ("Zoekmodel Ω v2", "Zoekmodel-v2.yaml"),
    ("///", "algoritme.yaml"),
])
def test_card_file_names_are_safe(algorithm_id, name):
    assert card_file_name(algorithm_id) == name


@pytest.mark.parametrize("own_items", [False, True])
def test_the_handbooks_own_items_stay_out_unless_amts_registry_serves_them(
        rootdir, tmp_path, own_items):
    """AMT looks every URN of a card up in its task registry, and stopped
    on one it did not know: a requirement of the handbook's own (gem-01)
    stays out of the card, with a message, unless the handbook says its
    AMT reads a registry that serves it (algokader_systemcard_own_items)."""
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-systemcard", src)
    (src / "vereisten" / "gem-01-eigen.md").write_text(
        "---\ntitle: Eigen vereiste\nid: urn:nl:ak:ver:gem-01\nlevenscyclus: [ontwerp]\n---\n\n"
        "## Vereiste\n\nVier.\n", encoding="utf-8")
    measure = src / "maatregelen" / "0-org-01-verantwoordelijkheden.md"
    measure.write_text(measure.read_text(encoding="utf-8").replace(
        "vereiste: [aia-01, avg-01]", "vereiste: [aia-01, avg-01, gem-01]"), encoding="utf-8")
    cards = build(src, "algokader-systemcard",
                  confoverrides={"algokader_systemcard_own_items": own_items})
    card = SystemCard.model_validate(load_cards(cards.outdir)["chatbot-belastingen.yaml"])
    urns = {r.urn for r in card.requirements}
    assert "urn:nl:ak:ver:avg-01" in urns
    assert ("urn:nl:ak:ver:gem-01" in urns) is own_items
    said = cards.status.getvalue()
    assert ("the handbook's own urn:nl:ak:ver:gem-01 left out" in said) is not own_items
