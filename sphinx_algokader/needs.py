"""``algokader-needs``: the framework as a sphinx-needs ``needs.json``.

A sphinx-needs project imports the file with ``needimport`` or
``needs_external_needs``. Each item is one need: its id made from the URN
(``urn:nl:ak:ver:avg-02`` -> ``VER_AVG_02``), its type from
``algokader_needs_types``, its labels as fields holding lists of strings
(``rol-ai-act`` -> ``rol_ai_act``: a field name must be usable in a
sphinx-needs filter), its resolved relations as links (``vereiste``,
``maatregel``) to the ids of the items they name. The content is the
item's statement in plain text, its markup characters escaped so that
reStructuredText and MyST both show it as written.

Written in ``finish()`` from the index, like ``algokader.json``; the same
sources give the same bytes. sphinx-needs is not needed to write the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.export import ordered_items
from sphinx_algokader.index import Index, get_index
from sphinx_algokader.model import KINDS, Item
from sphinx_algokader.oscal import document_date, document_version, edition_of
from sphinx_algokader.outputs import DataBuilder, page_url
from sphinx_algokader.version import __version__
from sphinx_algokader.vocabulary import get_vocabulary

#: kind -> need type (the directive name in the importing project)
DEFAULT_TYPES: dict[str, str] = {"vereiste": "req", "maatregel": "mtr", "hulpmiddel": "hlp"}
#: kind -> the first part of a need id (the URN's kind segment, upper case)
ID_PREFIX: dict[str, str] = {"vereiste": "VER", "maatregel": "MTR", "hulpmiddel": "HLP"}
#: field of the geldt-vanaf dates
DATES_FIELD = "geldt_vanaf"
FILE_NAME = "needs.json"

#: fields sphinx-needs defines itself, and ours; a label of that name gets a ``_``
RESERVED = frozenset({"id", "title", "type", "content", "tags", "status", "docname",
                      "external_url", "urn", "links", "parts", "layout", "style",
                      "template", "hide", "collapse", DATES_FIELD, "vereiste", "maatregel"})

_TYPE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
#: characters that start inline markup in reStructuredText or MyST
_MARKUP_RE = re.compile(r"([\\`*_|\[\]<>{}$#])")
#: a line that reStructuredText would take for a section underline or transition
_RULE_RE = re.compile(r"^([=\-~^\"'+.:#*])\1{3,}\s*$", re.MULTILINE)


def field_name(key: str) -> str:
    """A label key as a sphinx-needs field name: an identifier
    (``soort-toepassing`` -> ``soort_toepassing``)."""
    name = re.sub(r"\W", "_", key.strip(), flags=re.ASCII) or "_"
    return f"_{name}" if name[0].isdigit() else name


def plain_content(text: str) -> str:
    """Plain text that reStructuredText and MyST both show as written: the
    characters that start inline markup are backslash-escaped (both take
    ``\\*`` as ``*``), ``::`` (a literal block in reST) and lines made of
    one repeated punctuation character (a section underline) too. List
    items (``- `` and ``1. ``) stay lists."""
    text = _MARKUP_RE.sub(r"\\\1", text)
    text = _RULE_RE.sub(lambda m: "\\" + m.group(0), text)
    return text.replace("::", ":\\:")


def need_ids(index: Index) -> dict[str, str]:
    """docname -> need id: ``VER_AVG_02`` from the URN's kind and code, or
    the kind and the file name for an item without one; upper case,
    ``_`` for anything but letters and digits, so that it matches
    sphinx-needs' default ``needs_id_regex``. A taken id gets ``_2``,
    ``_3`` (reported)."""
    memo = index.memo("needs.ids")
    if "ids" in memo:
        return memo["ids"]
    ids: dict[str, str] = {}
    owners: dict[str, str] = {}
    for item in ordered_items(index):
        base = item.code if item.urn.startswith("urn:") and item.code else item.name
        candidate = f"{ID_PREFIX[item.kind]}_" + \
            (re.sub(r"[^A-Z0-9]+", "_", base.upper()).strip("_") or "ITEM")
        need_id, n = candidate, 2
        while need_id in owners:
            need_id, n = f"{candidate}_{n}", n + 1
        if need_id != candidate:
            warn("export", f"need id {candidate} is given to {owners[candidate]} already; "
                 f"this item's need is {need_id}", item.docname)
        owners[need_id] = item.docname
        ids[item.docname] = need_id
    memo["ids"] = ids
    return ids


def label_fields(index: Index) -> list[tuple[str, str]]:
    """(label key, field name) of every label any item carries, sorted by key."""
    keys = sorted({key for item in index.items.values() for key in item.labels})
    names: dict[str, str] = {}
    for key in keys:
        name = field_name(key)
        while name in names.values() or name in RESERVED:
            name += "_"
        names[key] = name
    return list(names.items())



def need_record(item: Item, index: Index, config: Any, ids: Mapping[str, str],
                fields: list[tuple[str, str]], types: Mapping[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": ids[item.docname],
        "type": types[item.kind],
        "title": " ".join(item.title.split()) or item.name,
        "content": plain_content(item.statement),
        "tags": [],
        "docname": item.docname,
        "external_url": page_url(config, item.docname),
        "urn": item.urn if item.urn.startswith("urn:") else "",
    }
    for key, name in fields:
        record[name] = list(item.labels.get(key, ()))
    record[DATES_FIELD] = [d.date + (f" ({d.condition})" if d.condition else "")
                           for d in item.applies_from]
    for relation in ("vereiste", "maatregel"):
        targets = []
        for name in item.relations.get(relation, ()):
            target = index.resolve(relation, name) if name else None
            if target is not None and ids[target.docname] not in targets:
                targets.append(ids[target.docname])
        record[relation] = targets
    return record


def needs_schema(fields: list[tuple[str, str]], config: Any) -> dict[str, Any]:
    """The JSON schema of one need in this file, as sphinx-needs writes it
    (``field_type``: core, extra or links), without defaults."""
    vocabulary = get_vocabulary(config.algokader_vocabulary)
    strings = {"type": "array", "items": {"type": "string"}}
    properties: dict[str, Any] = {
        "id": {"type": "string", "field_type": "core", "description": "ID of the need."},
        "type": {"type": "string", "field_type": "core", "description": "Type of the need."},
        "title": {"type": "string", "field_type": "core", "description": "Title of the need."},
        "content": {"type": "string", "field_type": "core",
                    "description": "The statement of the item, in plain text."},
        "tags": {**strings, "field_type": "core", "description": "Tags of the need."},
        "docname": {"type": "string", "field_type": "core",
                    "description": "The item's page in the exporting handbook."},
        "external_url": {"type": "string", "field_type": "core",
                         "description": "URL of the item's page in the exporting handbook."},
        "urn": {"type": "string", "field_type": "extra",
                "description": "The item's URN in the Algoritmekader."},
    }
    for key, name in fields:
        properties[name] = {**strings, "field_type": "extra",
                            "description": vocabulary.key_name(key, config.language)}
    properties[DATES_FIELD] = {**strings, "field_type": "extra",
                               "description": "From when the requirement applies (ISO date)."}
    properties["vereiste"] = {**strings, "field_type": "links",
                              "description": "The requirements this item names."}
    properties["maatregel"] = {**strings, "field_type": "links",
                               "description": "The measures this item names."}
    return {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
            "properties": properties, "required": ["id", "type", "title"]}


def needs_file(index: Index, config: Any) -> dict[str, Any]:
    edition = edition_of(config)
    version = document_version(config, edition)
    created = f"{document_date(edition, index)}T00:00:00"
    ids = need_ids(index)
    fields = label_fields(index)
    types = {**DEFAULT_TYPES, **config.algokader_needs_types}
    needs = {ids[item.docname]: need_record(item, index, config, ids, fields, types)
             for item in ordered_items(index)}
    return {
        "created": created,
        "current_version": version,
        "project": config.project,
        "versions": {version: {
            "created": created,
            "creator": {"program": "sphinx-algokader", "version": __version__},
            "needs": needs,
            "needs_amount": len(needs),
            "needs_schema": needs_schema(fields, config),
        }},
    }


class NeedsBuilder(DataBuilder):
    """Writes ``needs.json``: every item as a sphinx-needs need."""

    name = "algokader-needs"
    format = "json"
    epilog = "The needs are in %(outdir)s/needs.json."

    def finish(self) -> None:
        data = needs_file(get_index(self.env), self.config)
        self.write_file(FILE_NAME, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _check(app: Sphinx, config: Config) -> None:
    types = config.algokader_needs_types
    if not isinstance(types, dict):
        raise ConfigError(f"algokader_needs_types must be a dict of kind to need type, "
                          f"not {types!r}")
    for kind, need_type in types.items():
        if kind not in KINDS or not isinstance(need_type, str) or not _TYPE_RE.match(need_type):
            raise ConfigError(
                f"algokader_needs_types maps a kind ({', '.join(KINDS)}) to a need type "
                f"(a directive name such as 'req'), not {kind!r} to {need_type!r}")


def setup(app: Sphinx) -> None:
    app.add_builder(NeedsBuilder)
    app.add_config_value("algokader_needs_types", dict(DEFAULT_TYPES), "",
                         types=frozenset({dict}))
    app.connect("config-inited", _check)
