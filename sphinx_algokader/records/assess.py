"""Coverage: what an algorithm's records mean against the framework.

Computed once per build from the index (``Index.memo``), never per page:
the status table, the requirement table, the overview, the charts, the
JSON export and the system cards all read the same ``Assessment``.

* The **applicable requirements** of an algorithm are those that apply to
  its ``profiel`` (``profile.applies``); all, when it has none.
* Its **relevant measures** are those whose ``vereiste:`` names an
  applicable requirement. A relevant measure without a record is
  ``te-doen``.
* A requirement's **coverage** is ``afgedekt`` when it has relevant
  measures and all are finished (``gereed`` or ``niet-van-toepassing``),
  ``deels`` when some are, ``open`` when none are, and
  ``zonder-maatregel`` when no measure names it.
* With ``fase``, a measure whose lifecycle phases all lie after the
  current phase is *not yet due*: shown, but no gap. A **gap** is a due
  measure that is not finished.
* With ``editie``, each measure carries its change since that edition
  (``since``, from ``changes.changes_since``): a record of a measure that
  changed or was re-used since must be **checked again**; a measure added
  since is new, and without a record ``te-doen`` like any other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from sphinx_algokader.index import Index
from sphinx_algokader.model import Item
from sphinx_algokader.profile import applies, make_profile
from sphinx_algokader.records.model import (
    COVERAGES,
    DEFAULT_STATUS,
    FINISHED,
    STATUSES,
    Algorithm,
    MeasureRecord,
)

#: the lifecycle phases in order (the vocabulary's order of levenscyclus)
LIFECYCLE_KEY = "levenscyclus"


#: the changes since an edition that make a record one to check again
RECHECK_CHANGES = ("gewijzigd", "hergebruikt")


class MeasureStatus(NamedTuple):
    """A relevant measure of an algorithm, and what was done about it.

    A named tuple, its derived fields (``status`` to ``recheck``) worked
    out once by ``assess``: an assessment makes one per relevant measure,
    and the counts, checks and views read them many times over (a hundred
    algorithms: 9,000 statuses, 50,000 reads)."""

    measure: Item
    record: MeasureRecord | None
    #: the applicable requirements it serves, in index order
    requirements: tuple[Item, ...]
    #: False when all its phases lie after the algorithm's current phase
    due: bool
    #: its change since the edition of the records: "", "nieuw", "gewijzigd"
    #: or "hergebruikt"
    since: str
    #: its record's status, ``DEFAULT_STATUS`` without one
    status: str
    #: whether that status is one of ``FINISHED``
    finished: bool
    #: a gap: due and not finished
    gap: bool
    #: whether its record was made for a text that has changed since
    #: (``since`` in ``RECHECK_CHANGES``)
    recheck: bool


class RequirementCoverage(NamedTuple):
    requirement: Item
    coverage: str
    #: its relevant measures
    measures: tuple[Item, ...]
    finished: int


@dataclass(frozen=True)
class Assessment:
    algorithm: Algorithm
    requirements: tuple[RequirementCoverage, ...]
    measures: tuple[MeasureStatus, ...]
    #: records whose measure is in the index but not relevant to the profile
    not_relevant: tuple[MeasureRecord, ...]
    #: records naming no measure of the index
    unknown: tuple[MeasureRecord, ...]
    #: records of a measure that an earlier record (the front matter's) already gave
    overridden: tuple[MeasureRecord, ...] = ()

    def summary(self) -> dict[str, int]:
        """The counts of the JSON export's ``samenvatting``, and of the
        summary line and charts."""
        return dict(self._counts)

    @cached_property
    def _counts(self) -> dict[str, int]:
        counts = {"vereisten": len(self.requirements)}
        counts.update({c: 0 for c in COVERAGES})
        for requirement in self.requirements:
            counts[requirement.coverage] += 1
        counts["maatregelen"] = len(self.measures)
        counts.update({s: 0 for s in STATUSES})
        for measure in self.measures:
            counts[measure.status] += 1
        counts["nog-niet-aan-de-beurt"] = sum(1 for m in self.measures if not m.due)
        counts["open-punten"] = sum(1 for m in self.measures if m.gap)
        return counts


def phase_order(vocabulary_values: Mapping[str, object]) -> dict[str, int]:
    return {value: n for n, value in enumerate(vocabulary_values)}


def named_measures(algorithm: Algorithm, index: Index) -> list[Item | None]:
    """The measure each record names (None for none), in record order."""
    return [index.resolve("maatregel", record.name) for record in algorithm.records]


def merged_records(algorithm: Algorithm, index: Index,
                   named: list[Item | None] | None = None) -> dict[str, MeasureRecord]:
    """measure docname -> its record; a record naming no measure is left
    out here (``Assessment.unknown`` keeps it). The first record of a
    measure wins: the front matter's come before the status file's.
    ``named``: ``named_measures``, when the caller has it already."""
    found: dict[str, MeasureRecord] = {}
    if named is None:
        named = named_measures(algorithm, index)
    for record, measure in zip(algorithm.records, named):
        if measure is not None:
            found.setdefault(measure.docname, record)
    return found


@dataclass(frozen=True)
class Plan:
    """What an assessment takes from the framework for one profile and
    phase order: the same for every algorithm with that profile, so made
    once per build (``Index.memo``)."""

    applicable: tuple[Item, ...]
    #: requirement docname -> its measures, in index order
    per_requirement: Mapping[str, tuple[Item, ...]]
    #: the relevant measures in table order (first phase, then index
    #: order), each with the applicable requirements it serves and its
    #: first phase (-1 for none known)
    measures: tuple[tuple[Item, tuple[Item, ...], int], ...]

    @cached_property
    def relevant(self) -> frozenset[str]:
        """The docnames of the relevant measures."""
        return frozenset(measure.docname for measure, _serves, _start in self.measures)

    @cached_property
    def measure_docnames(self) -> dict[str, tuple[str, ...]]:
        """requirement docname -> the docnames of its measures."""
        return {docname: tuple(m.docname for m in measures)
                for docname, measures in self.per_requirement.items()}


def assessment_plan(index: Index, profiel: tuple[tuple[str, str], ...],
                    phases: Mapping[str, int]) -> Plan:
    """The plan of a profile (``Algorithm.profiel``), once per build
    (``Index.memo``: (profile, phase order) -> plan)."""
    memo = index.memo("records.plans")
    key = (profiel, tuple(phases.items()))
    plan = memo.get(key)
    if plan is not None:
        return plan
    profile = make_profile(profiel)
    applicable = tuple(r for r in index.by_kind["vereiste"] if applies(r.labels, profile))
    serves: dict[str, list[Item]] = {}
    per_requirement: dict[str, tuple[Item, ...]] = {}
    for requirement in applicable:
        measures = tuple(sorted((index.items[d] for d in index.related.get(
            ("maatregel", "vereiste", requirement.docname), ())),
            key=lambda i: index.order[i.docname]))
        per_requirement[requirement.docname] = measures
        for measure in measures:
            serves.setdefault(measure.docname, []).append(requirement)

    def first_phase(item: Item) -> int:
        known = [phases[p] for p in item.labels.get(LIFECYCLE_KEY, ()) if p in phases]
        return min(known) if known else -1

    ordered = sorted(((index.items[d], tuple(r), first_phase(index.items[d]))
                      for d, r in serves.items()),
                     key=lambda m: (m[2], index.order[m[0].docname]))
    plan = memo[key] = Plan(applicable, per_requirement, tuple(ordered))
    return plan


def assess(index: Index, algorithm: Algorithm, phases: Mapping[str, int],
           since: Mapping[str, str] | None = None) -> Assessment:
    """``since``: measure docname -> its change since the records' edition."""
    since = since or {}
    plan = assessment_plan(index, algorithm.profiel, phases)
    named = named_measures(algorithm, index)
    records = merged_records(algorithm, index, named)
    current = phases.get(algorithm.fase)
    statuses = []
    for measure, serves, start in plan.measures:
        record = records.get(measure.docname)
        status = record.status if record is not None else DEFAULT_STATUS
        finished = status in FINISHED
        due = current is None or start <= current
        change = since.get(measure.docname, "")
        statuses.append(MeasureStatus(measure, record, serves, due, change, status, finished,
                                      due and not finished,
                                      record is not None and change in RECHECK_CHANGES))
    finished_measures = {m.measure.docname for m in statuses if m.finished}

    coverage: list[RequirementCoverage] = []
    measure_docnames = plan.measure_docnames
    for requirement in plan.applicable:
        measures = plan.per_requirement[requirement.docname]
        finished = len(finished_measures.intersection(measure_docnames[requirement.docname]))
        if not measures:
            value = "zonder-maatregel"
        elif finished == len(measures):
            value = "afgedekt"
        elif finished:
            value = "deels"
        else:
            value = "open"
        coverage.append(RequirementCoverage(requirement, value, measures, finished))

    unknown, not_relevant, overridden = [], [], []
    for record, measure in zip(algorithm.records, named):
        if measure is None:
            unknown.append(record)
        elif records[measure.docname] is not record:
            overridden.append(record)
        elif measure.docname not in plan.relevant:
            not_relevant.append(record)
    return Assessment(algorithm, tuple(coverage), tuple(statuses), tuple(not_relevant),
                      tuple(unknown), tuple(overridden))
