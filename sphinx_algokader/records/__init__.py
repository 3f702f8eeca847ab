"""Compliance records: per algorithm, what an organisation did about each measure.

The records ride the data flow of the framework's lists (``STYLE.md``,
"Records of an organisation"):

* ``model.py``: an algorithm record (``algoritme:`` front matter) and its
  status file, decoded with problems reported, never dropped;
* ``assess.py``: applicable requirements, relevant measures and coverage,
  derived once per build from the index;
* ``views.py``: the markers and directives, their rows and tables;
* ``charts.py``: the charts, as SVG in HTML and coloured rules in LaTeX;
* ``check.py``: problems that need the whole handbook (unknown measures,
  duplicate ids, evidence that links nowhere);
* ``systemcard.py``: the ``algokader-systemcard`` builder (MinBZK/amt).

The collector (``collector.py``) stores records and views in the same
``Store`` as items and lists; ``export.py`` adds them to ``algokader.json``.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    from sphinx_algokader.records import charts, systemcard, views

    views.setup(app)
    charts.setup(app)
    app.add_builder(systemcard.SystemCardBuilder)
    app.add_config_value("algokader_systemcard_own_items", False, "", types=frozenset({bool}))
