"""Label vocabularies: which values each label key may take, and their names.

The framework's vocabularies ship as ``data/vocabulary.yaml``; a handbook
extends them with the ``algokader_vocabulary`` setting (same shape). The
result is immutable, so one cached copy of the shipped file is safe to share
between Sphinx applications.

The file also says where long words of the names may break (``hyphenation``,
per language: ``=`` between the parts of a compound, ``-`` at the other
syllables): ``Vocabulary.hyphenate`` puts soft hyphens there for the tables'
HTML only (``table.py``), and ``hyphenation_patterns`` gives TeX the words
(``config.py``). Names stay whole everywhere else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DATA_FILE = Path(__file__).parent / "data" / "vocabulary.yaml"
#: the soft hyphen: invisible, except as a hyphen where a line breaks
SOFT_HYPHEN = "\u00ad"
#: in HTML a word this long or longer may break between the parts of a
#: compound, and a part this long or longer at any syllable; a shorter word
#: or part stays whole
SHORT_WORD, LONG_PART = 10, 12
_WORD_RE = re.compile(r"[^\W\d_]+")


def hyphenation_language(language: str | None) -> str:
    """The language of a handbook's names (as ``Name.pick``): nl or en."""
    return "nl" if (language or "").split("_")[0] == "nl" else "en"


@dataclass(frozen=True)
class Name:
    """A readable name in Dutch and English."""

    nl: str
    en: str

    def pick(self, language: str | None) -> str:
        return self.nl if (language or "").split("_")[0] == "nl" else self.en


#: the names of the label keys that have no vocabulary of values
#: (``uitzondering`` holds expressions, ``profile.py``)
FREE_KEY_NAMES: dict[str, Name] = {"uitzondering": Name("Uitzondering", "Exception")}


@dataclass(frozen=True)
class LabelKey:
    name: Name
    values: Mapping[str, Name]  # in canonical order


@dataclass(frozen=True)
class Vocabulary:
    labels: Mapping[str, LabelKey]
    laws: Mapping[str, Name]
    #: language -> lower-case word -> where it may break: (offsets of every
    #: syllable, offsets where HTML breaks it)
    hyphenation: Mapping[str, Mapping[str, tuple[tuple[int, ...], tuple[int, ...]]]] = field(
        default_factory=lambda: MappingProxyType({}))

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
        if key in FREE_KEY_NAMES:
            return FREE_KEY_NAMES[key].pick(language)
        return key.replace("-", " ").capitalize()

    def law_name(self, code: str, language: str | None) -> str:
        name = self.laws.get(code)
        return name.pick(language) if name is not None else code.upper()

    def hyphenate(self, text: str, language: str | None) -> str:
        """``text`` with soft hyphens in each word the hyphenation list
        knows (in any case): between the parts of a compound and in its
        long parts (``SHORT_WORD``, ``LONG_PART``), for a browser that breaks
        at any soft hyphen where a line is full. Other words stay as they
        are."""
        words = self.hyphenation.get(hyphenation_language(language))
        if not words:
            return text

        def soft(match: re.Match[str]) -> str:
            word = match.group()
            found = words.get(word.lower())
            if not found:
                return word
            breaks = found[1]
            parts = [word[a:b] for a, b in zip((0, *breaks), (*breaks, len(word)))]
            return SOFT_HYPHEN.join(parts)

        return _WORD_RE.sub(soft, text)

    def hyphenation_patterns(self, language: str | None) -> list[str]:
        """The words of the hyphenation list with "-" at every syllable, as
        TeX's ``\\hyphenation`` takes them: TeX breaks a word only where it
        must, at the best of them."""
        words = self.hyphenation.get(hyphenation_language(language), {})
        return [SOFT_HYPHEN.join(word[a:b] for a, b in zip((0, *every), (*every, len(word))))
                .replace(SOFT_HYPHEN, "-") for word, (every, _html) in sorted(words.items())]


def _name(raw: Any, where: str) -> Name:
    if isinstance(raw, str):
        return Name(raw, raw)
    if isinstance(raw, Mapping) and isinstance(raw.get("nl"), str):
        return Name(raw["nl"], str(raw.get("en", raw["nl"])))
    raise ValueError(f"{where}: expected a name or a mapping with 'nl' and 'en'")


_BREAK_RE = re.compile(r"[-=]")


def _breaks(pattern: Any, where: str) -> tuple[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """``le-vens=cy-clus`` -> ("levenscyclus", ((2, 6, 8), (6,))): every
    syllable, and where HTML breaks it (see ``Vocabulary.hyphenate``)."""
    if not isinstance(pattern, str) or not _WORD_RE.fullmatch(_BREAK_RE.sub("", pattern)):
        raise ValueError(f"{where}: {pattern!r} is not a word with '-' or '=' where it may break")
    syllables = _BREAK_RE.split(pattern)
    if not all(syllables):
        raise ValueError(f"{where}: {pattern!r} has an empty syllable")
    every: list[int] = []
    html: list[int] = []
    at = 0
    for n, part in enumerate(pattern.split("=")):
        pieces = part.split("-")
        long = sum(map(len, pieces)) >= LONG_PART
        if n:  # between two parts of a compound
            every.append(at)
            html.append(at)
        for piece in pieces[:-1]:
            at += len(piece)
            every.append(at)
            if long:
                html.append(at)
        at += len(pieces[-1])
    if at < SHORT_WORD:
        html = []
    return "".join(syllables).lower(), (tuple(every), tuple(html))


def _merge_hyphenation(raw: Mapping[str, Any], extra: Any, where: str
                       ) -> dict[str, dict[str, tuple[tuple[int, ...], tuple[int, ...]]]]:
    merged: dict[str, dict[str, tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for source, what in ((raw, "hyphenation"), (extra or {}, f"{where}: hyphenation")):
        if not isinstance(source, Mapping):
            raise ValueError(f"{what} must map a language (nl, en) to a list of words")
        for language, patterns in source.items():
            if not isinstance(patterns, (list, tuple)):
                raise ValueError(f"{what}.{language} must be a list of words like "
                                 "'le-vens=cy-clus'")
            words = merged.setdefault(str(language), {})
            words.update(_breaks(p, f"{what}.{language}") for p in patterns)
    return merged


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
    unknown = set(extra) - {"labels", "laws", "hyphenation"}
    if unknown:
        raise ValueError(f"{where}: unknown top-level keys {sorted(unknown)}")
    return labels, laws


def _build(labels: Mapping[str, Any], laws: Mapping[str, Any], where: str,
           hyphenation: Mapping[str, Mapping[str, Any]] | None = None) -> Vocabulary:
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
        hyphenation=MappingProxyType({
            language: MappingProxyType(dict(words))
            for language, words in (hyphenation or {}).items()
        }),
    )


@functools.lru_cache(maxsize=1)
def _shipped_raw() -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    with open(DATA_FILE, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return data["labels"], data["laws"]


@functools.lru_cache(maxsize=1)
def _shipped_hyphenation() -> Mapping[str, Any]:
    with open(DATA_FILE, encoding="utf-8") as f:
        return yaml.safe_load(f).get("hyphenation") or {}


@functools.lru_cache(maxsize=8)
def _cached(extra_key: str) -> Vocabulary:
    import json

    extra = json.loads(extra_key)
    labels, laws = _merge(*_shipped_raw(), extra, "algokader_vocabulary")
    hyphenation = _merge_hyphenation(_shipped_hyphenation(), extra.get("hyphenation"),
                                     "algokader_vocabulary")
    return _build(labels, laws, "algokader_vocabulary", hyphenation)


def get_vocabulary(extra: Mapping[str, Any] | None = None) -> Vocabulary:
    """The shipped vocabulary extended with a handbook's ``extra``.

    Raises ``ValueError`` naming the setting when ``extra`` is malformed.
    """
    if not extra:  # most handbooks: no need to make a key
        return _cached("{}")
    import json

    return _cached(json.dumps(extra, sort_keys=True, default=str))
