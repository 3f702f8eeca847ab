"""The framework as data: ``algokader-json`` and ``algokader-taskregistry``.

Both builders read the index after all pages are read and write their files
in ``finish()``; they resolve no page, so they cost little more than the
read phase. Output is deterministic: the same sources give the same bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from sphinx.application import Sphinx

from sphinx_algokader import editions
from sphinx_algokader.changes import current_item
from sphinx_algokader.diagnostics import warn
from sphinx_algokader.embed import content_edition
from sphinx_algokader.index import Index, get_index
from sphinx_algokader.model import AI_ACT_KEYS, KINDS, URN_FORMS, Item
from sphinx_algokader.outputs import (
    AI_ACT_PROFILE,
    LIFECYCLE,
    TASK_REGISTRY_SCHEMA_VERSION,
    DataBuilder,
    FileNames,
    page_url,
    remove_stale,
)

FORMAT_VERSION = "1.4"
SCHEMA_FILE = Path(__file__).parent / "data" / "algokader.schema.json"


def export_urn(item: Item) -> str | None:
    """The item's URN as exports give it: None for an id that is no URN
    (``id: avg-02``, reported as ``algokader.urn_format``), so that the
    export still validates."""
    return item.urn if item.urn.startswith("urn:") else None


def relations_of(index: Index, item: Item) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(resolved, unresolved): relation key -> URNs, and -> names naming nothing.

    A resolved target without a URN (a tool) is given as ``doc:<docname>``."""
    resolved: dict[str, list[str]] = {}
    unresolved: dict[str, list[str]] = {}
    for key, names in item.relations.items():
        for name in names:
            target = index.resolve(key, name)
            if target is None:
                unresolved.setdefault(key, []).append(name)
            else:
                resolved.setdefault(key, []).append(export_urn(target) or f"doc:{target.docname}")
    return resolved, unresolved


def ordered_items(index: Index) -> Iterator[Item]:
    for kind in KINDS:
        yield from index.by_kind[kind]


def framework_data(index: Index, config: Any, env: Any = None) -> dict[str, Any]:
    """The framework's items and, with ``env``, their front matter and page
    texts' digests (what ``sphinx-algokader diff`` compares, ``editions.py``)
    and the handbook's algorithm records (``records/data.py``)."""
    items = []
    for item in ordered_items(index):
        resolved, unresolved = relations_of(index, item)
        record = current_item(env, item) if env is not None else None
        items.append({
            "kind": item.kind,
            "urn": export_urn(item),
            "code": item.code or None,
            "title": item.title,
            "docname": item.docname,
            "url": page_url(config, item.docname),
            "labels": {key: list(values) for key, values in sorted(item.labels.items())},
            "relations": resolved,
            "unresolved_relations": unresolved,
            "statement": item.statement,
            "explanation": item.explanation,
            "applies_from": [{"date": d.date, "condition": d.condition}
                             for d in item.applies_from],
            "front_matter": dict(record.front_matter) if record is not None else {},
            "body_digest": record.body if record is not None else None,
            "articles": editions.sorted_articles(record.articles) if record is not None else [],
        })
    edition = content_edition() if config.algokader_embed else None
    data = {"format_version": FORMAT_VERSION,
            "edition": {"name": edition.name, "date": edition.date} if edition else None,
            "items": items, "algoritmen": []}
    if env is not None:
        from sphinx_algokader.records.data import algorithms_data

        data["algoritmen"] = algorithms_data(env)
    return data


class AlgokaderJSONBuilder(DataBuilder):
    """Writes ``algokader.json``: every item with its labels and relations."""

    name = "algokader-json"
    format = "json"
    epilog = "The framework data is in %(outdir)s/algokader.json."

    def finish(self) -> None:
        data = framework_data(get_index(self.env), self.config, self.env)
        self.write_file(editions.EXPORT_FILE,
                        json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n")


# --------------------------------------------------------------------------
# the government task registry's format (schema_version 1.1.0)

#: roles the registry knows, per kind (its enums); others are left out
REGISTRY_ROLES: dict[str, frozenset[str]] = {
    "vereiste": frozenset({"projectleider", "jurist", "aanbieder", "gebruiksverantwoordelijke"}),
    "maatregel": frozenset({"projectleider", "jurist", "beleid-en-advies", "ontwikkelaar",
                            "aanbieder", "gebruiksverantwoordelijke"}),
}

TEMPLATE = {
    "requirement": "$REQUIREMENT",
    "remarks": "$REMARKS",
    "status": "$STATUS",
    "timestamp": "$TIMESTAMP",
    "authors": [{"name": "$AUTHOR.NAME", "email": "$AUTHOR.EMAIL", "role": "$AUTHOR.ROLE"}],
}


def _ai_act_profile(labels: Mapping[str, tuple[str, ...]]) -> list[dict[str, list[str]]]:
    if not any(key in labels for key in AI_ACT_KEYS):
        return []
    profile: dict[str, list[str]] = {field: [] for field, _ in AI_ACT_PROFILE.values()}
    profile["conformity_assessment_body"] = []
    for key, (field, mapping) in AI_ACT_PROFILE.items():
        profile[field] = [mapping[v] for v in labels.get(key, ()) if v in mapping]
    return [profile]


def instrument_urn(item: Item) -> str:
    """The registry's instrument URN: ``urn:nl:aivt:tr:<letters>:<version>``;
    the version comes from the front-matter label ``versie``, else 1.0."""
    letters = re.sub(r"[^a-z]", "", (item.code or item.name).lower()) or "instrument"
    version = (item.labels.get("versie") or ("1.0",))[0]
    if not re.fullmatch(r"\d+\.\d+", version):
        version = "1.0"
    return f"urn:nl:aivt:tr:{letters}:{version}"


def task_registry_records(index: Index,
                          config: Any) -> Iterator[tuple[str, Item, dict[str, Any]]]:
    """(relative path, item, record) for every item, as the registry publishes them."""
    owners = [{"organization": config.algokader_organization or config.project,
               "name": "", "email": "", "role": ""}]
    language = config.algokader_content_language
    served_by: dict[str, list[str]] = {}  # requirement docname -> measure URNs
    for measure in index.by_kind["maatregel"]:
        for name in measure.relations.get("vereiste", ()):
            target = index.resolve("vereiste", name)
            if target is not None and measure.urn:
                served_by.setdefault(target.docname, []).append(measure.urn)
    for item in ordered_items(index):
        common = {
            "schema_version": TASK_REGISTRY_SCHEMA_VERSION,
            "name": item.title,
            "description": item.statement or item.title,
        }
        base = {"language": language, "owners": owners, "date": "",
                "url": page_url(config, item.docname)}
        lifecycle = [v for v in item.labels.get("levenscyclus", ()) if v in LIFECYCLE]
        subject = list(item.labels.get("onderwerp", ()))
        if item.kind != "hulpmiddel" and not URN_FORMS[item.kind].match(item.urn):
            continue  # no URN, or a malformed one: reported by validation, not exportable
        if item.kind == "vereiste":
            roles = [r for r in item.labels.get("rollen", ()) if r in REGISTRY_ROLES["vereiste"]]
            profile = _ai_act_profile(item.labels)
            yield f"requirements/{item.name}.yaml", item, {
                "systemcard_path": ".systemcard.requirements[]", **common,
                "explanation": item.explanation, "urn": item.urn, **base,
                "subject": subject, "lifecycle": lifecycle, "suggested_roles": roles,
                "links": sorted(set(served_by.get(item.docname, ()))),
                "ai_act_profile": profile, "always_applicable": 0 if profile else 1,
                "template": TEMPLATE,
            }
        elif item.kind == "maatregel":
            resolved, _ = relations_of(index, item)
            roles = [r for r in item.labels.get("rollen", ()) if r in REGISTRY_ROLES["maatregel"]]
            yield f"measures/{item.name}.yaml", item, {
                # the registry files measures under this path too
                "systemcard_path": ".systemcard.requirements[]", **common,
                "explanation": item.explanation, "urn": item.urn, **base,
                "lifecycle": lifecycle, "suggested_roles": roles,
                "links": [u for u in resolved.get("vereiste", ()) if u.startswith("urn:")],
                "subject": subject, "template": TEMPLATE,
            }
        elif item.kind == "hulpmiddel":
            yield f"instruments/{item.name.lower()}.yaml", item, {
                "systemcard_path": ".assessments[]", **common,
                "urn": instrument_urn(item), **base,
            }


class TaskRegistryBuilder(DataBuilder):
    """One YAML file per item under requirements/, measures/, instruments/."""

    name = "algokader-taskregistry"
    format = "yaml"
    epilog = "The task registry files are in %(outdir)s."

    def finish(self) -> None:
        outdir = Path(self.outdir)
        names = FileNames()
        for relative, item, record in task_registry_records(get_index(self.env), self.config):
            stem, dot, ext = relative.rpartition(".")
            name, taken = names.claim(stem, dot + ext, item.docname)
            if taken is not None:  # dpia.md beside DPIA.md: keep both, and say so
                warn("export", f"{relative} is written for {taken} already; this item's "
                     f"record goes to {name}", item.docname)
            self.write_file(name, yaml.safe_dump(record, allow_unicode=True, sort_keys=False,
                                                 width=100))
        remove_stale(outdir, ".algokader-taskregistry.json", names.names)


def setup(app: Sphinx) -> None:
    app.add_builder(AlgokaderJSONBuilder)
    app.add_builder(TaskRegistryBuilder)
    app.add_config_value("algokader_organization", "", "", types=frozenset({str}))
    # (the pages of the framework say it in <html lang>: i18n.page_language)
    app.add_config_value("algokader_content_language", "nl", "html", types=frozenset({str}))
