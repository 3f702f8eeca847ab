"""``algokader-oscal``: the framework and the algorithm records in NIST OSCAL.

The builder writes plain JSON of OSCAL version ``OSCAL_VERSION``, made here
from the index and the build's assessments; it needs no OSCAL library at
build time (the tests validate the output against NIST's JSON schemas and
load it with compliance-trestle). It writes, in ``finish()``:

* ``catalog.json``: every requirement as a control in a group per law,
  every measure as a control in the group ``maatregelen``, linked (``rel: related``) to the requirements it names
  and back, and every tool as a back-matter resource that the controls it
  names link to (``rel: reference``). Labels are props in ``NAMESPACE``.
* ``profile.json``, with ``algokader_profile``: the requirements that the
  handbook's lists of requirements show (``index.query_rows``) and the
  measures that name them.
* per algorithm record, ``algoritmen/<id>.profile.json`` (its applicable
  requirements and relevant measures) and ``algoritmen/<id>.ssp.json``, a
  system security plan whose implemented requirements carry the statuses
  and coverage of the build's assessment (``records.views.assessments``),
  never derived again here.

Identifiers are deterministic: a control's id is its short code, every
object's UUID is a version-5 UUID of what it stands for, and a document's
UUID one of its content, so the same sources give the same bytes and a
changed document gets a new UUID, as OSCAL asks.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.embed import Edition, content_edition
from sphinx_algokader.export import ordered_items
from sphinx_algokader.index import Index, get_index, query_rows
from sphinx_algokader.model import Item
from sphinx_algokader.outputs import DataBuilder, FileNames, page_url, remove_stale
from sphinx_algokader.records.assess import Assessment
from sphinx_algokader.records.model import COVERAGE_STYLE, STATUS_STYLE
from sphinx_algokader.records.systemcard import card_file_name
from sphinx_algokader.records.views import assessments, evidence_url
from sphinx_algokader.spec import ListSpec
from sphinx_algokader.vocabulary import Name, get_vocabulary

#: the OSCAL version written (``metadata.oscal-version``)
OSCAL_VERSION = "1.2.1"
#: the namespace of our props (``ns``); ``.invalid`` never resolves: it names,
#: it is not fetched
NAMESPACE = "https://sphinx-algokader.invalid/ns/oscal"
#: the namespace of every UUID we make (uuid5)
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE)

#: a measure's status -> OSCAL ``implementation-status`` state
STATE_OF_STATUS: dict[str, str] = {
    "te-doen": "planned",
    "in-uitvoering": "partial",
    "ter-beoordeling": "partial",
    "gereed": "implemented",
    "niet-van-toepassing": "not-applicable",
}
#: a requirement's coverage -> OSCAL ``implementation-status`` state
STATE_OF_COVERAGE: dict[str, str] = {
    "afgedekt": "implemented",
    "deels": "partial",
    "open": "planned",
    "zonder-maatregel": "planned",
}
#: an algorithm's ``fase`` -> the SSP's system status (and its component's);
#: no fase, or one not listed: ``other``
SYSTEM_STATE: dict[str, str] = {
    "probleemanalyse": "under-development",
    "ontwerp": "under-development",
    "dataverkenning-en-datapreparatie": "under-development",
    "ontwikkelen": "under-development",
    "verificatie-en-validatie": "under-development",
    "implementatie": "operational",
    "monitoring-en-beheer": "operational",
    "uitfaseren": "disposition",
}

#: kind -> the prefix of a control id made from a file name (no usable code)
KIND_PREFIX: dict[str, str] = {"vereiste": "ver", "maatregel": "mtr", "hulpmiddel": "hlp"}
#: folder of the per-algorithm documents in the output
ALGORITHM_FOLDER = "algoritmen"
LISTING = ".algokader-oscal.json"

TEXT = {
    "catalog": Name("Algoritmekader", "Algoritmekader"),
    "maatregelen": Name("Maatregelen", "Measures"),
    "other_law": Name("Overige vereisten", "Other requirements"),
    "page": Name("Pagina in het handboek", "Page in the handbook"),
    "profile": Name("Algoritmekader voor het profiel", "Algoritmekader for the profile"),
    "algorithm_profile": Name("Vereisten en maatregelen voor", "Requirements and measures for"),
    "ssp_description": Name(
        "De verantwoording van dit algoritme volgens het Algoritmekader: per toepasselijke "
        "vereiste de dekking, per relevante maatregel de status.",
        "The accountability record of this algorithm under the Algoritmekader: the coverage "
        "of each applicable requirement and the status of each relevant measure."),
    "not_recorded": Name("Niet vastgelegd", "Not recorded"),
    "no_information_types": Name(
        "Het verantwoordingsdossier legt geen informatietypen vast.",
        "The compliance record does not describe information types."),
    "no_boundary": Name(
        "Het verantwoordingsdossier legt geen systeemgrens vast.",
        "The compliance record does not describe a system boundary."),
    "implementation": Name(
        "Hoe dit algoritme de toepasselijke vereisten en relevante maatregelen van het "
        "Algoritmekader uitvoert.",
        "How this algorithm implements the applicable requirements and relevant measures "
        "of the Algoritmekader."),
    "no_reason": Name("Geen toelichting vastgelegd.", "No explanation recorded."),
    "owner": Name("Eigenaar", "System owner"),
    "measures_finished": Name("maatregelen afgerond", "measures finished"),
    "measure_finished": Name("maatregel afgerond", "measure finished"),
    "of": Name("van", "of"),
}


# --------------------------------------------------------------------------
# what every document shares


def edition_of(config: Any) -> Edition | None:
    """The content edition, as ``algokader.json`` gives it: the bundled one
    when the handbook embeds it."""
    return content_edition() if config.algokader_embed else None


def document_version(config: Any, edition: Edition | None) -> str:
    """The edition's name, else the handbook's ``release`` or ``version``."""
    if edition is not None:
        return edition.name
    return one_line(config.release or config.version or "") or "unversioned"


def document_date(edition: Edition | None, index: Index) -> str:
    """The edition's date, else the reference date (``algokader_peildatum``,
    by default the day of the build), as an ISO date."""
    return edition.date if edition is not None else index.day


def one_line(text: str) -> str:
    """Text as OSCAL's ``string`` and ``markup-line`` take it: one line,
    no leading or trailing whitespace."""
    return " ".join(str(text).split())


_NOT_TOKEN = re.compile(r"[^\w.-]+")


def token(text: str, prefix: str = "x") -> str:
    """``text`` as an OSCAL token (an XML NCName): a letter or ``_`` first,
    then letters, digits, ``.``, ``-`` and ``_``."""
    value = _NOT_TOKEN.sub("-", text.strip()).strip("-.")
    if not value or not (value[0].isalpha() or value[0] == "_"):
        value = f"{prefix}-{value}" if value else prefix
    return value


def make_uuid(*parts: str) -> str:
    """A version-5 UUID of what ``parts`` name: the same subject, the same UUID."""
    return str(uuid.uuid5(UUID_NAMESPACE, "\x1f".join(parts)))


def content_uuid(kind: str, body: Mapping[str, Any]) -> str:
    """A document's UUID: of its content, so that it changes when the content does."""
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return make_uuid(kind, hashlib.sha256(text.encode("utf-8")).hexdigest())


def prop(name: str, value: str, **extra: str) -> dict[str, str] | None:
    """A prop in our namespace; None for a value that is empty on one line."""
    value = one_line(value)
    if not value:
        return None
    return {"name": token(name), "ns": NAMESPACE, "value": value, **extra}


def props_of(pairs: Iterable[dict[str, str] | None]) -> list[dict[str, str]]:
    return [p for p in pairs if p is not None]


def uri(href: str) -> str:
    """An href as a URI reference: spaces and non-ASCII characters
    percent-encoded, everything else as written."""
    return quote(href.strip(), safe="!#$%&'()*+,/:;=?@~")


def compact(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` without empty lists and mappings: OSCAL's arrays hold at
    least one entry."""
    return {key: value for key, value in data.items() if value not in ([], {}, None)}


def document(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """``{kind: {"uuid": ..., **body}}``, the UUID made from the body."""
    return {kind: {"uuid": content_uuid(kind, body), **body}}


def metadata(title: str, config: Any, edition: Edition | None, index: Index,
             props: list[dict[str, str]] | None = None,
             links: list[dict[str, str]] | None = None, **extra: Any) -> dict[str, Any]:
    day = document_date(edition, index)
    data: dict[str, Any] = {"title": one_line(title)}
    if edition is not None:
        data["published"] = f"{edition.date}T00:00:00Z"
    data.update({"last-modified": f"{day}T00:00:00Z",
                 "version": document_version(config, edition),
                 "oscal-version": OSCAL_VERSION})
    data.update(extra)
    data["props"] = props or []
    data["links"] = links or []
    return compact(data)


# --------------------------------------------------------------------------
# identifiers


@dataclass(frozen=True)
class Identifiers:
    """The ids of a catalog: unique among its groups, controls and parts,
    as OSCAL requires (``catalog-groups-controls-parts``)."""

    #: law code ("" for none) -> group id
    laws: Mapping[str, str]
    #: docname of a requirement or measure -> control id
    controls: Mapping[str, str]


def identifiers(index: Index) -> Identifiers:
    """Made once per build: a control's id is the item's short code (the
    URN's last segment, ``avg-02``) when that is a token, else its kind and
    file name (``mtr-eigen-maatregel``); a taken id gets ``-2``, ``-3``."""
    memo = index.memo("oscal.identifiers")
    if "ids" in memo:
        return memo["ids"]
    taken = {"maatregelen"}

    def unique(candidate: str) -> str:
        value, n = candidate, 2
        while value in taken or f"{value}_smt" in taken or f"{value}_gdn" in taken:
            value, n = f"{candidate}-{n}", n + 1
        taken.update({value, f"{value}_smt", f"{value}_gdn"})
        return value

    laws: dict[str, str] = {}
    for item in index.by_kind["vereiste"]:
        if item.law not in laws:
            laws[item.law] = unique(token(f"wet-{item.law or 'overig'}"))
    controls: dict[str, str] = {}
    for kind in ("vereiste", "maatregel"):
        for item in index.by_kind[kind]:
            code = item.code if item.urn.startswith("urn:") else ""
            if code and token(code) == code:
                controls[item.docname] = unique(code)
            else:
                controls[item.docname] = unique(token(f"{KIND_PREFIX[kind]}-{item.name}"))
    memo["ids"] = result = Identifiers(laws, controls)
    return result


def resource_uuid(item: Item) -> str:
    return make_uuid("resource", item.urn or item.docname)


# --------------------------------------------------------------------------
# the catalog


def _neighbours(index: Index) -> dict[str, list[Item]]:
    """docname -> the items it names in its relations and the items that
    name it, resolved, in framework order, without itself."""
    found: dict[str, set[str]] = {}
    for item in ordered_items(index):
        for key, names in item.relations.items():
            for name in names:
                target = index.resolve(key, name) if name else None
                if target is None or target.docname == item.docname:
                    continue
                found.setdefault(item.docname, set()).add(target.docname)
                found.setdefault(target.docname, set()).add(item.docname)
    position = {item.docname: n for n, item in enumerate(ordered_items(index))}
    return {docname: [index.items[d] for d in sorted(targets, key=position.__getitem__)]
            for docname, targets in found.items()}


def _label_props(item: Item) -> list[dict[str, str]]:
    pairs = [prop(key, value) for key, values in sorted(item.labels.items()) for value in values]
    pairs += [prop("geldt-vanaf", d.date, **({"remarks": d.condition} if d.condition else {}))
              for d in item.applies_from]
    return props_of(pairs)


def _page_link(config: Any, docname: str, text: str) -> dict[str, str]:
    link = {"href": uri(page_url(config, docname)), "rel": "alternate",
            "media-type": "text/html", "text": one_line(text)}
    return compact(link) if link["text"] else {k: v for k, v in link.items() if k != "text"}


def control(item: Item, ids: Identifiers, neighbours: list[Item], config: Any) -> dict[str, Any]:
    cid = ids.controls[item.docname]
    language = config.language
    props = ([{"name": "alt-identifier", "value": item.urn}] if item.urn.startswith("urn:")
             else []) + _label_props(item)
    links = [_page_link(config, item.docname, TEXT["page"].pick(language))]
    for other in neighbours:
        if other.docname in ids.controls:
            links.append({"href": f"#{ids.controls[other.docname]}", "rel": "related",
                          "text": one_line(other.title) or ids.controls[other.docname]})
        elif other.kind == "hulpmiddel":
            links.append({"href": f"#{resource_uuid(other)}", "rel": "reference",
                          "text": one_line(other.title) or other.name})
    parts = [{"id": f"{cid}_smt", "name": "statement",
              "prose": item.statement or one_line(item.title) or cid}]
    if item.explanation:
        parts.append({"id": f"{cid}_gdn", "name": "guidance", "prose": item.explanation})
    return compact({"id": cid, "class": item.kind, "title": one_line(item.title) or cid,
                    "props": props, "links": links, "parts": parts})


def resource(item: Item, neighbours: list[Item], ids: Identifiers,
             config: Any) -> dict[str, Any]:
    """A tool: a back-matter resource, with its labels and the controls it
    names as props (resources have no links)."""
    props = _label_props(item) + props_of(
        prop(other.kind, ids.controls[other.docname]) for other in neighbours
        if other.docname in ids.controls)
    return compact({
        "uuid": resource_uuid(item),
        "title": one_line(item.title) or item.name,
        "description": item.statement or None,
        "props": props,
        "document-ids": [{"identifier": item.urn}] if item.urn.startswith("urn:") else [],
        "rlinks": [{"href": uri(page_url(config, item.docname)), "media-type": "text/html"}],
    })


def catalog(index: Index, config: Any, edition: Edition | None) -> dict[str, Any]:
    ids = identifiers(index)
    neighbours = _neighbours(index)
    language = config.language
    vocabulary = get_vocabulary(config.algokader_vocabulary)
    laws: dict[str, list[dict[str, Any]]] = {}
    for item in index.by_kind["vereiste"]:
        laws.setdefault(item.law, []).append(
            control(item, ids, neighbours.get(item.docname, []), config))
    law_groups = [compact({
        "id": ids.laws[law], "class": "wet",
        "title": one_line(vocabulary.law_name(law, language)) if law
        else TEXT["other_law"].pick(language),
        "props": [{"name": "label", "value": law.upper()}] if law else [],
        "controls": controls}) for law, controls in laws.items()]
    groups = law_groups
    measures = [control(item, ids, neighbours.get(item.docname, []), config)
                for item in index.by_kind["maatregel"]]
    if measures:
        groups.append({"id": "maatregelen", "class": "maatregelen",
                       "title": TEXT["maatregelen"].pick(language), "controls": measures})
    resources = [resource(item, neighbours.get(item.docname, []), ids, config)
                 for item in index.by_kind["hulpmiddel"]]
    body = compact({
        "metadata": metadata(TEXT["catalog"].pick(language), config, edition, index,
                             links=[_page_link(config, config.root_doc, config.project)]),
        "groups": groups,
        "back-matter": {"resources": resources} if resources else None,
    })
    return document("catalog", body)


# --------------------------------------------------------------------------
# profiles


def _profile_props(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return props_of(prop(key, value) for key, value in pairs)


def profile_document(title: str, href: str, controls: list[str], config: Any,
                     edition: Edition | None, index: Index,
                     pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    body = {
        "metadata": metadata(title, config, edition, index, props=_profile_props(pairs)),
        "imports": [{"href": href, "include-controls": [{"with-ids": controls}]}],
        "merge": {"as-is": True},
    }
    return document("profile", body)


def handbook_profile(env: BuildEnvironment, index: Index, config: Any,
                     edition: Edition | None) -> dict[str, Any] | None:
    """With ``algokader_profile``: the requirements that a list of
    requirements shows (the same query, ``algokader_applicable_only``
    included) and the measures that name one of them. None without it, or
    when it selects nothing (reported)."""
    chosen = config.algokader_profile
    if not chosen:
        return None
    ids = identifiers(index)
    requirements = [row for row in query_rows(env, index, ListSpec(kind="vereiste"),
                                              config.root_doc) if isinstance(row, Item)]
    serving: set[str] = set()
    for requirement in requirements:
        serving |= index.related.get(("maatregel", "vereiste", requirement.docname), set())
    measures = [item for item in index.by_kind["maatregel"] if item.docname in serving]
    controls = [ids.controls[item.docname] for item in [*requirements, *measures]]
    pairs = sorted((key, value) for key, values in chosen.items()
                   for value in ([values] if isinstance(values, str) else values))
    if not controls:
        warn("export", "algokader_profile selects no requirement and no measure: "
             "the OSCAL profile (profile.json) is not written")
        return None
    title = f"{TEXT['profile'].pick(config.language)} " + ", ".join(
        f"{key}: {value}" for key, value in pairs)
    return profile_document(title, "catalog.json", controls, config, edition, index, pairs)


# --------------------------------------------------------------------------
# per algorithm: a profile and a system security plan


def evidence_links(entries: Iterable[str], docname: str, config: Any,
                   found: set[str]) -> list[dict[str, str]]:
    """Evidence as links (``rel: evidence``, ``views.evidence_url``); an
    entry naming no page is left out (reported as ``algokader.evidence_link``)."""
    return [{"href": uri(url), "rel": "evidence", "text": one_line(entry)}
            for entry in entries
            if (url := evidence_url(entry, docname, config, found)) is not None]


def algorithm_documents(a: Assessment, stem: str, env: BuildEnvironment, index: Index,
                        config: Any, edition: Edition | None
                        ) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The profile and the SSP of one algorithm; None when its assessment
    has no requirement and no measure (OSCAL cannot select nothing)."""
    algorithm = a.algorithm
    language = config.language
    ids = identifiers(index)
    title = algorithm.title or algorithm.id
    controls = [ids.controls[c.requirement.docname] for c in a.requirements] + \
               [ids.controls[m.measure.docname] for m in a.measures]
    if not controls:
        warn("export", f"algorithm {algorithm.id!r} has no applicable requirement: no OSCAL "
             "profile and system security plan are written for it",
             (algorithm.docname, algorithm.line))
        return None
    profile = profile_document(f"{TEXT['algorithm_profile'].pick(language)} {title}",
                               "../catalog.json", controls, config, edition, index,
                               algorithm.profiel)

    system = make_uuid("component", algorithm.id)
    state = SYSTEM_STATE.get(algorithm.fase, "other")
    implemented = []
    for c in a.requirements:
        cid = ids.controls[c.requirement.docname]
        coverage = COVERAGE_STYLE[c.coverage][0].pick(language)
        finished = TEXT["measure_finished" if len(c.measures) == 1 else "measures_finished"]
        summary = f"{coverage}: {c.finished} {TEXT['of'].pick(language)} {len(c.measures)} " \
                  f"{finished.pick(language)}."
        implemented.append({
            "uuid": make_uuid("implemented-requirement", algorithm.id, cid),
            "control-id": cid,
            "props": [prop("dekking", c.coverage)],
            "by-components": [{
                "component-uuid": system,
                "uuid": make_uuid("by-component", algorithm.id, cid),
                "description": summary,
                "implementation-status": {"state": STATE_OF_COVERAGE[c.coverage]},
            }],
        })
    found = set(env.found_docs)
    for m in a.measures:
        cid = ids.controls[m.measure.docname]
        record = m.record
        reason = record.toelichting if record is not None else ""
        status = {"state": STATE_OF_STATUS[m.status]}
        if reason:
            status["remarks"] = reason
        implemented.append(compact({
            "uuid": make_uuid("implemented-requirement", algorithm.id, cid),
            "control-id": cid,
            "props": props_of([prop("status", m.status),
                               None if m.due else prop("due", "false")]),
            "by-components": [compact({
                "component-uuid": system,
                "uuid": make_uuid("by-component", algorithm.id, cid),
                "description": reason or
                f"{STATUS_STYLE[m.status][0].pick(language)}. {TEXT['no_reason'].pick(language)}",
                "props": props_of([prop("verantwoordelijke", record.verantwoordelijke)
                                   if record is not None else None]),
                "links": evidence_links(record.bewijs if record is not None else (),
                                        algorithm.docname, config, found),
                "implementation-status": status,
            })],
        }))

    owner = make_uuid("party", algorithm.eigenaar) if algorithm.eigenaar else None
    profile_pairs = _profile_props(algorithm.profiel)
    body = {
        "metadata": metadata(
            title, config, edition, index,
            props=props_of([prop("algoritme-id", algorithm.id),
                            prop("editie", algorithm.editie)]),
            links=[_page_link(config, algorithm.docname, title)],
            roles=[{"id": "system-owner", "title": TEXT["owner"].pick(language)}]
            if owner else [],
            parties=[{"uuid": owner, "type": "organization", "name": one_line(algorithm.eigenaar)}]
            if owner else []),
        "import-profile": {"href": f"{stem}.profile.json"},
        "system-characteristics": compact({
            "system-ids": [{"identifier-type": f"{NAMESPACE}/algoritme-id",
                            "id": one_line(algorithm.id)}],
            "system-name": one_line(title),
            "description": TEXT["ssp_description"].pick(language),
            "props": profile_pairs + props_of([prop("fase", algorithm.fase)]),
            "system-information": {"information-types": [{
                "uuid": make_uuid("information-type", algorithm.id),
                "title": TEXT["not_recorded"].pick(language),
                "description": TEXT["no_information_types"].pick(language)}]},
            "status": {"state": state},
            "authorization-boundary": {"description": TEXT["no_boundary"].pick(language)},
            "responsible-parties": [{"role-id": "system-owner", "party-uuids": [owner]}]
            if owner else [],
        }),
        "system-implementation": {"components": [{
            "uuid": system, "type": "this-system", "title": one_line(title),
            "description": TEXT["ssp_description"].pick(language),
            "status": {"state": state}}]},
        "control-implementation": {
            "description": TEXT["implementation"].pick(language),
            "implemented-requirements": implemented,
        },
    }
    return profile, document("system-security-plan", body)


# --------------------------------------------------------------------------
# the builder


def oscal_documents(env: BuildEnvironment, config: Any) -> dict[str, dict[str, Any]]:
    """Relative path -> OSCAL document, in writing order."""
    index = get_index(env)
    edition = edition_of(config)
    documents = {"catalog.json": catalog(index, config, edition)}
    profile = handbook_profile(env, index, config, edition)
    if profile is not None:
        documents["profile.json"] = profile
    stems = FileNames()
    for a in assessments(env):
        wanted = card_file_name(a.algorithm.id).removesuffix(".yaml")
        stem, taken = stems.claim(wanted, "", a.algorithm.id)
        if taken is not None:
            warn("export", f"OSCAL documents {ALGORITHM_FOLDER}/{wanted}.* are written for "
                 f"algorithm {taken!r} already; those of {a.algorithm.id!r} go to "
                 f"{ALGORITHM_FOLDER}/{stem}.*", (a.algorithm.docname, a.algorithm.line))
        made = algorithm_documents(a, stem, env, index, config, edition)
        if made is not None:
            documents[f"{ALGORITHM_FOLDER}/{stem}.profile.json"] = made[0]
            documents[f"{ALGORITHM_FOLDER}/{stem}.ssp.json"] = made[1]
    return documents


class OscalBuilder(DataBuilder):
    """An OSCAL catalog of the framework, a profile for ``algokader_profile``,
    and a profile and system security plan per algorithm record."""

    name = "algokader-oscal"
    format = "json"
    epilog = "The OSCAL documents are in %(outdir)s."

    def finish(self) -> None:
        written = []
        for relative, data in oscal_documents(self.env, self.config).items():
            self.write_file(relative, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
            written.append(relative)
        # documents of algorithms that are gone or renamed, or a profile no
        # longer configured, would be stale
        remove_stale(Path(self.outdir), LISTING, written)


def setup(app: Sphinx) -> None:
    app.add_builder(OscalBuilder)
