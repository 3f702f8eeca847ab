"""The views of algorithm records: markers, directives, rows and tables.

Four views, each a marker and a directive with the list grammar (filters
``key/value``, ``no-``/``add-`` columns, ``no-search``, ``no-chart``):

=============================  ==========================  =========================
marker                         directive                   shows
=============================  ==========================  =========================
``algoritme_status``           ``algoritme-status``        an algorithm's relevant
                                                           measures and their status
``algoritme_vereisten``        ``algoritme-vereisten``     its applicable requirements
                                                           and their coverage
``algoritmen_overzicht``       ``algoritmen-overzicht``    every algorithm
``algoritmen_bij_maatregel``   ``algoritmen-bij-maatregel``  on a measure's page: the
                                                           algorithms that record it
=============================  ==========================  =========================

A view is a placeholder (``algokader_view``) until the post-transform
``ResolveViews`` makes it a summary line, a chart (``charts.py``) and one
``algokader_table`` (``table.py``: the same node, HTML fast path and
docutils expansion as lists). Its rows (``view_rows``) come from the
build's ``Assessment`` s (``assess.py``, once per build); they are made
when the page is resolved, read by the table, the HTML filters and the
summary, and let go when the page is done. What the collector compares
between builds (``view_fingerprint``) is not the rows but a digest of what
they are made of (``algorithm_digest``), so that a build need not make the
rows of the pages it does not write.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

import sphinx_algokader.records.charts as charts
from sphinx_algokader.changes import since_marks
from sphinx_algokader.diagnostics import warn_tokens
from sphinx_algokader.gcpause import paused_gc
from sphinx_algokader.index import Index, digest, get_index, get_store, row_key
from sphinx_algokader.model import KNOWN_LABEL_KEYS
from sphinx_algokader.nodes import (
    ResolvePostTransform,
    TranslatableCaption,
    add_placeholder_node,
    builder_is,
    new_list_id,
    placeholder,
)
from sphinx_algokader.outputs import page_url
from sphinx_algokader.records.assess import (
    Assessment,
    MeasureStatus,
    assess,
    assessment_plan,
    merged_records,
    phase_order,
)
from sphinx_algokader.records.model import (
    COVERAGE_STYLE,
    COVERAGES,
    FINISHED,
    STATUS_FORMS,
    STATUS_STYLE,
    STATUSES,
    Algorithm,
    MeasureRecord,
    coverage_of,
    record_digest,
    slug,
    status_forms,
    status_of,
    status_style,
)
from sphinx_algokader.spec import read_tokens
from sphinx_algokader.table import ROW_CLASSES, TABLE_CLASSES, algokader_table
from sphinx_algokader.vocabulary import Name, Vocabulary, get_vocabulary

#: marker -> view
VIEW_MARKERS: dict[str, str] = {
    "algoritme_status": "status",
    "algoritme_vereisten": "vereisten",
    "algoritmen_overzicht": "overzicht",
    "algoritmen_bij_maatregel": "maatregel",
}
#: directive -> marker
VIEW_DIRECTIVES: dict[str, str] = {name.replace("_", "-"): name for name in VIEW_MARKERS}
#: switches that are no table columns
SWITCHES: tuple[str, ...] = ("search", "chart")
#: the views that have a chart (``no-chart`` leaves it out)
CHART_VIEWS: tuple[str, ...] = ("status", "overzicht")


@dataclass(frozen=True)
class ViewColumn:
    key: str
    width: int
    header: Name
    #: whether its cells are names (phases, statuses, laws) that the tables
    #: of HTML and PDF hyphenate, as a list's label columns
    hyphenate: bool = False


#: the columns whose cells are names
NAME_COLUMNS = frozenset({"levenscyclus", "fase", "risicogroep", "status", "dekking", "wetcode"})


def _columns(*specs: tuple[str, int, str, str]) -> dict[str, ViewColumn]:
    return {key: ViewColumn(key, width, Name(nl, en), key in NAME_COLUMNS)
            for key, width, nl, en in specs}


#: view -> its columns, in display order
COLUMNS: dict[str, dict[str, ViewColumn]] = {
    "status": _columns(
        ("levenscyclus", 13, "Fase", "Phase"), ("id", 8, "ID", "ID"),
        ("title", 27, "Maatregel", "Measure"), ("status", 11, "Status", "Status"),
        ("toelichting", 20, "Toelichting", "Explanation"),
        ("verantwoordelijke", 11, "Verantwoordelijke", "Responsible"),
        ("bewijs", 12, "Bewijs", "Evidence"), ("vereisten", 10, "Vereisten", "Requirements")),
    "vereisten": _columns(
        ("id", 8, "ID", "ID"), ("title", 44, "Vereiste", "Requirement"),
        ("wetcode", 14, "Wet", "Law"), ("dekking", 12, "Dekking", "Coverage"),
        ("maatregelen", 22, "Maatregelen afgerond", "Measures finished")),
    "overzicht": _columns(
        ("title", 24, "Algoritme", "Algorithm"), ("eigenaar", 16, "Eigenaar", "Owner"),
        ("fase", 14, "Fase", "Phase"), ("risicogroep", 14, "Risicogroep", "Risk group"),
        ("maatregelen", 11, "Maatregelen afgerond", "Measures finished"),
        ("vereisten", 11, "Vereisten afgedekt", "Requirements covered"),
        ("open-punten", 10, "Open punten", "Open gaps")),
    "maatregel": _columns(
        ("title", 24, "Algoritme", "Algorithm"), ("eigenaar", 14, "Eigenaar", "Owner"),
        ("status", 12, "Status", "Status"), ("toelichting", 26, "Toelichting", "Explanation"),
        ("verantwoordelijke", 12, "Verantwoordelijke", "Responsible"),
        ("bewijs", 12, "Bewijs", "Evidence")),
}
#: view -> columns hidden unless added
HIDDEN: dict[str, tuple[str, ...]] = {
    "status": ("id",), "vereisten": ("wetcode",), "overzicht": (), "maatregel": (),
}
#: view -> the column whose values are status badges (coloured by class)
BADGE_COLUMN: dict[str, str] = {"status": "status", "vereisten": "dekking", "maatregel": "status"}
#: view -> the label keys its HTML filters offer, in order
FILTER_KEYS: dict[str, tuple[str, ...]] = {
    "status": ("status", "levenscyclus"),
    "vereisten": ("dekking",),
    "overzicht": ("fase", "risicogroep"),
    "maatregel": ("status",),
}


def vocabulary_key(key: str) -> str:
    """The vocabulary label of a view's filter key: an algorithm's ``fase``
    is a lifecycle phase (``levenscyclus``); every other key is its own."""
    return "levenscyclus" if key == "fase" else key


#: view -> further keys its rows can be filtered on by tokens
EXTRA_FILTER_KEYS: dict[str, tuple[str, ...]] = {"overzicht": ("eigenaar",)}
#: an overview chart draws one bar per algorithm up to this many, else one
#: bar for all of them together
MAX_BARS = 25


@dataclass(frozen=True)
class ViewSpec:
    """A parsed view: which one, of which algorithm, showing what."""

    view: str
    #: the algorithm's id; "" for the page's own record
    algorithm: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    search: bool = True
    chart: bool = True
    caption: str = ""
    #: added by ``algokader_measure_algorithms``, not written by the author:
    #: shows nothing when no algorithm records the measure
    auto: bool = False

    def attributes(self) -> dict[str, Any]:
        """Plain data for the placeholder node (``from_attributes`` reads it)."""
        return {"view": self.view, "algorithm": self.algorithm,
                "filters": [f"{k}/{v}" for k, v in self.filters], "columns": list(self.columns),
                "search": self.search, "chart": self.chart, "caption": self.caption,
                "auto": self.auto}

    @classmethod
    def from_attributes(cls, a: Any) -> ViewSpec:
        filters = tuple((k, v) for k, _, v in (f.partition("/") for f in a["filters"]))
        return cls(view=a["view"], algorithm=a["algorithm"], filters=filters,
                   columns=tuple(a["columns"]), search=a["search"], chart=a["chart"],
                   caption=a["caption"], auto=a.get("auto", False))


@dataclass(frozen=True)
class ViewUse:
    """A view placeholder as recorded at read time."""

    spec: ViewSpec
    line: int | None


def parse_view(view: str, text: str, forms: Mapping[str, str] = STATUS_FORMS
               ) -> tuple[ViewSpec, list[tuple[str, str]]]:
    """Tokens -> spec and (subtype, message) problems; never raises.
    ``forms``: how statuses may be written (``status_forms``)."""
    problems: list[tuple[str, str]] = []
    known = COLUMNS[view]
    columns = [key for key in known if key not in HIDDEN[view]]
    filters: list[tuple[str, str]] = []
    switches = {"search": True, "chart": view in CHART_VIEWS}
    offered = tuple(name for name in SWITCHES if name != "chart" or view in CHART_VIEWS)
    for token in read_tokens(text):
        if token.problem:
            problems.append(("bad_token", token.problem))
            continue
        if token.key:
            key, value = token.key, token.value
            if key not in FILTER_KEYS[view] and key not in KNOWN_LABEL_KEYS \
                    and key not in EXTRA_FILTER_KEYS.get(view, ()):
                problems.append(("unknown_key", f"no row of this view has the key {key!r} "
                                 f"(keys: {', '.join(FILTER_KEYS[view])} and the labels of "
                                 "the items shown)"))
            # a status or coverage by its name too, in any case (status/done,
            # dekking/Deels), as matches() compares values
            if key == "status":
                value = status_of(value, forms)
            elif key == "dekking":
                value = coverage_of(value)
            if key == "status" and value not in STATUSES or \
                    key == "dekking" and value not in COVERAGES:
                allowed = STATUSES if key == "status" else COVERAGES
                problems.append(("bad_token", f"{key} {value!r} is not one of "
                                 f"{', '.join(allowed)}"))
            filters.append((key, value))
            continue
        name = token.name
        if name in offered:
            switches[name] = token.switch == "add"
        elif name in SWITCHES:  # the chart, of a view that has none
            charted = " and ".join(m for m, v in VIEW_MARKERS.items() if v in CHART_VIEWS)
            problems.append(("unknown_column", f"{token.text!r}: this view has no chart "
                             f"(only {charted} have one)"))
        elif name in known:
            if token.switch == "no" and name in columns:
                columns.remove(name)
            elif token.switch == "add" and name not in columns:
                columns.append(name)
        else:
            problems.append(("unknown_column", f"unknown column {name!r} in {token.text!r}; "
                             f"columns are {', '.join((*known, *offered))}"))
    ordered = tuple(key for key in known if key in columns)
    return ViewSpec(view=view, filters=tuple(filters), columns=ordered,
                    search=switches["search"], chart=switches["chart"]), problems


# --------------------------------------------------------------------------
# placeholders: markers (from markers.py) and directives


class algokader_view(nodes.General, TranslatableCaption):  # noqa: N801 (docutils style)
    """A records view: the attributes of its ``ViewSpec``, ``docname``,
    ``line`` and ``position`` (its number among the page's views, set by the
    collector). Replaced by ``ResolveViews`` in every builder that writes
    pages (``nodes.ResolvePostTransform``)."""


def view_placeholder(marker: str, tokens: str, docname: str, line: int | None,
                     env: BuildEnvironment, **changes: Any) -> algokader_view:
    spec, problems = parse_view(VIEW_MARKERS[marker], tokens,
                                status_forms(env.config.algokader_statuses))
    warn_tokens(marker, problems, docname, line, env)
    if changes:
        spec = dataclasses.replace(spec, **changes)
    return placeholder(algokader_view, spec.attributes(), docname, line)


class ViewDirective(SphinxDirective):
    """A records view; arguments are marker tokens."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = {"algoritme": directives.unchanged, "caption": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        changes = {}
        if "algoritme" in self.options:
            changes["algorithm"] = self.options["algoritme"].strip()
        if "caption" in self.options:
            changes["caption"] = self.options["caption"].strip()
        node = view_placeholder(VIEW_DIRECTIVES[self.name],
                                self.arguments[0] if self.arguments else "",
                                self.env.docname, self.lineno, self.env, **changes)
        self.set_source_info(node)
        return [node]


# --------------------------------------------------------------------------
# the build's assessments


def algorithms(env: BuildEnvironment) -> dict[str, Algorithm]:
    """id -> algorithm, in page order; of two with one id, the first page
    wins (the other is reported as ``algokader.duplicate_algorithm``)."""
    index = get_index(env)
    memo = index.memo("records.algorithms")
    if "all" not in memo:
        found: dict[str, Algorithm] = {}
        for docname in sorted(get_store(env).algorithms):
            algorithm = get_store(env).algorithms[docname]
            found.setdefault(algorithm.id, algorithm)
        memo["all"] = found
    return memo["all"]


def phases(env: BuildEnvironment) -> dict[str, int]:
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    entry = vocabulary.labels.get("levenscyclus")
    return phase_order(entry.values if entry is not None else {})


def assessment(env: BuildEnvironment, algorithm_id: str) -> Assessment | None:
    """The assessment of one algorithm, made once per build."""
    index = get_index(env)
    memo = index.memo("records.assessments")
    if algorithm_id not in memo:
        algorithm = algorithms(env).get(algorithm_id)
        since = since_marks(env, algorithm.editie) if algorithm and algorithm.editie else None
        memo[algorithm_id] = None if algorithm is None else assess(index, algorithm, phases(env),
                                                                   since)
    return memo[algorithm_id]


def assessments(env: BuildEnvironment) -> list[Assessment]:
    return [a for a in (assessment(env, i) for i in algorithms(env)) if a is not None]


# --------------------------------------------------------------------------
# rows


#: a link a cell shows: (text, target, kind), the target a docname,
#: optionally with a ``#fragment`` (kind "doc"), or a URL (kind "url"). A
#: plain tuple of strings: a build keeps one per piece of evidence, and the
#: garbage collector stops visiting such tuples once it has seen them, which
#: it never does for an object of a class; the table node (``table.py``)
#: takes them as they are.
Link = tuple[str, str, str]


@dataclass(slots=True)
class ViewRow:
    """One row of a view, with everything any column, filter or export shows.

    Not frozen: a page's rows are made and dropped while it is resolved,
    and a frozen dataclass's ``__init__`` costs five times as much."""

    #: column -> its text, for every column of the row's view
    cells: Mapping[str, str]
    #: column -> links shown in that cell instead of its text
    links: Mapping[str, tuple[Link, ...]] = field(default_factory=dict)
    #: the page the title links to ("" for none)
    target: str = ""
    #: filter key -> values (HTML filters and the ``key/value`` tokens)
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the badge value of the row (a status or a coverage), for its class
    badge: str = ""
    #: False for a measure that is not yet due
    due: bool = True
    #: True for a record to check again: its measure changed since its edition
    recheck: bool = False


#: how an evidence URL starts (any case): a scheme a browser opens as a
#: document or a mail. Any other (``javascript:``, ``data:``, ``vbscript:``)
#: would run code or show made-up content when a reader clicks it, so such
#: an entry is no link (``algokader.evidence_link``).
URL_SCHEMES = ("http://", "https://", "ftp://", "ftps://", "sftp://", "file://", "mailto:")
#: an entry that starts with a scheme (``javascript:``), not a page path
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def is_evidence_url(entry: str) -> bool:
    return entry[:8].lower().startswith(URL_SCHEMES)


def blocked_scheme(entry: str) -> str | None:
    """The scheme of an entry that looks like a URL of a scheme not in
    ``URL_SCHEMES`` (``javascript``); None for a URL or a page path. A
    one-letter scheme is a Windows drive (``C:``), not a URL."""
    match = _SCHEME_RE.match(entry)
    if match is None or is_evidence_url(entry) or match.end() == 2:
        return None
    return match.group()[:-1]


def evidence_link(entry: str, docname: str, titles: Mapping[str, nodes.Node] | None = None
                  ) -> Link:
    """An evidence entry as a link: a URL (``URL_SCHEMES``) as is, anything
    else a page of the handbook, relative to the record's page (``/x`` from
    the root), with the entry's ``#fragment`` if it has one, shown by the
    page's title when ``titles`` (``env.titles``) knows it. An entry of
    another scheme names no page, so it shows as text."""
    if is_evidence_url(entry):
        return (entry, entry, "url")
    path, hash_, fragment = entry.partition("#")
    target = path.removesuffix(".md").removesuffix(".rst")
    if target.startswith("/"):
        target = target.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
    title = titles.get(target) if titles is not None else None
    return (title.astext() if title is not None else entry,
            target + hash_ + fragment if fragment else target, "doc")


def evidence_url(entry: str, docname: str, config: Any, found: set[str]) -> str | None:
    """Where an evidence entry points on the published site: a URL as is, a
    page of the handbook (``found``) as its URL (``html_baseurl``), with
    its fragment; None for an entry that names no page (reported as
    ``algokader.evidence_link``). The system cards and OSCAL carry these."""
    _, target, kind = evidence_link(entry, docname)
    if kind == "url":
        return target
    page, hash_, fragment = target.partition("#")
    if page not in found:
        return None
    return page_url(config, page) + hash_ + fragment


def status_name(env: BuildEnvironment, status: str) -> str:
    if status not in STATUS_STYLE:
        return status
    return status_style(env.config.algokader_statuses, status)[0].pick(env.config.language)


def _status_word(env: BuildEnvironment, status: str, language: str) -> str:
    """A status's name inside a sentence: a default name in lower case
    ("gereed"), a handbook's own name (``algokader_statuses``) as written."""
    name = status_style(env.config.algokader_statuses, status)[0].pick(language)
    default = STATUS_STYLE[status][0].pick(language)
    return default.lower() if name == default else name


def coverage_name(env: BuildEnvironment, coverage: str) -> str:
    return COVERAGE_STYLE[coverage][0].pick(env.config.language) \
        if coverage in COVERAGE_STYLE else coverage


def _phase_names(vocabulary: Vocabulary, values: Iterable[str], language: str | None) -> str:
    return ", ".join(vocabulary.value_name("levenscyclus", v, language) for v in values)


def _not_yet(language: str | None) -> str:
    return Name("nog niet aan de beurt", "not yet due").pick(language)


#: what a status cell adds for a measure changed (re-used, added) since the
#: edition of the records (the summary above the table names that edition)
SINCE_NOTES: dict[str, Name] = {
    "gewijzigd": Name("opnieuw controleren: gewijzigd", "check again: changed"),
    "hergebruikt": Name("opnieuw controleren: andere maatregel", "check again: another measure"),
    "nieuw": Name("nieuw", "new"),
}


def _measure_cells(env: BuildEnvironment, m: MeasureStatus) -> tuple[dict[str, str],
                                                                      tuple[Link, ...]]:
    """The cells of a status row that come from the framework (its phases,
    code, title and the requirements it serves), made once per build for
    each measure and set of requirements and shared by every algorithm's
    table (``Index.memo``: (measure docname, requirement docnames) ->
    (cells, requirement links))."""
    memo = get_index(env).memo("records.measure_cells")
    key = (m.measure.docname, tuple(r.docname for r in m.requirements))
    found = memo.get(key)
    if found is None:
        vocabulary = get_vocabulary(env.config.algokader_vocabulary)
        requirements = tuple((r.code or r.title, r.docname, "doc") for r in m.requirements)
        found = memo[key] = (
            {"levenscyclus": _phase_names(vocabulary, m.measure.labels.get("levenscyclus", ()),
                                          env.config.language),
             "id": m.measure.code, "title": m.measure.title,
             "vereisten": ", ".join(text for text, _, _ in requirements)},
            requirements)
    return found


def _status_text(env: BuildEnvironment, m: MeasureStatus, noted: bool) -> str:
    """A status cell: the status's name, and whether the measure is not yet
    due or (``noted``) changed since the records' edition."""
    language = env.config.language
    text = status_name(env, m.status)
    if not m.due:
        text = f"{text} ({_not_yet(language)})"
    if noted:
        text = f"{text} ({SINCE_NOTES[m.since].pick(language)})"
    return text


def record_evidence(env: BuildEnvironment, algorithm: Algorithm) -> Mapping[int, tuple[Link, ...]]:
    """The evidence links (``evidence_link``, titled by ``env.titles``) of
    each record of an algorithm, by the record's id: made once per build for
    the tables, the fingerprint digest and the evidence check
    (``Index.memo``: docname -> (algorithm, links); the algorithm kept so
    that the ids stay its records')."""
    memo = get_index(env).memo("records.algorithm_evidence")
    found = memo.get(algorithm.docname)
    if found is None or found[0] is not algorithm:
        found = memo[algorithm.docname] = (algorithm, {
            id(record): tuple(evidence_link(entry, algorithm.docname, env.titles)
                              for entry in record.bewijs) if record.bewijs else ()
            for record in algorithm.records})
    return found[1]


#: a link's text
_TEXT = itemgetter(0)


def _status_rows(env: BuildEnvironment, a: Assessment) -> list[ViewRow]:
    # what a row takes from the framework (cells, requirement links, filter
    # values) is the same in every table where the measure has that status:
    # made once per build (``Index.memo``: (measure, its requirements, the
    # status text's key) -> (requirements, cells, links, labels)); the
    # requirements are the plan's tuple, shared by every algorithm of a
    # profile, and kept in the entry so that its id cannot be re-used
    framework = get_index(env).memo("records.status_framework")
    evidence = record_evidence(env, a.algorithm)
    rows = []
    for m in a.measures:
        record = m.record
        requirements = m.requirements
        noted = m.recheck or m.since == "nieuw" and record is None
        key = (m.measure.docname, id(requirements), m.status, m.due, m.since if noted else "")
        found = framework.get(key)
        if found is None or found[0] is not requirements:
            cells, links = _measure_cells(env, m)
            found = framework[key] = (
                requirements, {**cells, "status": _status_text(env, m, noted), "toelichting": "",
                               "verantwoordelijke": "", "bewijs": ""},
                {"vereisten": links}, {**m.measure.labels, "status": (m.status,)})
        _, cells, links, labels = found
        if record is not None:
            shown = evidence[id(record)]
            cells = {**cells, "toelichting": record.toelichting,
                     "verantwoordelijke": record.verantwoordelijke,
                     "bewijs": ", ".join(map(_TEXT, shown))}
            links = {**links, "bewijs": shown}
        rows.append(ViewRow(cells, links, m.measure.docname, labels, m.status, m.due,
                            m.recheck))
    return rows


def _coverage_rows(env: BuildEnvironment, a: Assessment) -> list[ViewRow]:
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    language = env.config.language
    # (requirement docname, coverage, finished and relevant measures) ->
    # (cells, labels), made once per build and shared by every algorithm's
    # table
    memo = get_index(env).memo("records.requirement_cells")
    rows = []
    for c in a.requirements:
        r = c.requirement
        key = (r.docname, c.coverage, c.finished, len(c.measures))
        found = memo.get(key)
        if found is None:
            found = memo[key] = (
                {"id": r.code, "title": r.title,
                 "wetcode": vocabulary.law_name(r.law, language) if r.law else "",
                 "dekking": coverage_name(env, c.coverage),
                 "maatregelen": Name(f"{c.finished} van {len(c.measures)}",
                                     f"{c.finished} of {len(c.measures)}").pick(language)
                 if c.measures else ""},
                {**r.labels, "dekking": (c.coverage,)})
        cells, labels = found
        rows.append(ViewRow(cells=cells, target=r.docname, labels=labels, badge=c.coverage))
    return rows


def matches(labels: Mapping[str, Sequence[str]], filters: Sequence[tuple[str, str]]) -> bool:
    """Whether a row with these filter values passes a view's ``key/value``
    tokens (all of them; values compared as slugs, as the statuses are)."""
    return all(slug(value) in {slug(v) for v in labels.get(key, ())} for key, value in filters)


def overview_labels(algorithm: Algorithm) -> dict[str, tuple[str, ...]]:
    """An algorithm's filter values in the overview."""
    return {"fase": (algorithm.fase,) if algorithm.fase else (),
            "risicogroep": tuple(v for k, v in algorithm.profiel if k == "risicogroep"),
            "eigenaar": (algorithm.eigenaar,) if algorithm.eigenaar else ()}


def overview_assessments(env: BuildEnvironment, spec: ViewSpec) -> list[Assessment]:
    """The algorithms an overview shows: those its filters let through. Its
    rows, summary and chart all count these."""
    return [a for a in assessments(env) if matches(overview_labels(a.algorithm), spec.filters)]


def _overview_rows(env: BuildEnvironment, spec: ViewSpec) -> list[ViewRow]:
    vocabulary = get_vocabulary(env.config.algokader_vocabulary)
    language = env.config.language
    rows = []
    for a in overview_assessments(env, spec):
        s = a.summary()
        algorithm = a.algorithm
        labels = overview_labels(algorithm)
        risk = labels["risicogroep"]
        finished = sum(s[status] for status in FINISHED)
        rows.append(ViewRow(
            cells={"title": algorithm.title, "eigenaar": algorithm.eigenaar,
                   "fase": vocabulary.value_name(vocabulary_key("fase"), algorithm.fase, language)
                   if algorithm.fase else "",
                   "risicogroep": ", ".join(vocabulary.value_name("risicogroep", v, language)
                                            for v in risk),
                   "maatregelen": f"{finished}/{s['maatregelen']}",
                   "vereisten": f"{s['afgedekt']}/{s['vereisten']}",
                   "open-punten": str(s["open-punten"])},
            target=algorithm.docname, labels=labels))
    return rows


def _measure_rows(env: BuildEnvironment, docname: str) -> list[ViewRow]:
    memo = get_index(env).memo("records.measure_statuses")
    if "all" not in memo:  # measure docname -> (assessment, its status), once per build
        found: dict[str, list[tuple[Assessment, MeasureStatus]]] = {}
        for a in assessments(env):
            for m in a.measures:
                if m.record is not None:
                    found.setdefault(m.measure.docname, []).append((a, m))
        memo["all"] = found
    rows = []
    for a, m in memo["all"].get(docname, ()):
        record = m.record
        evidence = record_evidence(env, a.algorithm)[id(record)]
        status = status_name(env, m.status)
        if m.recheck:
            status = f"{status} ({SINCE_NOTES[m.since].pick(env.config.language)})"
        rows.append(ViewRow(
            cells={"title": a.algorithm.title, "eigenaar": a.algorithm.eigenaar,
                   "status": status, "toelichting": record.toelichting,
                   "verantwoordelijke": record.verantwoordelijke,
                   "bewijs": ", ".join(text for text, _, _ in evidence)},
            links={"bewijs": evidence}, target=a.algorithm.docname,
            labels={"status": (m.status,)}, badge=m.status, recheck=m.recheck))
    return rows


def target_algorithm(env: BuildEnvironment, spec: ViewSpec, docname: str) -> str | None:
    """The id of the algorithm a status or requirement view shows; None for
    a page whose own record repeats the id of an earlier page (left out as
    ``duplicate_algorithm``: its views must not show the other page's record)."""
    if spec.algorithm:
        return spec.algorithm
    own = get_store(env).algorithms.get(docname)
    if own is None:
        return None
    winner = algorithms(env).get(own.id)
    return own.id if winner is not None and winner.docname == docname else None


def view_use(env: BuildEnvironment, docname: str, position: int) -> ViewUse:
    return get_store(env).views[docname][position]


def view_rows(env: BuildEnvironment, docname: str, position: int) -> list[ViewRow]:
    """The rows of the ``position``-th view on ``docname``, filtered by its
    ``key/value`` tokens. Kept while that page is resolved (the table, the
    HTML filters, the summary read them), then let go: a build's rows are
    tens of thousands of objects, and a heap that large makes every
    garbage collection of the write phase slower (``benchmarks/README.md``,
    step 7)."""
    index: Index = get_index(env)
    memo = index.memo("records.view_rows")
    if memo.get("docname") != docname:  # another page: also when no page was written
        memo.clear()
        memo["docname"] = docname
    key = (docname, position)
    if key in memo:
        return memo[key]
    spec = view_use(env, docname, position).spec
    rows: list[ViewRow] = []
    if spec.view in ("status", "vereisten"):
        found = target_algorithm(env, spec, docname)
        a = assessment(env, found) if found else None
        if a is not None:
            rows = _status_rows(env, a) if spec.view == "status" else _coverage_rows(env, a)
    elif spec.view == "overzicht":
        rows = _overview_rows(env, spec)
    else:
        rows = _measure_rows(env, docname)
    if spec.filters:
        rows = [row for row in rows if matches(row.labels, spec.filters)]
    memo[key] = rows
    return rows


def view_labels(env: BuildEnvironment, docname: str, position: int
                ) -> list[Mapping[str, tuple[str, ...]]]:
    """Each row's filter values (``ViewRow.labels``): all that the HTML
    filters (``interactive.py``) read of a view. Kept while the page is
    resolved, when the rows themselves are let go already."""
    memo = get_index(env).memo("records.view_labels")
    found = memo.get((docname, position))
    if found is None:
        found = memo[(docname, position)] = [row.labels for row in
                                             view_rows(env, docname, position)]
    return found


def view_fingerprint(env: BuildEnvironment, docname: str) -> list[object]:
    """What the page's views depend on, for ``index.fingerprint``'s digest:
    not the rows (made only for the pages written) but what they are made
    of, a digest per algorithm (``algorithm_digest``)."""
    parts: list[object] = []
    for use in get_store(env).views.get(docname, ()):
        spec = use.spec
        parts.append(spec)
        if spec.view in ("status", "vereisten"):
            found = target_algorithm(env, spec, docname)
            parts.append(algorithm_digest(env, found) if found else None)
        elif spec.view == "overzicht":
            parts.append([algorithm_digest(env, i) for i in algorithms(env)])
        else:  # a measure's page: the algorithms with a record of it
            parts.append([_record_part(env, algorithm_id, docname, record)
                          for algorithm_id, record in _recorders(env).get(docname, ())])
    return parts


def _record_part(env: BuildEnvironment, algorithm_id: str, measure: str,
                 record: MeasureRecord) -> object:
    """What a measure page's row of one algorithm is made of: the
    algorithm's name and owner, its record of the measure, whether the
    measure is relevant to it and its change since the record's edition."""
    algorithm = algorithms(env)[algorithm_id]
    plan = assessment_plan(get_index(env), algorithm.profiel, phases(env))
    since = since_marks(env, algorithm.editie) if algorithm.editie else None
    return (algorithm.docname, algorithm.title, algorithm.eigenaar, record,
            record_evidence(env, algorithm)[id(record)],
            measure in plan.relevant, since.get(measure) if since else None)


def algorithm_digest(env: BuildEnvironment, algorithm_id: str) -> str | None:
    """A digest of all that an algorithm's rows, summary and chart are made
    of: its record as read, the evidence pages' titles, its edition's
    changes and the framework as its profile sees it (``_plan_digest``).
    Made once per build; None for an id no page has."""
    memo = get_index(env).memo("records.digests")
    if algorithm_id in memo:
        return memo[algorithm_id]
    algorithm = algorithms(env).get(algorithm_id)
    found = None
    if algorithm is not None:
        titles = [text for links in record_evidence(env, algorithm).values()
                  for text, _, kind in links if kind == "doc"]
        since = since_marks(env, algorithm.editie) if algorithm.editie else None
        found = digest([record_digest(algorithm), titles,
                        sorted(since.items()) if since else since,
                        _plan_digest(env, algorithm.profiel)])
    memo[algorithm_id] = found
    return found


def _plan_digest(env: BuildEnvironment, profiel: tuple[tuple[str, str], ...]) -> str:
    """A digest of the framework's items an assessment with this profile
    reads (its applicable requirements, their measures and which they
    serve), once per build and profile."""
    index = get_index(env)
    memo = index.memo("records.plan_digests")
    if profiel not in memo:
        plan = assessment_plan(index, profiel, phases(env))
        memo[profiel] = digest([
            [row_key(index, r) for r in plan.applicable],
            [(row_key(index, m), [r.docname for r in serves], start)
             for m, serves, start in plan.measures]])
    return memo[profiel]


def _recorders(env: BuildEnvironment) -> dict[str, list[tuple[str, MeasureRecord]]]:
    """measure docname -> the algorithms with a record of it: (id, record)."""
    index = get_index(env)
    memo = index.memo("records.recorders")
    if "all" not in memo:
        found: dict[str, list[tuple[str, MeasureRecord]]] = {}
        for algorithm_id, algorithm in algorithms(env).items():
            for measure, record in merged_records(algorithm, index).items():
                found.setdefault(measure, []).append((algorithm_id, record))
        memo["all"] = found
    return memo["all"]


def view_summary(env: BuildEnvironment, docname: str, position: int) -> str:
    """The sentence above a status or overview table (what its chart shows)."""
    spec = view_use(env, docname, position).spec
    language = env.config.language
    if spec.view in ("status", "vereisten"):
        found = target_algorithm(env, spec, docname)
        a = assessment(env, found) if found else None
        if a is None:
            return ""
        s = a.summary()
        finished = sum(s[status] for status in FINISHED)
        gaps = s["open-punten"]
        requirements_nl = (f"Vereisten: {s['vereisten']}, waarvan {s['afgedekt']} afgedekt, "
                           f"{s['deels']} deels, {s['open']} open en {s['zonder-maatregel']} "
                           "zonder maatregel.")
        requirements_en = (f"Requirements: {s['vereisten']}, of which {s['afgedekt']} covered, "
                           f"{s['deels']} partly, {s['open']} open and {s['zonder-maatregel']} "
                           "without a measure.")
        if spec.view == "vereisten":  # the requirements alone; the status view says the rest
            return Name(requirements_nl, requirements_en).pick(language)
        done_nl, na_nl = (_status_word(env, status, "nl") for status in FINISHED)
        done_en, na_en = (_status_word(env, status, "en") for status in FINISHED)
        nl = (f"Maatregelen: {s['maatregelen']}, waarvan {finished} afgerond ({done_nl} of "
              f"{na_nl}); {gaps} open {'punt' if gaps == 1 else 'punten'}. " + requirements_nl)
        en = (f"Measures: {s['maatregelen']}, of which {finished} finished ({done_en} or "
              f"{na_en}); {gaps} open {'gap' if gaps == 1 else 'gaps'}. " + requirements_en)
        later = s["nog-niet-aan-de-beurt"]
        if later:
            nl += (" 1 maatregel is" if later == 1 else f" {later} maatregelen zijn") + \
                " nog niet aan de beurt."
            en += (" 1 measure is" if later == 1 else f" {later} measures are") + " not yet due."
        again = sum(1 for m in a.measures if m.recheck)
        edition = a.algorithm.editie
        if again:
            nl += (f" {again} {'vastlegging moet' if again == 1 else 'vastleggingen moeten'} "
                   "opnieuw gecontroleerd worden: "
                   f"{'de maatregel is' if again == 1 else 'de maatregelen zijn'} gewijzigd "
                   f"sinds editie {edition}.")
            en += (f" {again} {'record needs' if again == 1 else 'records need'} checking "
                   f"again: {'its measure' if again == 1 else 'their measures'} changed "
                   f"since edition {edition}.")
        new = sum(1 for m in a.measures if m.since == "nieuw" and m.record is None)
        if new:
            nl += (f" {new} {'maatregel is' if new == 1 else 'maatregelen zijn'} nieuw sinds "
                   f"editie {edition}.")
            en += (f" {new} {'measure is' if new == 1 else 'measures are'} new since edition "
                   f"{edition}.")
        return Name(nl, en).pick(language)
    if spec.view == "overzicht":
        all_ = overview_assessments(env, spec)
        gaps = sum(a.summary()["open-punten"] for a in all_)
        return Name(f"{len(all_)} {'algoritme' if len(all_) == 1 else 'algoritmen'}; samen "
                    f"{gaps} open {'punt' if gaps == 1 else 'punten'}.",
                    f"{len(all_)} {'algorithm' if len(all_) == 1 else 'algorithms'}; {gaps} "
                    f"open {'gap' if gaps == 1 else 'gaps'} in all.").pick(language)
    return ""


# --------------------------------------------------------------------------
# charts


def view_bars(env: BuildEnvironment, view: str, docname: str, position: int
              ) -> tuple[list[charts.Bar], str]:
    """The bars a view draws, and its title."""
    language = env.config.language

    def by_status(counts: dict[str, int]) -> list[tuple[str, str, str, int]]:
        return [(s, status_name(env, s), charts.status_colour(env, s), counts[s]) for s in STATUSES]

    if view == "status":
        found = target_algorithm(env, view_use(env, docname, position).spec, docname)
        a = assessment(env, found) if found else None
        if a is None or not a.measures and not a.requirements:
            return [], ""
        s = a.summary()
        coverage = [(c, coverage_name(env, c), COVERAGE_STYLE[c][1], s[c]) for c in COVERAGES]
        return ([(Name("Maatregelen", "Measures").pick(language), by_status(s)),
                 (Name("Vereisten", "Requirements").pick(language), coverage)],
                a.algorithm.title)
    if view == "overzicht":
        all_ = overview_assessments(env, view_use(env, docname, position).spec)
        if len(all_) <= MAX_BARS:
            bars = [(a.algorithm.title, by_status(a.summary())) for a in all_]
            return bars, Name("Maatregelen per algoritme", "Measures per algorithm").pick(language)
        total = {status: sum(a.summary()[status] for a in all_) for status in STATUSES}
        return ([(Name("Alle algoritmen", "All algorithms").pick(language), by_status(total))],
                Name(f"Maatregelen van {len(all_)} algoritmen",
                     f"Measures of {len(all_)} algorithms").pick(language))
    return [], ""



# --------------------------------------------------------------------------
# resolution


#: view -> the name of its table's scroll region (HTML) when it has no caption
VIEW_LABELS: dict[str, Name] = {
    "status": Name("Status van de maatregelen", "Status of the measures"),
    "vereisten": Name("Dekking van de vereisten", "Coverage of the requirements"),
    "overzicht": Name("Overzicht van de algoritmen", "Overview of the algorithms"),
    "maatregel": Name("Algoritmen die deze maatregel bijhouden",
                      "Algorithms that record this measure"),
}


def _empty(spec: ViewSpec, found: bool, language: str | None) -> str:
    if spec.view in ("status", "vereisten") and not found:
        return Name("Geen algoritme gevonden voor dit overzicht.",
                    "No algorithm found for this view.").pick(language)
    return Name("Niets gevonden.", "Nothing found.").pick(language)


def make_view_table(spec: ViewSpec, rows: Sequence[ViewRow], fromdoc: str, table_id: str,
                    language: str | None, root_doc: str) -> algokader_table:
    columns = [COLUMNS[spec.view][key] for key in spec.columns or ("title",)]
    keys = [c.key for c in columns]
    link = next((n for n, key in enumerate(keys) if key == "title"), -1)
    badge = BADGE_COLUMN.get(spec.view, "")
    # a row's classes follow from its badge, due and recheck: made once each
    classes: dict[tuple[str, bool, bool], str] = {}
    row_classes = []
    for row in rows:
        shape = (row.badge, row.due, row.recheck)
        found = classes.get(shape)
        if found is None:
            found = classes[shape] = " ".join(
                [ROW_CLASSES] + ([f"algokader-badge-{row.badge}"] if row.badge else [])
                + ([] if row.due else ["algokader-not-due"])
                + (["algokader-recheck"] if row.recheck else []))
        row_classes.append(found)
    table = algokader_table(
        ids=[table_id], classes=[*TABLE_CLASSES, f"algokader-{spec.view}-table"]
        + (["algokader-status"] if spec.view == "status" else [])
        + (["algokader-overview"] if spec.view == "overzicht" else []),
        docname=fromdoc, widths=[c.width for c in columns],
        header=[c.header.pick(language) for c in columns],
        rows=_cell_texts(rows, keys),
        targets=[row.target if row.target != root_doc else "" for row in rows],
        link=link,
        row_classes=row_classes,
        column_classes=[f"algokader-col-{key}" + (" algokader-badge-cell" if key == badge
                                                  else "") for key in keys],
        cell_links=_cell_links(rows, keys),
        hyphenate=[c.hyphenate for c in columns],
        label=spec.caption or VIEW_LABELS[spec.view].pick(language),
        # (a measure page's algorithms: their records are on their own pages)
        repeats_records=spec.view == "maatregel",
    )
    if spec.caption:
        table += nodes.title(spec.caption, spec.caption)
    return table


def _cell_texts(rows: Sequence[ViewRow], keys: Sequence[str]) -> list[tuple[str, ...]]:
    """The table's ``rows``: per row, the texts of the columns ``keys``."""
    take = itemgetter(*keys)  # (in C: a table's cells are most of a page's work)
    if len(keys) == 1:
        return [(take(row.cells),) for row in rows]
    return [take(row.cells) for row in rows]


#: the columns whose cells can be links (``ViewRow.links``)
LINK_COLUMNS = frozenset({"bewijs", "vereisten"})


def _cell_links(rows: Sequence[ViewRow], keys: Sequence[str]) -> list[tuple[tuple[Link, ...], ...]]:
    """The table's ``cell_links``: per row, per column, the links the cell
    shows (() for text); [] for a table without a column of links."""
    if LINK_COLUMNS.isdisjoint(keys):
        return []
    # (a column that shows no links asks for a key no row's links have)
    asked = [key if key in LINK_COLUMNS else None for key in keys]
    none: tuple[tuple[Link, ...], ...] = ((),) * len(keys)
    return [tuple(map(row.links.get, asked, none)) if row.links else none for row in rows]


class ResolveViews(ResolvePostTransform):
    """Replace every view placeholder with a summary, a chart and a table."""

    default_priority = 5  # with the lists: before ExpandTables (7) and links (10)

    def run(self, **kwargs: Any) -> None:
        placeholders = list(self.document.findall(algokader_view))
        if not placeholders:
            return
        with paused_gc():  # rows are made and dropped in a burst (gcpause.py)
            self.resolve(placeholders)
            # the tables hold what they show: only the filters' values are
            # kept for the HTML filters, the rows die before a collection
            get_index(self.env).memo("records.view_rows").clear()

    def resolve(self, placeholders: list[algokader_view]) -> None:
        env = self.env
        language = env.config.language
        for node in placeholders:
            docname, position = node["docname"], node["position"]
            spec = view_use(env, docname, position).spec
            rows = view_rows(env, docname, position)
            view_labels(env, docname, position)
            if spec.auto and not rows:
                node.replace_self([])
                continue
            base = f"algokader-{spec.view}"
            view_id = new_list_id(self.document, spec.view)
            classes = ["algokader-list", "algokader-records", base, "no-search"]
            container = nodes.container(classes=classes, ids=[view_id],
                                        algokader_view_docname=docname,
                                        algokader_view_position=position)
            self.document.ids[view_id] = container
            if spec.auto:
                heading = Name("Algoritmen die deze maatregel bijhouden",
                               "Algorithms that record this measure").pick(language)
                container += nodes.rubric(heading, heading)
            summary = view_summary(env, docname, position)
            if summary:
                container += nodes.paragraph(summary, summary, classes=["algokader-summary"])
            if spec.chart:
                bars, title = view_bars(env, spec.view, docname, position)
                chart = charts.chart_node(bars, title, summary or title, view_id + "-chart")
                if chart is not None:
                    container += chart
            if rows:
                table = make_view_table(spec, rows, docname, view_id + "-table", language,
                                        env.config.root_doc)
                self.document.ids[view_id + "-table"] = table
                container += table
            else:
                target = target_algorithm(env, spec, docname)
                found = spec.view not in ("status", "vereisten") or (
                    target is not None and assessment(env, target) is not None)
                text = _empty(spec, found, language)
                container += nodes.paragraph(text, text, classes=["algokader-empty"])
            container.source, container.line = node.source, node.line
            node.replace_self([*self._man_space(node), container])

    def _man_space(self, node: nodes.Node) -> list[nodes.Node]:
        """In a man page, the vertical space above a view that follows text:
        docutils' man writer gives a container's first paragraph (the
        summary) none, and it ran into the paragraph above."""
        if not builder_is(self.document, builders=("man",)):
            return []
        parent = node.parent
        above = parent[parent.index(node) - 1] if parent.index(node) else None
        if above is None or isinstance(above, (nodes.title, nodes.Invisible)):
            return []
        return [nodes.raw("", ".sp", format="manpage")]


def check_statuses(app: Sphinx, config: Any) -> None:
    """``algokader_statuses``: {status: {nl, en, kleur}}, known statuses only."""
    from sphinx.errors import ConfigError

    value = config.algokader_statuses
    problems = []
    for status, entry in (value.items() if isinstance(value, Mapping) else ()):
        if status not in STATUSES:
            problems.append(f"{status!r} is no status ({', '.join(STATUSES)})")
        elif not isinstance(entry, Mapping) or set(entry) - {"nl", "en", "kleur"} or \
                not all(isinstance(v, str) and v for v in entry.values()):
            problems.append(f"{status!r} must map to {{nl: name, en: name, kleur: '#rrggbb'}}")
        elif "kleur" in entry and not re.fullmatch(r"#[0-9A-Fa-f]{6}", entry["kleur"]):
            problems.append(f"{status!r}: kleur {entry['kleur']!r} is not a colour like #009E73")
    if isinstance(value, Mapping) and not problems:
        # a record or a filter may give a status by its code or any of its
        # names: a name must not be another status's code or name
        named: dict[str, str] = {}  # slug -> the status this setting names by it
        for status, entry in value.items():
            for text in (entry.get("nl"), entry.get("en")):
                if not text:
                    continue
                other = STATUS_FORMS.get(slug(text), named.get(slug(text), status))
                if other != status:
                    problems.append(f"{status!r}: the name {text!r} is also how {other!r} is "
                                    "written; each name must name one status")
                named[slug(text)] = status
    if not isinstance(value, Mapping) or problems:
        raise ConfigError("algokader_statuses is malformed: " + ("; ".join(problems) or
                                                                 f"not a mapping: {value!r}"))


#: the style sheet that gives badge cells the colours of ``algokader_statuses``
STATUS_CSS = "algokader-statuses.css"


def _mix(colour: str, other: int, share: float) -> str:
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (other - c) * share):02x}" for c in rgb)


def status_css(statuses: Mapping[str, Any]) -> str:
    """CSS for the custom colours: the badge, a light tint (light themes) and
    a dark one (dark themes), as algokader.css gives the default palette."""
    rules = []
    for status in sorted(set(statuses) & set(STATUS_STYLE)):
        colour = status_style(statuses, status)[1]
        if colour != STATUS_STYLE[status][1]:  # a colour of the handbook's own
            rules.append(f".algokader-records tr.algokader-badge-{status} {{ "
                         f"--algokader-badge: {colour}; "
                         f"--algokader-badge-tint: {_mix(colour, 255, 0.78)}; "
                         f"--algokader-badge-dark: {_mix(colour, 0, 0.6)}; }}")
    return "\n".join(rules) + "\n" if rules else ""


def _add_status_css(app: Sphinx) -> None:
    if app.builder.format == "html" and status_css(app.config.algokader_statuses):
        app.add_css_file(STATUS_CSS)


def _write_status_css(app: Sphinx, env: BuildEnvironment) -> None:
    """Written before the pages are (``env-updated``): a page's link to a
    style sheet carries the checksum of the file it finds then, which must
    be this build's, not the previous one's."""
    css = status_css(app.config.algokader_statuses)
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    if css:
        static.mkdir(parents=True, exist_ok=True)
        (static / STATUS_CSS).write_text(css, encoding="utf-8")
    else:  # (the statuses' own colours were taken out of conf.py)
        (static / STATUS_CSS).unlink(missing_ok=True)


def auto_view(docname: str) -> algokader_view:
    """The view ``algokader_measure_algorithms`` adds to a measure's page."""
    spec, _ = parse_view("maatregel", "")
    node = algokader_view("", docname=docname, line=None,
                          **dataclasses.replace(spec, auto=True).attributes())
    return node


def _drop_labels(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A page is resolved: the filter values its views kept for the HTML
    filters are written into it now (its rows went when its views were
    resolved)."""
    get_index(app.env).memo("records.view_labels").clear()


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_statuses)
    app.connect("doctree-resolved", _drop_labels)
    app.connect("builder-inited", _add_status_css)
    app.connect("env-updated", _write_status_css)
    app.add_config_value("algokader_measure_algorithms", False, "env", types=frozenset({bool}))
    add_placeholder_node(app, algokader_view)
    for name in VIEW_DIRECTIVES:
        app.add_directive(name, ViewDirective)
    app.add_post_transform(ResolveViews)
    app.add_config_value("algokader_statuses", {}, "env", types=frozenset({dict}))
