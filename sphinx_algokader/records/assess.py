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


@dataclass(frozen=True)
class MeasureStatus:
    """A relevant measure of an algorithm, and what was done about it."""

    measure: Item
    record: MeasureRecord | None
    #: the applicable requirements it serves, in index order
    requirements: tuple[Item, ...]
    #: False when all its phases lie after the algorithm's current phase
    due: bool
    #: its change since the edition of the records: "", "nieuw", "gewijzigd"
    #: or "hergebruikt"
    since: str = ""

    @property
    def status(self) -> str:
        return self.record.status if self.record is not None else DEFAULT_STATUS

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def gap(self) -> bool:
        return self.due and not self.finished

    @property
    def recheck(self) -> bool:
        """Whether its record was made for a text that has changed since."""
        return self.record is not None and self.since in ("gewijzigd", "hergebruikt")


@dataclass(frozen=True)
class RequirementCoverage:
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


def merged_records(algorithm: Algorithm, index: Index) -> dict[str, MeasureRecord]:
    """measure docname -> its record; a record naming no measure is left
    out here (``Assessment.unknown`` keeps it). The first record of a
    measure wins: the front matter's come before the status file's."""
    found: dict[str, MeasureRecord] = {}
    for record in algorithm.records:
        measure = index.resolve("maatregel", record.name)
        if measure is not None:
            found.setdefault(measure.docname, record)
    return found


def assess(index: Index, algorithm: Algorithm, phases: Mapping[str, int],
           since: Mapping[str, str] | None = None) -> Assessment:
    """``since``: measure docname -> its change since the records' edition."""
    since = since or {}
    profile = make_profile(algorithm.profiel)
    applicable = [r for r in index.by_kind["vereiste"] if applies(r.labels, profile)]
    records = merged_records(algorithm, index)
    current = phases.get(algorithm.fase)

    # measure docname -> the applicable requirements it serves
    serves: dict[str, list[Item]] = {}
    per_requirement: dict[str, list[Item]] = {}
    for requirement in applicable:
        measures = sorted((index.items[d] for d in index.related.get(
            ("maatregel", "vereiste", requirement.docname), ())),
            key=lambda i: index.order[i.docname])
        per_requirement[requirement.docname] = measures
        for measure in measures:
            serves.setdefault(measure.docname, []).append(requirement)

    def first_phase(item: Item) -> int:
        known = [phases[p] for p in item.labels.get(LIFECYCLE_KEY, ()) if p in phases]
        return min(known) if known else -1

    statuses: list[MeasureStatus] = []
    for docname in serves:
        measure = index.items[docname]
        start = first_phase(measure)
        due = current is None or start <= current
        statuses.append(MeasureStatus(measure, records.get(docname), tuple(serves[docname]), due,
                                      since.get(docname, "")))
    statuses.sort(key=lambda m: (first_phase(m.measure), index.order[m.measure.docname]))
    status_of = {m.measure.docname: m for m in statuses}

    coverage: list[RequirementCoverage] = []
    for requirement in applicable:
        measures = per_requirement[requirement.docname]
        finished = sum(1 for m in measures if status_of[m.docname].finished)
        if not measures:
            value = "zonder-maatregel"
        elif finished == len(measures):
            value = "afgedekt"
        elif finished:
            value = "deels"
        else:
            value = "open"
        coverage.append(RequirementCoverage(requirement, value, tuple(measures), finished))

    unknown, not_relevant = [], []
    for record in algorithm.records:
        measure = index.resolve("maatregel", record.name)
        if measure is None:
            unknown.append(record)
        elif measure.docname not in serves and records.get(measure.docname) is record:
            not_relevant.append(record)
    overridden = tuple(r for r in algorithm.records
                       if (m := index.resolve("maatregel", r.name)) is not None
                       and records[m.docname] is not r)
    return Assessment(algorithm, tuple(coverage), tuple(statuses), tuple(not_relevant),
                      tuple(unknown), overridden)
