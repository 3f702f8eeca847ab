"""Label vocabularies: which values each label key may take, and their names.

The framework's vocabularies ship as ``data/vocabulary.yaml``; a handbook
extends them with the ``algokader_vocabulary`` setting (same shape). The
result is immutable, so one cached copy of the shipped file is safe to share
between Sphinx applications.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DATA_FILE = Path(__file__).parent / "data" / "vocabulary.yaml"


@dataclass(frozen=True)
class Name:
    """A readable name in Dutch and English."""

    nl: str
    en: str

    def pick(self, language: str | None) -> str:
        return self.nl if (language or "").split("_")[0] == "nl" else self.en


@dataclass(frozen=True)
class LabelKey:
    name: Name
    values: Mapping[str, Name]  # in canonical order


@dataclass(frozen=True)
class Vocabulary:
    labels: Mapping[str, LabelKey]
    laws: Mapping[str, Name]

    def knows(self, key: str, value: str) -> bool:
        entry = self.labels.get(key)
        return entry is not None and value in entry.values

    def value_name(self, key: str, value: str, language: str | None) -> str:
        """The readable name of a label value; unknown values get their
        hyphens turned into spaces, so a badge never shows a slug."""
        entry = self.labels.get(key)
        if entry is not None and value in entry.values:
            return entry.values[value].pick(language)
        return value.replace("-", " ")

    def key_name(self, key: str, language: str | None) -> str:
        entry = self.labels.get(key)
        if entry is not None:
            return entry.name.pick(language)
        return key.replace("-", " ").capitalize()

    def law_name(self, code: str, language: str | None) -> str:
        name = self.laws.get(code)
        return name.pick(language) if name is not None else code.upper()


def _name(raw: Any, where: str) -> Name:
    if isinstance(raw, str):
        return Name(raw, raw)
    if isinstance(raw, Mapping) and isinstance(raw.get("nl"), str):
        return Name(raw["nl"], str(raw.get("en", raw["nl"])))
    raise ValueError(f"{where}: expected a name or a mapping with 'nl' and 'en'")


def _merge(raw_labels: Mapping[str, Any], raw_laws: Mapping[str, Any],
           extra: Mapping[str, Any], where: str) -> tuple[dict, dict]:
    labels: dict[str, dict[str, Any]] = {
        key: {"name": entry["name"], "values": dict(entry["values"])}
        for key, entry in raw_labels.items()
    }
    laws = dict(raw_laws)
    for key, entry in (extra.get("labels") or {}).items():
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: labels.{key} must be a mapping")
        target = labels.setdefault(
            key, {"name": entry.get("name", key), "values": {}}
        )
        if "name" in entry:
            target["name"] = entry["name"]
        values = entry.get("values") or {}
        if isinstance(values, list):  # a plain list of values: names are slugs
            values = {v: str(v).replace("-", " ") for v in values}
        if not isinstance(values, Mapping):
            raise ValueError(f"{where}: labels.{key}.values must be a mapping or list")
        target["values"].update(values)
    laws.update(extra.get("laws") or {})
    unknown = set(extra) - {"labels", "laws"}
    if unknown:
        raise ValueError(f"{where}: unknown top-level keys {sorted(unknown)}")
    return labels, laws


def _build(labels: Mapping[str, Any], laws: Mapping[str, Any], where: str) -> Vocabulary:
    return Vocabulary(
        labels=MappingProxyType({
            key: LabelKey(
                name=_name(entry["name"], f"{where}: labels.{key}.name"),
                values=MappingProxyType({
                    str(v): _name(n, f"{where}: labels.{key}.values.{v}")
                    for v, n in entry["values"].items()
                }),
            )
            for key, entry in labels.items()
        }),
        laws=MappingProxyType({
            str(code): _name(n, f"{where}: laws.{code}") for code, n in laws.items()
        }),
    )


@functools.lru_cache(maxsize=1)
def _shipped_raw() -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    with open(DATA_FILE, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return data["labels"], data["laws"]


@functools.lru_cache(maxsize=8)
def _cached(extra_key: str) -> Vocabulary:
    import json

    extra = json.loads(extra_key)
    labels, laws = _merge(*_shipped_raw(), extra, "algokader_vocabulary")
    return _build(labels, laws, "algokader_vocabulary")


def get_vocabulary(extra: Mapping[str, Any] | None = None) -> Vocabulary:
    """The shipped vocabulary extended with a handbook's ``extra``.

    Raises ``ValueError`` naming the setting when ``extra`` is malformed.
    """
    import json

    return _cached(json.dumps(extra or {}, sort_keys=True, default=str))
