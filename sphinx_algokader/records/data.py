"""Algorithm records as plain data: what ``algokader-json`` writes under
``algoritmen`` and what the system cards (``systemcard.py``) are made from.

Read from the build's assessments (``views.assessments``): no export
derives coverage on its own.
"""

from __future__ import annotations

from typing import Any

from sphinx.environment import BuildEnvironment

from sphinx_algokader.changes import changes_since
from sphinx_algokader.index import get_index
from sphinx_algokader.model import Item
from sphinx_algokader.records.assess import Assessment
from sphinx_algokader.records.model import MeasureRecord
from sphinx_algokader.records.views import assessments


def item_urn(item: Item) -> str:
    """An item's URN, or ``doc:<docname>`` for one without."""
    return item.urn if item.urn.startswith("urn:") else f"doc:{item.docname}"


def _record(urn: str, status: str, record: MeasureRecord | None, **extra: Any) -> dict[str, Any]:
    return {"urn": urn, "status": status,
            "toelichting": record.toelichting if record else "",
            "verantwoordelijke": record.verantwoordelijke if record else "",
            "bewijs": list(record.bewijs) if record else [], **extra}


def algorithm_data(env: BuildEnvironment, a: Assessment) -> dict[str, Any]:
    algorithm = a.algorithm
    index = get_index(env)
    profile: dict[str, list[str]] = {}
    for key, value in algorithm.profiel:
        profile.setdefault(key, []).append(value)
    # an editie of which the build has no data: not checked, so not "false"
    checked = not algorithm.editie or changes_since(env, algorithm.editie) is not None
    measures = [_record(item_urn(m.measure), m.status, m.record, relevant=True, due=m.due,
                        vereisten=[item_urn(r) for r in m.requirements],
                        wijziging=m.since or None,
                        **{"opnieuw-controleren": m.recheck if checked else None})
                for m in a.measures]
    for record in a.not_relevant:  # kept, so that nothing written is lost
        measure = index.resolve("maatregel", record.name)
        assert measure is not None
        measures.append(_record(item_urn(measure), record.status, record, relevant=False,
                                due=True, vereisten=[], wijziging=None,
                                **{"opnieuw-controleren": False}))
    return {
        "id": algorithm.id,
        "docname": algorithm.docname,
        "title": algorithm.title,
        "eigenaar": algorithm.eigenaar,
        "fase": algorithm.fase or None,
        "editie": algorithm.editie or None,
        "profiel": profile,
        "vereisten": [{"urn": item_urn(c.requirement), "dekking": c.coverage}
                      for c in a.requirements],
        "maatregelen": measures,
        # (a typo, or a measure removed since: warned, and kept here as written)
        "onbekende-maatregelen": [{"naam": r.name, "status": r.status,
                                   "toelichting": r.toelichting,
                                   "verantwoordelijke": r.verantwoordelijke,
                                   "bewijs": list(r.bewijs)} for r in a.unknown],
        "samenvatting": a.summary(),
    }


def algorithms_data(env: BuildEnvironment) -> list[dict[str, Any]]:
    return [algorithm_data(env, a) for a in assessments(env)]
