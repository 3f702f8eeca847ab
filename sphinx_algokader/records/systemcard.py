"""``algokader-systemcard``: one system card per algorithm record, in the
shape the Algorithm Management Toolkit (MinBZK/amt) reads.

A card is made from what ``algokader.json`` writes under ``algoritmen``
(``data.algorithm_data``): the coverage and statuses of the build's
assessments, never derived again here. Field names and values follow AMT's
schema at commit ``AMT_COMMIT`` (``amt/schema/system_card.py``,
``measure.py``, ``requirement.py``, ``ai_act_profile.py``, and the options
of ``amt/api/ai_act_profile.py`` and ``amt/api/forms/measure.py``);
``docs/reference/builders.md`` has the mapping.

What AMT cannot take is left out, never invented: items without a URN,
evidence pointing at no page, and the ``verantwoordelijke`` (AMT's persons
need the id of an AMT user, which a record does not have). So are the
handbook's own requirements and measures (``registry_urns``), unless
``algokader_systemcard_own_items`` says its AMT's task registry serves them:
AMT looks each URN of a card up in its registry, and one it does not know
stopped its algorithm pages (``KeyError`` in
``RequirementsStateService.get_requirements_state``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from sphinx.util import logging

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.editions import shipped_edition, shipped_editions
from sphinx_algokader.model import AI_ACT_KEYS, URN_FORMS
from sphinx_algokader.outputs import (
    AI_ACT_PROFILE,
    LIFECYCLE,
    TASK_REGISTRY_SCHEMA_VERSION,
    DataBuilder,
    FileNames,
    page_url,
    remove_stale,
)
from sphinx_algokader.records.assess import Assessment
from sphinx_algokader.records.data import algorithm_data
from sphinx_algokader.records.views import assessments, evidence_url

#: the MinBZK/amt commit the cards were mapped against
AMT_COMMIT = "8b8145c6883cf8f3c00831e8601efa47bb521095"
#: AMT's ``SystemCard.schema_version`` at that commit
AMT_SCHEMA_VERSION = "0.1a10"

#: a measure's status -> AMT's measure state (``MeasureStatusOptions``)
MEASURE_STATE: dict[str, str] = {
    "te-doen": "to do",
    "in-uitvoering": "in progress",
    "ter-beoordeling": "in review",
    "gereed": "done",
    "niet-van-toepassing": "not implemented",
}

#: a requirement's coverage -> AMT's requirement state (AMT gives
#: requirements the states of ``MeasureStatusOptions`` too)
REQUIREMENT_STATE: dict[str, str] = {
    "afgedekt": "done",
    "deels": "in progress",
    "open": "to do",
    "zonder-maatregel": "to do",
}

#: our AI Act labels -> AMT's ``AiActProfile`` fields and the values AMT's
#: form offers (``get_ai_act_profile_selector``): the task registry's
#: values (``outputs.AI_ACT_PROFILE``), and "niet van toepassing" where AMT
#: has it
CARD_PROFILE: dict[str, tuple[str, dict[str, str]]] = {
    key: (field, {**values, **({"niet-van-toepassing": "niet van toepassing"}
                               if field in ("risk_group", "transparency_obligations",
                                            "systemic_risk", "open_source") else {})})
    for key, (field, values) in AI_ACT_PROFILE.items()
}
#: AMT fields that take a list; the others take one value
LIST_FIELDS = frozenset({"role"})

#: our lifecycle phase (``fase``) -> how AMT writes a system card's status
#: (``StatusConverterForSystemcard.phases``)
AMT_PHASES: dict[str, str] = {
    "organisatieverantwoordelijkheden": "Organisatieverantwoordelijkheden",
    "probleemanalyse": "Probleemanalyse",
    "ontwerp": "Ontwerp",
    "dataverkenning-en-datapreparatie": "Dataverkenning en datapreparatie",
    "ontwikkelen": "Ontwikkelen",
    "verificatie-en-validatie": "Verificatie en validatie",
    "implementatie": "Implementatie",
    "monitoring-en-beheer": "Monitoring en beheer",
    "uitfaseren": "Uitfaseren",
}

LISTING = ".algokader-systemcard.json"

logger = logging.getLogger(__name__)


def registry_urns(config: Any) -> frozenset[str] | None:
    """The URNs a card may name: those of the framework's editions that
    ship with the extension, which AMT's public task registry serves.
    None (every URN) when the handbook is the official source itself
    (compat mode) or ``algokader_systemcard_own_items`` is set."""
    if config.algokader_systemcard_own_items or config.algokader_mkdocs_config:
        return None
    urns: set[str] = set()
    for name in shipped_editions():
        path = shipped_edition(name)
        data = json.loads(path.read_text(encoding="utf-8")) if path is not None else {}
        urns.update(item.get("urn") or "" for item in data.get("items", ()))
    return frozenset(urns)


def card_file_name(algorithm_id: str) -> str:
    """``<id>.yaml``, with anything but ASCII letters, digits, ``.``, ``_``
    and ``-`` replaced by ``-`` (no folders, no hidden files)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", algorithm_id).strip(".-")[:120]
    return f"{stem or 'algoritme'}.yaml"


def _profile(a: Assessment, data: Mapping[str, Any]) -> dict[str, Any]:
    """AMT's ``ai_act_profile``: AMT's field names and values."""
    algorithm = a.algorithm
    profile: dict[str, Any] = {}
    for key in AI_ACT_KEYS:
        values = data["profiel"].get(key, [])
        if not values or key not in CARD_PROFILE:
            continue
        field, mapping = CARD_PROFILE[key]
        unknown = [v for v in values if v not in mapping]
        if unknown:
            warn("export", f"system card {algorithm.id}: profiel {key}: "
                 f"{', '.join(map(repr, unknown))} has no value in AMT "
                 f"({', '.join(mapping)}); left out", (algorithm.docname, algorithm.line))
        mapped = [mapping[v] for v in values if v in mapping]
        if not mapped:
            continue
        if field in LIST_FIELDS:
            profile[field] = mapped
        elif len(mapped) == 1:
            profile[field] = mapped[0]
        else:
            warn("export", f"system card {algorithm.id}: AMT's {field} takes one value, profiel "
                 f"{key} has {len(mapped)}; left out of the card",
                 (algorithm.docname, algorithm.line))
    return profile


def _links(entries: list[str], docname: str, config: Any, found: set[str]) -> list[str]:
    """Evidence as URLs (``views.evidence_url``); evidence naming no page is
    left out (reported as ``algokader.evidence_link``)."""
    return [url for url in (evidence_url(entry, docname, config, found) for entry in entries)
            if url is not None]


def system_card(a: Assessment, data: Mapping[str, Any], config: Any,
                found_docs: set[str], known: frozenset[str] | None = None
                ) -> dict[str, Any]:
    """The card of one algorithm, from its ``algorithm_data``; ``known``:
    the URNs AMT's task registry serves (``registry_urns``), None for all."""
    own: list[str] = []

    def served(urn: str) -> bool:
        if known is None or urn in known:
            return True
        own.append(urn)
        return False

    # the relevant measures come first in the data, in the assessment's
    # order; records of measures that serve no applicable requirement
    # (``relevant: false``) are not AMT's tasks and stay out of the card
    relevant = data["maatregelen"][:len(a.measures)]
    assert all(entry["relevant"] for entry in relevant)
    measures = []
    for status, entry in zip(a.measures, relevant):
        if not URN_FORMS["maatregel"].match(entry["urn"]) or not served(entry["urn"]):
            continue  # AMT finds measures by their registry URN only
        task: dict[str, Any] = {
            "urn": entry["urn"],
            "state": MEASURE_STATE[entry["status"]],
            "value": entry["toelichting"],
            "links": _links(entry["bewijs"], data["docname"], config, found_docs),
            "version": TASK_REGISTRY_SCHEMA_VERSION,
            "lifecycle": [p for p in status.measure.labels.get("levenscyclus", ())
                          if p in LIFECYCLE],
        }
        measures.append(task)
    card: dict[str, Any] = {
        "schema_version": AMT_SCHEMA_VERSION,
        "name": data["title"] or data["id"],
    }
    if data["eigenaar"]:
        card["owners"] = [{"organization": data["eigenaar"]}]
    if data["fase"] in AMT_PHASES:
        card["status"] = AMT_PHASES[data["fase"]]
    card["ai_act_profile"] = _profile(a, data)
    card["labels"] = [{"name": "algoritme-id", "value": data["id"]}] + (
        [{"name": "editie", "value": data["editie"]}] if data["editie"] else [])
    card["references"] = [{"name": data["title"] or data["id"],
                           "link": page_url(config, data["docname"])}]
    card["requirements"] = [
        {"urn": r["urn"], "state": REQUIREMENT_STATE[r["dekking"]],
         "version": TASK_REGISTRY_SCHEMA_VERSION}
        for r in data["vereisten"] if URN_FORMS["vereiste"].match(r["urn"]) and served(r["urn"])]
    card["measures"] = measures
    if own:
        logger.info(f"system card {a.algorithm.id}: the handbook's own {', '.join(own)} left "
                    "out (AMT's task registry does not serve them; see "
                    "algokader_systemcard_own_items)", location=(a.algorithm.docname,
                                                                 a.algorithm.line))
    return card


class SystemCardBuilder(DataBuilder):
    """One AMT system card (YAML) per algorithm record: ``<id>.yaml``."""

    name = "algokader-systemcard"
    format = "yaml"
    epilog = "The system cards are in %(outdir)s."

    def finish(self) -> None:
        found = set(self.env.found_docs)
        known = registry_urns(self.config)
        names = FileNames()
        for a in assessments(self.env):
            data = algorithm_data(self.env, a)
            card = system_card(a, data, self.config, found, known)
            wanted = card_file_name(a.algorithm.id)
            name, taken = names.claim(wanted.removesuffix(".yaml"), ".yaml", a.algorithm.id)
            if taken is not None:  # "a/b" beside "a-b": keep both, and say so
                warn("export", f"{wanted} is written for algorithm {taken!r} already; the card "
                     f"of {a.algorithm.id!r} goes to {name}",
                     (a.algorithm.docname, a.algorithm.line))
            self.write_file(name, yaml.safe_dump(card, allow_unicode=True, sort_keys=False,
                                                 width=100))
        # cards of algorithms that are gone or renamed would be stale
        remove_stale(Path(self.outdir), LISTING, names.names)
