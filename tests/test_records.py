"""Compliance records: algorithm pages, their coverage, views, exports and warnings.

The handbook in ``roots/test-records`` has its own small framework, small
enough to work coverage out by hand. Its requirements (path order), their
AI Act labels, and the measures that name them in ``vereiste:``:

* aia-01: ai-systeem, hoog-risico only; named by owp-01, imp-01, mon-01
* aia-02: ai-systeem, hoog- and geen-hoog-risico; named by org-01, imp-01
* avg-01: no AI Act labels (always applies); named by org-01, pba-01
* avg-02: no AI Act labels; named by org-02, owk-01, mon-01
* woo-01: no AI Act labels; named by no measure (zonder-maatregel)

The measures and their first lifecycle phase, which orders the status table
(not the path order: ``0-org-02`` belongs to the last phase): org-01 (0
organisatieverantwoordelijkheden), pba-01 (1 probleemanalyse), owp-01 (2
ontwerp), dat-01 (3; names no requirement, so never relevant), owk-01 (4
ontwikkelen), imp-01 (6 implementatie, also 7), mon-01 (7 monitoring en
beheer), org-02 (8 uitfaseren).

Three algorithms (see the ``EXPECTED`` table below for the worked-out rows):

* ``chatbot`` (geen-hoog-risico AI, fase ontwikkelen, records in the front
  matter and in ``chatbot-status.csv``): aia-01 does not apply, so owp-01 is
  not relevant; imp-01, mon-01 and org-02 lie after ontwikkelen and are not
  yet due;
* ``risicomodel`` (hoog-risico AI, no fase): all five requirements apply;
* ``rekenregel`` (no profiel: all requirements, fase monitoring-en-beheer):
  only org-02 (uitfaseren) is not yet due.

Expected values are written out here, by hand; none is computed with the
extension's own code.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
from collections import Counter
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import (
    ROOTS,
    build,
    embedded_handbook,
    mtimes,
    resolved,
    table_rows,
    warnings_of,
)

ROOT = ROOTS / "test-records"

# --------------------------------------------------------------------------
# the hand-worked expectations

ORG = "Organisatieverantwoordelijkheden"
PBA = "Probleemanalyse"
OWP = "Ontwerp"
OWK = "Ontwikkelen"
IMP_MON = "Implementatie, Monitoring en beheer"
MON = "Monitoring en beheer"
UIT = "Uitfaseren"

#: measure code -> (phase cell, title)
MEASURES = {
    "org-01": (ORG, "Stel beleid vast"),
    "pba-01": (PBA, "Beschrijf het doel"),
    "owp-01": (OWP, "Analyseer de risico's"),
    "owk-01": (OWK, "Leg bewaartermijnen vast"),
    "imp-01": (IMP_MON, "Leg de werking uit"),
    "mon-01": (MON, "Monitor de werking"),
    "org-02": (UIT, "Evalueer bij het uitfaseren"),
}
MEASURE_BY_TITLE = {title: code for code, (_, title) in MEASURES.items()}
#: requirement code -> title
REQUIREMENTS = {
    "aia-01": "Hoog-risico-AI heeft een risicobeheersysteem",
    "aia-02": "AI-systemen zijn transparant",
    "avg-01": "Persoonsgegevens worden rechtmatig verwerkt",
    "avg-02": "Persoonsgegevens worden niet langer bewaard dan nodig",
    "woo-01": "Informatie is openbaar",
}
STATUS_NL = {"te-doen": "Te doen", "in-uitvoering": "In uitvoering",
             "ter-beoordeling": "Ter beoordeling", "gereed": "Gereed",
             "niet-van-toepassing": "Niet van toepassing"}
COVERAGE_NL = {"afgedekt": "Afgedekt", "deels": "Deels", "open": "Open",
               "zonder-maatregel": "Zonder maatregel"}
DPIA = "DPIA Chatbot"  # the evidence page, shown by its title

#: algorithm id -> what a reader should see, worked out by hand.
#: measures: (code, status, due, toelichting, verantwoordelijke, bewijs, the
#: applicable requirements it serves), in lifecycle-phase order;
#: requirements: (code, dekking, finished, of), in path order.
EXPECTED = {
    "chatbot": {
        "docname": "algoritmen/chatbot", "title": "Chatbot Burgerzaken",
        "eigenaar": "Team Burgerzaken", "fase": "ontwikkelen",
        "profiel": {"risicogroep": ["geen-hoog-risico-ai-systeem"],
                    "soort-toepassing": ["ai-systeem"]},
        "measures": [
            # front matter
            ("org-01", "gereed", True, "Beleid vastgesteld door de directie.", "A. de Boer",
             [DPIA, "https://intranet.example/beleid"], ["aia-02", "avg-01"]),
            # chatbot-status.csv, bewijs split on ";"
            ("pba-01", "in-uitvoering", True, "Doel in concept", "K. de Vries",
             [DPIA, "https://example.org/doel"], ["avg-01"]),
            # no record: te-doen, due: a gap
            ("owk-01", "te-doen", True, "", "", [], ["avg-02"]),
            # chatbot-status.csv (named by file name); implementatie > ontwikkelen
            ("imp-01", "niet-van-toepassing", False, "Geen eindgebruikers", "", [], ["aia-02"]),
            ("mon-01", "te-doen", False, "", "", [], ["avg-02"]),
            ("org-02", "te-doen", False, "", "", [], ["avg-02"]),
        ],
        "requirements": [("aia-02", "afgedekt", 2, 2), ("avg-01", "deels", 1, 2),
                         ("avg-02", "open", 0, 3), ("woo-01", "zonder-maatregel", 0, 0)],
        "samenvatting": {"vereisten": 4, "afgedekt": 1, "deels": 1, "open": 1,
                         "zonder-maatregel": 1, "maatregelen": 6, "te-doen": 3,
                         "in-uitvoering": 1, "ter-beoordeling": 0, "gereed": 1,
                         "niet-van-toepassing": 1, "nog-niet-aan-de-beurt": 3,
                         "open-punten": 2},
        "summary": "Maatregelen: 6, waarvan 2 afgerond (gereed of niet van toepassing); "
                   "2 open punten. Vereisten: 4, waarvan 1 afgedekt, 1 deels, 1 open en "
                   "1 zonder maatregel. 3 maatregelen zijn nog niet aan de beurt.",
        "overview": ["Chatbot Burgerzaken", "Team Burgerzaken", "Ontwikkelen",
                     "Geen hoog-risico-AI-systeem", "2/6", "1/4", "2"],
    },
    "rekenregel": {
        "docname": "algoritmen/rekenregel", "title": "Rekenregel Parkeren",
        "eigenaar": "Team Parkeren", "fase": "monitoring-en-beheer", "profiel": {},
        "measures": [
            ("org-01", "gereed", True, "", "", [], ["aia-02", "avg-01"]),
            ("pba-01", "gereed", True, "", "", [], ["avg-01"]),
            ("owp-01", "niet-van-toepassing", True, "Geen AI.", "", [], ["aia-01"]),
            ("owk-01", "gereed", True, "", "", [], ["avg-02"]),
            ("imp-01", "gereed", True, "", "", [], ["aia-01", "aia-02"]),
            ("mon-01", "in-uitvoering", True, "Dashboard in aanbouw.", "", [],
             ["aia-01", "avg-02"]),
            ("org-02", "te-doen", False, "", "", [], ["avg-02"]),
        ],
        "requirements": [("aia-01", "deels", 2, 3), ("aia-02", "afgedekt", 2, 2),
                         ("avg-01", "afgedekt", 2, 2), ("avg-02", "deels", 1, 3),
                         ("woo-01", "zonder-maatregel", 0, 0)],
        "samenvatting": {"vereisten": 5, "afgedekt": 2, "deels": 2, "open": 0,
                         "zonder-maatregel": 1, "maatregelen": 7, "te-doen": 1,
                         "in-uitvoering": 1, "ter-beoordeling": 0, "gereed": 4,
                         "niet-van-toepassing": 1, "nog-niet-aan-de-beurt": 1,
                         "open-punten": 1},
        "summary": "Maatregelen: 7, waarvan 5 afgerond (gereed of niet van toepassing); "
                   "1 open punt. Vereisten: 5, waarvan 2 afgedekt, 2 deels, 0 open en "
                   "1 zonder maatregel. 1 maatregel is nog niet aan de beurt.",
        "overview": ["Rekenregel Parkeren", "Team Parkeren", "Monitoring en beheer", "",
                     "5/7", "2/5", "1"],
    },
    "risicomodel": {
        "docname": "algoritmen/risicomodel", "title": "Risicomodel Toeslagen",
        "eigenaar": "Team Toeslagen", "fase": None,
        "profiel": {"risicogroep": ["hoog-risico-ai-systeem"],
                    "soort-toepassing": ["ai-systeem"]},
        "measures": [
            ("org-01", "te-doen", True, "", "", [], ["aia-02", "avg-01"]),
            ("pba-01", "te-doen", True, "", "", [], ["avg-01"]),
            ("owp-01", "gereed", True, "", "", [], ["aia-01"]),
            ("owk-01", "te-doen", True, "", "", [], ["avg-02"]),
            ("imp-01", "gereed", True, "Handleiding gepubliceerd.", "", [],
             ["aia-01", "aia-02"]),
            ("mon-01", "ter-beoordeling", True, "", "FG", ["https://example.org/monitor"],
             ["aia-01", "avg-02"]),
            ("org-02", "te-doen", True, "", "", [], ["avg-02"]),
        ],
        "requirements": [("aia-01", "deels", 2, 3), ("aia-02", "deels", 1, 2),
                         ("avg-01", "open", 0, 2), ("avg-02", "open", 0, 3),
                         ("woo-01", "zonder-maatregel", 0, 0)],
        "samenvatting": {"vereisten": 5, "afgedekt": 0, "deels": 2, "open": 2,
                         "zonder-maatregel": 1, "maatregelen": 7, "te-doen": 4,
                         "in-uitvoering": 0, "ter-beoordeling": 1, "gereed": 2,
                         "niet-van-toepassing": 0, "nog-niet-aan-de-beurt": 0,
                         "open-punten": 5},
        "summary": "Maatregelen: 7, waarvan 2 afgerond (gereed of niet van toepassing); "
                   "5 open punten. Vereisten: 5, waarvan 0 afgedekt, 2 deels, 2 open en "
                   "1 zonder maatregel.",
        "overview": ["Risicomodel Toeslagen", "Team Toeslagen", "", "Hoog-risico-AI-systeem",
                     "2/7", "0/5", "5"],
    },
}
OVERVIEW_SUMMARY = "3 algoritmen; samen 8 open punten."

STATUS_HEADER = ["Fase", "Maatregel", "Status", "Toelichting", "Verantwoordelijke", "Bewijs",
                 "Vereisten"]
REQUIREMENT_HEADER = ["ID", "Vereiste", "Dekking", "Maatregelen afgerond"]
OVERVIEW_HEADER = ["Algoritme", "Eigenaar", "Fase", "Risicogroep", "Maatregelen afgerond",
                   "Vereisten afgedekt", "Open punten"]


def status_cell(status: str, due: bool) -> str:
    return STATUS_NL[status] + ("" if due else " (nog niet aan de beurt)")


def status_rows(algorithm: str) -> list[tuple[str, list[str]]]:
    """(row classes, cells) of an algorithm's status table, from EXPECTED."""
    rows = []
    for code, status, due, reason, who, evidence, requirements in \
            EXPECTED[algorithm]["measures"]:
        phase, title = MEASURES[code]
        classes = f"algokader-row algokader-badge-{status}" + ("" if due else
                                                               " algokader-not-due")
        rows.append((classes, [phase, title, status_cell(status, due), reason, who,
                               ", ".join(evidence), ", ".join(requirements)]))
    return rows


def requirement_rows(algorithm: str) -> list[tuple[str, list[str]]]:
    return [(f"algokader-row algokader-badge-{coverage}",
             [code, REQUIREMENTS[code], COVERAGE_NL[coverage],
              f"{done} van {of}" if of else ""])
            for code, coverage, done, of in EXPECTED[algorithm]["requirements"]]


# --------------------------------------------------------------------------
# reading the HTML output


class _Views(HTMLParser):
    """The records views of an HTML page: per view container, its kind,
    summary, chart, caption, header, and rows (classes, cell texts, hrefs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.views: list[dict] = []
        self._text: list[str] | None = None
        self._where = ""
        self._row: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "algokader-records" in classes:
            kind = next(c for c in classes if c.startswith("algokader-")
                        and c not in ("algokader-list", "algokader-records"))
            self.views.append({"kind": kind.removeprefix("algokader-"), "id": a.get("id"),
                               "summary": None, "chart": None, "caption": None,
                               "table_classes": [], "header": [], "rows": [],
                               "empty": None})
        elif not self.views:
            return
        view = self.views[-1]
        if tag == "p" and "algokader-summary" in classes:
            self._text, self._where = [], "summary"
        elif tag == "p" and "algokader-empty" in classes:
            self._text, self._where = [], "empty"
        elif "algokader-chart" in classes and view["chart"] is None \
                and not view["rows"] and not view["header"]:
            view["chart"] = tag  # an inline <svg> or an <img> (or their <figure>)
        elif tag == "table" and "algokader-table" in classes and not view["table_classes"]:
            view["table_classes"] = classes
        elif tag == "caption":
            self._text, self._where = [], "caption"
        elif tag == "th":
            self._text, self._where = [], "th"
        elif tag == "tr" and "algokader-row" in classes:  # a body row
            self._row = {"classes": " ".join(c for c in classes
                                             if c not in ("row-odd", "row-even")),
                         "cells": [], "hrefs": []}
        elif tag == "td" and self._row is not None:
            self._text, self._where = [], "td"
            self._row["hrefs"].append([])
        elif tag == "a" and self._row is not None and self._where == "td":
            self._row["hrefs"][-1].append(a.get("href"))

    def handle_endtag(self, tag):
        if not self.views:
            return
        view = self.views[-1]
        text = "".join(self._text).strip() if self._text is not None else ""
        if tag == "p" and self._where in ("summary", "empty") and self._text is not None:
            view[self._where] = text
            self._text = None
        elif tag == "caption" and self._text is not None:
            view["caption"] = text.rstrip("¶").strip()
            self._text = None
        elif tag == "th" and self._where == "th":
            view["header"].append(text)
            self._text = None
        elif tag == "td" and self._where == "td" and self._row is not None:
            self._row["cells"].append(text)
            self._text = None
        elif tag == "tr" and self._row is not None:
            view["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._text is not None:  # as a reader reads it: soft hyphens are no text
            self._text.append(data.replace("\u00ad", ""))


def views_of(path: Path) -> list[dict]:
    parser = _Views()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.views


def rows_of(view: dict) -> list[tuple[str, list[str]]]:
    return [(row["classes"], row["cells"]) for row in view["rows"]]


TABLE_RE = re.compile(r"<table class=\"algokader-table.*?</table>", re.DOTALL)


def tables_html(path: Path) -> list[str]:
    """The records tables of a page as HTML, without their (per-page) ids."""
    text = path.read_text(encoding="utf-8")
    return [re.sub(r' id="[^"]*"', "", table) for table in TABLE_RE.findall(text)]


def copy_root(folder: Path, pages: dict[str, str] | None = None) -> Path:
    """The test root in ``folder``, with ``pages`` (path below
    ``algoritmen/`` -> text, UTF-8) added or replaced."""
    shutil.copytree(ROOT, folder, ignore=shutil.ignore_patterns("_build"))
    for name, text in (pages or {}).items():
        (folder / "algoritmen" / name).write_text(text, encoding="utf-8")
    return folder


# --------------------------------------------------------------------------
# one HTML build of the test root, for the tests that only read it


@pytest.fixture(scope="module")
def html_app(tmp_path_factory):
    return build(copy_root(tmp_path_factory.mktemp("records") / "src"))


def page(app, docname: str) -> Path:
    return Path(app.outdir) / f"{docname}.html"


def test_clean_handbook_has_no_warnings(html_app):
    assert warnings_of(html_app) == []


@pytest.mark.parametrize("algorithm", sorted(EXPECTED))
def test_status_table_is_worked_out_by_hand(html_app, algorithm):
    status, requirements = views_of(page(html_app, EXPECTED[algorithm]["docname"]))
    assert status["kind"] == "status"
    assert "algokader-status" in status["table_classes"]
    assert status["header"] == STATUS_HEADER
    assert rows_of(status) == status_rows(algorithm)
    assert status["summary"] == EXPECTED[algorithm]["summary"]
    assert status["chart"]

    assert requirements["kind"] == "vereisten"
    assert requirements["header"] == REQUIREMENT_HEADER
    assert rows_of(requirements) == requirement_rows(algorithm)


def test_overview_table_is_worked_out_by_hand(html_app):
    (overview,) = views_of(page(html_app, "algoritmen/overzicht"))
    assert "algokader-overview" in overview["table_classes"]
    assert overview["header"] == OVERVIEW_HEADER
    # one row per algorithm, in page order; titles link to the algorithm pages
    assert [cells for _, cells in rows_of(overview)] == [
        EXPECTED[a]["overview"] for a in ("chatbot", "rekenregel", "risicomodel")]
    assert [row["hrefs"][0] for row in overview["rows"]] == [
        ["chatbot.html"], ["rekenregel.html"], ["risicomodel.html"]]
    assert overview["summary"] == OVERVIEW_SUMMARY
    assert overview["chart"]


def test_each_records_table_is_a_download_of_the_table_as_shown(html_app):
    """As every framework list, each records view offers its table as CSV,
    beside the page: the header and the cells a reader sees."""
    import csv

    html = page(html_app, "algoritmen/chatbot").read_text(encoding="utf-8")
    names = re.findall(r'<a href="([^"]+\.csv)" download>CSV<span ', html)
    assert names == ["chatbot.algokader-status-1.csv", "chatbot.algokader-vereisten-1.csv"]
    status, requirements = views_of(page(html_app, "algoritmen/chatbot"))
    for name, view in zip(names, (status, requirements)):
        text = (Path(html_app.outdir) / "algoritmen" / name).read_text(encoding="utf-8-sig")
        header, *rows = list(csv.reader(io.StringIO(text)))
        assert header == view["header"]
        assert rows == [cells for _, cells in rows_of(view)]
    overview = page(html_app, "algoritmen/overzicht").read_text(encoding="utf-8")
    assert 'href="overzicht.algokader-overzicht-1.csv" download' in overview


def test_links_in_the_status_table(html_app):
    (status, _) = views_of(page(html_app, "algoritmen/chatbot"))
    org_01 = status["rows"][0]
    # title -> the measure; bewijs -> a page beside the record and a URL;
    # vereisten -> the requirements it serves
    assert org_01["hrefs"][1] == ["../maatregelen/0-org-01-beleid.html"]
    assert org_01["hrefs"][5] == ["dpia.html", "https://intranet.example/beleid"]
    assert org_01["hrefs"][6] == ["../vereisten/aia-02-transparantie.html",
                                  "../vereisten/avg-01-rechtmatig.html"]


def test_evidence_with_an_anchor_links_to_that_section(tmp_path):
    """``dpia#conclusie`` links to the section in HTML (and in singlehtml,
    whose page URIs are fragments themselves); an id the page does not
    have is reported at the record's line; a PDF links to the page."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "dpia.md").write_text(
        "# DPIA Chatbot\n\nHet bewijs.\n\n## Conclusie\n\nGeen volledige DPIA nodig.\n",
        encoding="utf-8")
    chatbot = src / "algoritmen" / "chatbot.md"
    chatbot.write_text(chatbot.read_text(encoding="utf-8").replace(
        "bewijs: [dpia, https://intranet.example/beleid]",
        "bewijs: [dpia#conclusie, /algoritmen/dpia.md#bestaat-niet]"), encoding="utf-8")
    app = build(src)
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("chatbot.md", "11", "algokader.evidence_link")]  # the record's line
    assert "links to #bestaat-niet, which is no section or target of algoritmen/dpia" in \
        warnings_of(app)[0][2]
    (status, _) = views_of(page(app, "algoritmen/chatbot"))
    assert status["rows"][0]["hrefs"][5] == ["dpia.html#conclusie", "dpia.html#bestaat-niet"]
    assert status["rows"][0]["cells"][5] == "DPIA Chatbot, DPIA Chatbot"

    single = build(src, "singlehtml")
    text = (Path(single.outdir) / "index.html").read_text(encoding="utf-8")
    assert '<a class="reference internal" href="#conclusie">' in text
    assert 'id="conclusie"' in text
    latex = build(src, "latex")
    assert [sub for _f, _l, _m, sub in warnings_of(latex)] == ["algokader.evidence_link"]


def test_a_front_matter_of_only_the_record_builds_without_a_warning(tmp_path):
    """The page's heading names the algorithm; MyST, left an empty front
    matter once the record is taken out, must not warn (``-W`` builds)."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "kaal.md").write_text(
        "---\nalgoritme:\n  id: kaal\n---\n\n# Kale rekenregel\n\n<!-- algoritme_status -->\n",
        encoding="utf-8")
    (src / "algoritmen" / "plat.md").write_text(
        "---\nalgoritme: {id: plat}\n---\n# Platte rekenregel\n", encoding="utf-8")
    app = build(src)
    assert [w for w in warnings_of(app) if w[0] in ("kaal.md", "plat.md")] == []
    (status,) = views_of(page(app, "algoritmen/kaal"))
    assert status["rows"]  # every relevant measure, te-doen
    names = {a["id"]: a["title"] for a in json.loads(
        build(src, "algokader-json").outdir.joinpath("algokader.json").read_text())["algoritmen"]}
    assert (names["kaal"], names["plat"]) == ("Kale rekenregel", "Platte rekenregel")


def test_statuses_may_be_written_as_the_handbooks_own_names(tmp_path):
    """With algokader_statuses naming gereed "Afgerond", a team that types
    what its tables show into its records or spreadsheet is understood, in
    the front matter, the status file and a view's status/ filter."""
    src = copy_root(tmp_path / "src")
    chatbot = src / "algoritmen" / "chatbot.md"
    chatbot.write_text(chatbot.read_text(encoding="utf-8").replace(
        "      status: gereed\n", "      status: afgerond\n").replace(
        "<!-- algoritme_status -->", "<!-- algoritme_status -->\n\n"
        "<!-- algoritme_status status/Afgerond -->"), encoding="utf-8")
    status_file = src / "algoritmen" / "chatbot-status.csv"
    status_file.write_text(status_file.read_text(encoding="utf-8").replace(
        "pba-01,in-uitvoering,", "pba-01,Loopt nog,"), encoding="utf-8")
    app = build(src, confoverrides={"algokader_statuses": {
        "gereed": {"nl": "Afgerond"}, "in-uitvoering": {"nl": "Loopt nog", "en": "Ongoing"}}})
    assert [w for w in warnings_of(app) if w[3] in ("algokader.unknown_status",
                                                     "algokader.bad_token")] == []
    (all_rows, done, _) = views_of(page(app, "algoritmen/chatbot"))
    cells = {row["cells"][1]: row["cells"][2] for row in all_rows["rows"]}
    assert cells["Stel beleid vast"] == "Afgerond" and cells["Beschrijf het doel"] == "Loopt nog"
    assert [row["cells"][1] for row in done["rows"]] == ["Stel beleid vast"]
    # the summary names the statuses as the table does; a default name stays lower case
    assert "afgerond (Afgerond of niet van toepassing)" in all_rows["summary"]


@pytest.mark.parametrize("statuses, named", [
    ({"ter-beoordeling": {"nl": "Gereed"}}, "'Gereed' is also how 'gereed'"),
    ({"ter-beoordeling": {"en": "Not applicable"}}, "how 'niet-van-toepassing'"),
    ({"gereed": {"nl": "Klaar"}, "niet-van-toepassing": {"en": "klaar"}}, "how 'gereed'"),
])
def test_a_status_name_that_names_another_status_is_refused(statuses, named):
    """A record that says "gereed" must not be read as ter-beoordeling
    because the handbook named ter-beoordeling "Gereed": the setting is
    refused when it is read, naming the clash."""
    from sphinx.errors import ConfigError

    from sphinx_algokader.records.views import check_statuses

    class Config:
        algokader_statuses = statuses

    with pytest.raises(ConfigError, match=named):
        check_statuses(None, Config())
    Config.algokader_statuses = {"ter-beoordeling": {"nl": "Ter beoordeling", "en": "Review"},
                                 "gereed": {"nl": "Afgerond", "en": "Afgerond"}}
    check_statuses(None, Config())  # its own default name, or one name in both languages


def test_an_id_or_edition_yaml_reads_as_a_number_is_reported(tmp_path):
    """``id: 0123`` is 83 to YAML and ``editie: 2026.10`` is 2026.1: the
    record would be exported under another id, and confirmed against
    another edition, without a word. Each gets a warning at its line."""
    src = copy_root(tmp_path / "src", {
        "getal.md": "---\ntitle: Getal\nalgoritme:\n  id: 0123\n  editie: 2026.10\n"
                    "  maatregelen:\n    org-01: gereed\n---\n# Getal\n",
        # yes, no, on, off: a boolean to YAML
        "ja.md": "---\ntitle: Ja\nalgoritme:\n  eigenaar: Team\n  id: on\n---\n# Ja\n"})
    app = build(src)
    said = [(f, line, sub) for f, line, message, sub in warnings_of(app)
            if f in ("getal.md", "ja.md") and "to YAML" in message]
    assert said == [("getal.md", "4", "algokader.record"), ("getal.md", "5", "algokader.record"),
                    ("ja.md", "5", "algokader.record")]


def test_a_profile_problem_is_reported_at_its_line_in_the_profile(tmp_path):
    """An unknown key of the record and an unknown profiel label of the
    same name: each warning at its own line, not both at the first."""
    src = copy_root(tmp_path / "src", {
        "dubbel.md": "---\ntitle: Dubbel\nalgoritme:\n  id: dubbel\n  kleur: blauw\n"
                     "  profiel:\n    risicogroep: hoog-risico-ai-systeem\n    kleur: rood\n"
                     "---\n# Dubbel\n",
        # the record's key below the profiel
        "omgekeerd.md": "---\ntitle: Omgekeerd\nalgoritme:\n  id: omgekeerd\n  profiel:\n"
                        "    kleur: rood\n  kleur: blauw\n---\n# Omgekeerd\n"})
    app = build(src)
    said = sorted((f, line, sub) for f, line, message, sub in warnings_of(app)
                  if f in ("dubbel.md", "omgekeerd.md") and "kleur" in message)
    assert said == [("dubbel.md", "5", "algokader.record"), ("dubbel.md", "8", "algokader.bad_token"),
                    ("omgekeerd.md", "6", "algokader.bad_token"),
                    ("omgekeerd.md", "7", "algokader.record")]


def test_an_overview_filter_on_a_phase_a_record_has_is_no_unknown_value(tmp_path):
    """A record's unknown phase is reported at the record (unknown_phase);
    an overview filtered on it shows that algorithm, so it is not said to
    match nothing. A phase no record has still is."""
    src = copy_root(tmp_path / "src", {
        "bouw.md": "---\ntitle: Bouwwerk\nalgoritme:\n  id: bouw\n  fase: bouwen\n---\n"
                   "# Bouwwerk\n",
        # and a risk group of its own
        "groep.md": "---\ntitle: Eigen groep\nalgoritme:\n  id: groep\n  profiel:\n"
                    "    risicogroep: eigen-groep\n---\n# Eigen groep\n",
        "fasen.md": "# Fasen\n\n<!-- algoritmen_overzicht fase/bouwen no-chart -->\n\n"
                    "<!-- algoritmen_overzicht fase/slopen no-chart -->\n\n"
                    "<!-- algoritmen_overzicht risicogroep/Eigen-Groep no-chart -->\n"})
    app = build(src)
    said = [(f, line, sub) for f, line, _m, sub in warnings_of(app) if f == "fasen.md"]
    assert said == [("fasen.md", "5", "algokader.unknown_value")]
    building, demolishing, own = views_of(page(app, "algoritmen/fasen"))
    assert [cells[0] for _, cells in rows_of(building)] == ["Bouwwerk"]
    assert rows_of(demolishing) == []
    assert [cells[0] for _, cells in rows_of(own)] == ["Eigen groep"]


def test_a_legend_lists_the_statuses_in_workflow_order():
    """Whichever algorithm of an overview shows a status first, the legend
    reads te-doen, in-uitvoering, ter-beoordeling, gereed,
    niet-van-toepassing."""
    from sphinx_algokader.records.charts import _legend

    statuses = ["te-doen", "in-uitvoering", "ter-beoordeling", "gereed", "niet-van-toepassing"]

    def bar(label: str, counts: dict[str, int]) -> tuple:
        return label, [(key, key.upper(), "#000000", counts.get(key, 0)) for key in statuses]

    (group,) = _legend([bar("Eerste", {"gereed": 2, "niet-van-toepassing": 1}),
                        bar("Tweede", {"ter-beoordeling": 1, "te-doen": 3})])
    assert [key for key, _name, _colour in group[1]] == [
        "te-doen", "ter-beoordeling", "gereed", "niet-van-toepassing"]


def test_evidence_links_only_to_schemes_a_browser_opens_as_a_document(tmp_path):
    """An evidence URL of another scheme (javascript:, data:) would run code
    or show made-up content on a click: it is shown as text, with a warning
    at the record's line; the other URL schemes link, in any case."""
    src = copy_root(tmp_path / "src")
    chatbot = src / "algoritmen" / "chatbot.md"
    chatbot.write_text(chatbot.read_text(encoding="utf-8").replace(
        "bewijs: [dpia, https://intranet.example/beleid]",
        'bewijs: ["javascript://%0aalert(document.domain)", "JavaScript:alert(1)", '
        '"data:text/html,<script>alert(1)</script>", "HTTPS://Example.org/A", '
        '"ftp://files.example/b", "file://server/share/c.pdf", "mailto:a@example.org"]'),
        encoding="utf-8")
    app = build(src)
    warned = [(line, message) for name, line, message, kind in warnings_of(app)
              if kind == "algokader.evidence_link"]
    assert [(line, message.split("' of ")[0].split("evidence '")[1]) for line, message in warned] \
        == [("11", "javascript://%0aalert(document.domain)"), ("11", "JavaScript:alert(1)"),
            ("11", "data:text/html,<script>alert(1)</script>")]  # the line of org-01
    assert all("is a " in message and "not as a link" in message for _, message in warned)
    (status, _) = views_of(page(app, "algoritmen/chatbot"))
    assert status["rows"][0]["hrefs"][5] == [
        "HTTPS://Example.org/A", "ftp://files.example/b", "file://server/share/c.pdf",
        "mailto:a@example.org"]
    # the others as text, escaped
    html = page(app, "algoritmen/chatbot").read_text(encoding="utf-8")
    assert "javascript://%0aalert(document.domain), JavaScript:alert(1), " \
        "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;, " in html


def test_a_long_evidence_url_may_break_in_html_and_in_pdf_alike():
    """An evidence URL fits a narrow column: in HTML (<wbr />) and LaTeX (a
    zero-width space) it may break at the same places, also in a query
    string of % escapes, which has no "/" to break after."""
    from sphinx_algokader.table import _text, _url_html

    url = "https://intranet.example/sites/x?id=%2Fsites%2FShared%20Docs#p&q=1"
    html = _url_html(url)
    latex = _text(url, latex=True).astext()
    assert html.replace("<wbr />", "\u200b").replace("&amp;", "&") == latex
    assert latex.split("\u200b") == [
        "https://", "intranet.", "example/", "sites/", "x?", "id=", "%2Fsites", "%2FShared",
        "%20Docs#", "p&", "q=", "1"]
    assert "&amp;<wbr />q=" in html


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="/.?=&#_-%aZ \n\0\u200b", max_size=20))
def test_a_url_breaks_where_the_rule_says(url):
    """The breaks are made with str.replace, for speed: the same as the
    rule's regular expression, for any text."""
    from sphinx_algokader.table import _URL_BREAK_RE, url_breaks

    for mark in ("\0", "\u200b"):
        assert url_breaks(url, mark) == _URL_BREAK_RE.sub(mark, url)


def test_measure_pages_list_the_algorithms_that_record_them(html_app):
    header = ["Algoritme", "Eigenaar", "Status", "Toelichting", "Verantwoordelijke", "Bewijs"]
    expected = {
        # risicomodel has no record of org-01 or pba-01: no row
        "maatregelen/0-org-01-beleid": [
            ["Chatbot Burgerzaken", "Team Burgerzaken", "Gereed",
             "Beleid vastgesteld door de directie.", "A. de Boer",
             "DPIA Chatbot, https://intranet.example/beleid"],
            ["Rekenregel Parkeren", "Team Parkeren", "Gereed", "", "", ""]],
        "maatregelen/1-pba-01-doel": [
            ["Chatbot Burgerzaken", "Team Burgerzaken", "In uitvoering", "Doel in concept",
             "K. de Vries", "DPIA Chatbot, https://example.org/doel"],
            ["Rekenregel Parkeren", "Team Parkeren", "Gereed", "", "", ""]],
        # chatbot has no record of mon-01 (it is te-doen there, but unrecorded)
        "maatregelen/7-mon-01-monitor": [
            ["Rekenregel Parkeren", "Team Parkeren", "In uitvoering", "Dashboard in aanbouw.",
             "", ""],
            ["Risicomodel Toeslagen", "Team Toeslagen", "Ter beoordeling", "", "FG",
             "https://example.org/monitor"]],
    }
    for docname, rows in expected.items():
        (view,) = views_of(page(html_app, docname))
        assert view["kind"] == "maatregel"
        assert view["header"] == header, docname
        assert [cells for _, cells in rows_of(view)] == rows, docname
    # evidence is relative to the record's page, not to the measure page
    (view,) = views_of(page(html_app, "maatregelen/0-org-01-beleid"))
    assert view["rows"][0]["hrefs"][5] == ["../algoritmen/dpia.html",
                                           "https://intranet.example/beleid"]


# --- the AI Act profile and the current phase ------------------------------

def test_profile_limits_requirements_and_measures(html_app):
    def codes(docname):
        status, requirements = views_of(page(html_app, docname))
        return ([MEASURE_BY_TITLE[cells[1]] for _, cells in rows_of(status)],
                [cells[0] for _, cells in rows_of(requirements)])

    # geen-hoog-risico: aia-01 does not apply, and owp-01 (which serves only
    # aia-01) is no relevant measure; dat-01 serves nothing, anywhere
    measures, requirements = codes("algoritmen/chatbot")
    assert requirements == ["aia-02", "avg-01", "avg-02", "woo-01"]
    assert "owp-01" not in measures and "dat-01" not in measures
    # hoog-risico and no profiel at all: every requirement applies
    for docname in ("algoritmen/risicomodel", "algoritmen/rekenregel"):
        measures, requirements = codes(docname)
        assert requirements == ["aia-01", "aia-02", "avg-01", "avg-02", "woo-01"]
        assert measures == ["org-01", "pba-01", "owp-01", "owk-01", "imp-01", "mon-01",
                            "org-02"]


def test_fase_makes_later_measures_not_yet_due(html_app):
    status, _ = views_of(page(html_app, "algoritmen/chatbot"))
    not_due = [MEASURE_BY_TITLE[cells[1]] for classes, cells in rows_of(status)
               if "algokader-not-due" in classes.split()]
    # ontwikkelen: implementatie, monitoring en uitfaseren come later
    assert not_due == ["imp-01", "mon-01", "org-02"]
    # two te-doen rows are not yet due and are no open gaps: 2 open punten
    # (pba-01 in uitvoering, owk-01 te doen), not 4
    assert "; 2 open punten." in status["summary"]
    (overview,) = views_of(page(html_app, "algoritmen/overzicht"))
    assert rows_of(overview)[0][1][-1] == "2"
    # without fase every measure is due
    status, _ = views_of(page(html_app, "algoritmen/risicomodel"))
    assert not any("algokader-not-due" in classes for classes, _ in rows_of(status))


# --- the JSON export -------------------------------------------------------

def expected_json(algorithm: str) -> dict:
    e = EXPECTED[algorithm]
    measures = [{"urn": f"urn:nl:ak:mtr:{code}", "status": status, "toelichting": reason,
                 "verantwoordelijke": who,
                 # the export keeps each entry as written; pages show a page's title
                 "bewijs": ["dpia" if entry == DPIA else entry for entry in evidence],
                 "relevant": True, "due": due,
                 "vereisten": [f"urn:nl:ak:ver:{r}" for r in requirements],
                 # no editie: nothing to check again
                 "wijziging": None, "opnieuw-controleren": False}
                for code, status, due, reason, who, evidence, requirements in e["measures"]]
    return {"id": algorithm, "docname": e["docname"], "title": e["title"],
            "eigenaar": e["eigenaar"], "fase": e["fase"], "editie": None,
            "profiel": e["profiel"],
            "vereisten": [{"urn": f"urn:nl:ak:ver:{code}", "dekking": coverage}
                          for code, coverage, _, _ in e["requirements"]],
            "maatregelen": measures, "onbekende-maatregelen": [],
            "samenvatting": e["samenvatting"]}


@pytest.fixture(scope="module")
def json_data(tmp_path_factory):
    app = build(copy_root(tmp_path_factory.mktemp("json") / "src"), "algokader-json")
    assert warnings_of(app) == []
    return json.loads((Path(app.outdir) / "algokader.json").read_text(encoding="utf-8"))


def test_json_export_agrees_with_the_hand_worked_numbers(json_data):
    jsonschema = pytest.importorskip("jsonschema")
    from sphinx_algokader.export import SCHEMA_FILE

    jsonschema.validate(json_data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert [a["id"] for a in json_data["algoritmen"]] == ["chatbot", "rekenregel", "risicomodel"]
    for found in json_data["algoritmen"]:
        assert found == expected_json(found["id"]), found["id"]


def test_schema_rejects_a_wrong_export(json_data):
    """The schema check above can fail: a coverage value outside the enum
    and a missing summary key are rejected."""
    jsonschema = pytest.importorskip("jsonschema")
    from sphinx_algokader.export import SCHEMA_FILE

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(json_data))
    broken["algoritmen"][0]["vereisten"][0]["dekking"] = "helemaal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
    broken = json.loads(json.dumps(json_data))
    del broken["algoritmen"][0]["samenvatting"]["open-punten"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# --- markers, directives, column tokens and filters -------------------------

def test_markers_and_directives_give_the_same_table(html_app):
    marker = tables_html(page(html_app, "algoritmen/chatbot"))
    myst = tables_html(page(html_app, "algoritmen/weergaven"))
    rst = tables_html(page(html_app, "algoritmen/weergaven-rst"))
    assert len(marker) == 2 and marker[0].count("<tr") == 7
    # ```{algoritme-status} / {algoritme-vereisten} with :algoritme: chatbot
    assert myst[0] == marker[0]
    assert myst[1] == marker[1]
    # .. algoritme-status:: with :algoritme: chatbot
    assert rst[0] == marker[0]
    # and the summary above the table is the algorithm's
    assert views_of(page(html_app, "algoritmen/weergaven-rst"))[0]["summary"] == \
        EXPECTED["chatbot"]["summary"]


def test_column_tokens_and_filters(html_app):
    views = views_of(page(html_app, "algoritmen/weergaven"))
    # status/te-doen no-toelichting no-verantwoordelijke no-bewijs add-id no-chart
    # of rekenregel: its only te-doen measure is org-02
    todo = views[2]
    assert todo["caption"] == "Nog te doen"
    assert todo["header"] == ["Fase", "ID", "Maatregel", "Status", "Vereisten"]
    assert rows_of(todo) == [("algokader-row algokader-badge-te-doen algokader-not-due",
                              [UIT, "org-02", "Evalueer bij het uitfaseren",
                               "Te doen (nog niet aan de beurt)", "avg-02"])]
    assert todo["chart"] is None
    # dekking/deels add-wetcode no-maatregelen of risicomodel: aia-01 and aia-02
    partly = views[3]
    assert partly["header"] == ["ID", "Vereiste", "Wet", "Dekking"]
    assert [cells for _, cells in rows_of(partly)] == [
        ["aia-01", REQUIREMENTS["aia-01"], "AI-verordening", "Deels"],
        ["aia-02", REQUIREMENTS["aia-02"], "AI-verordening", "Deels"]]
    # fase/ontwikkelen no-risicogroep: the chatbot alone, in the table, the
    # summary and the chart alike
    overview = views[4]
    assert overview["header"] == ["Algoritme", "Eigenaar", "Fase", "Maatregelen afgerond",
                                  "Vereisten afgedekt", "Open punten"]
    assert [cells for _, cells in rows_of(overview)] == [
        ["Chatbot Burgerzaken", "Team Burgerzaken", "Ontwikkelen", "2/6", "1/4", "2"]]
    assert overview["summary"] == "1 algoritme; samen 2 open punten."
    charts = re.findall(r'<svg class="algokader-chart.*?</svg>',
                        page(html_app, "algoritmen/weergaven").read_text(encoding="utf-8"),
                        re.DOTALL)
    assert "Chatbot Burgerzaken" in charts[-1]
    assert "Rekenregel" not in charts[-1] and "Risicomodel" not in charts[-1]
    # reST: levenscyclus/monitoring-en-beheer no-levenscyclus of risicomodel
    (_, monitoring) = views_of(page(html_app, "algoritmen/weergaven-rst"))
    assert monitoring["header"] == STATUS_HEADER[1:]
    assert [cells for _, cells in rows_of(monitoring)] == [
        ["Leg de werking uit", "Gereed", "Handleiding gepubliceerd.", "", "",
         "aia-01, aia-02"],
        ["Monitor de werking", "Ter beoordeling", "", "FG", "https://example.org/monitor",
         "aia-01, avg-02"]]


def test_in_a_chart_only_done_is_solid(html_app):
    """In grey print, or to a reader who cannot tell vermilion from green,
    "to do" and "done" still differ: every segment but done (gereed,
    afgedekt) has a pattern over its colour, each kind of bar its own."""
    chart = re.search(r'<svg class="algokader-chart.*?</svg>',
                      page(html_app, "algoritmen/chatbot").read_text(encoding="utf-8"),
                      re.DOTALL).group(0)
    legend = dict((name, swatch) for swatch, name in re.findall(
        r'((?:<rect [^>]*/>)+)<text [^>]*>([^<]+)</text>', chart))
    patterns = {name: re.search(r'url\(#[^)]*-([a-z]+)\)', swatch)
                for name, swatch in legend.items()}
    assert {"Te doen", "Gereed", "Open", "Deels"} <= set(patterns)
    assert {name for name, found in patterns.items() if not found} == \
        {"Gereed", "Afgedekt"} & set(patterns)
    measures = [patterns[n].group(1) for n in ("Te doen", "In uitvoering", "Ter beoordeling",
                                               "Niet van toepassing") if n in patterns]
    assert len(set(measures)) == len(measures)
    # a screen reader hears what the bars show: the count of each segment,
    # as the table counts them
    status, requirements = views_of(page(html_app, "algoritmen/chatbot"))
    desc = re.search(r"<desc [^>]*>([^<]+)</desc>", chart).group(1)
    assert desc.startswith(status["summary"])
    def counts(view: dict, names: dict[str, str]) -> str:
        found = Counter(re.search(r"algokader-badge-([a-z-]+)", classes).group(1)
                        for classes, _ in rows_of(view))
        return ", ".join(f"{name} {found[key]}" for key, name in names.items() if found[key])

    assert f"Maatregelen: {counts(status, STATUS_NL)}." in desc
    assert f"Vereisten: {counts(requirements, COVERAGE_NL)}." in desc


def test_charts_and_data_islands_wait_for_html_page_context(tmp_path):
    """Sphinx logs repr() of an event's arguments before it calls a
    listener, some fifty machine instructions a character: a view's chart,
    its filters' data island, its controls and its download links wait for
    html-page-context, as the rows do (table.defer_html), and every later
    listener and the page get them."""
    from sphinx.testing.util import SphinxTestApp

    bodies = {}

    def listener(app, pagename, templatename, context, doctree):
        bodies[pagename] = context.get("body", "")

    app = SphinxTestApp("html", srcdir=copy_root(tmp_path / "src"), freshenv=True,
                        verbosity=2)
    app.connect("html-page-context", listener)
    try:
        app.build()
    finally:
        app.cleanup()
    html = page(app, "algoritmen/chatbot").read_text(encoding="utf-8")
    body = bodies["algoritmen/chatbot"]
    # a chart (the status view's), and two views' (status, requirements)
    # data islands, controls and download links
    parts = (('<svg class="algokader-chart', 1), ('class="algokader-data"', 2),
             ('class="algokader-controls"', 2), ('class="algokader-downloads"', 2))
    for part, count in parts:
        assert html.count(part) == body.count(part) == count, part
    emitted = "".join(line for line in app.status.getvalue().splitlines()
                      if "emitting event: 'html-page-context'('algoritmen/chatbot'" in line)
    assert emitted and not any(part in emitted for part, _ in parts)
    assert "algokader-deferred" not in html


def test_a_coverage_filter_by_its_name_in_any_case_as_a_status_filter():
    # what the warning says and what the filter shows agree: a coverage the
    # filter matches is no bad token, and a bad token matches nothing
    from sphinx_algokader.records.views import matches, parse_view

    for token in ("dekking/DEELS", "dekking/Partly", "dekking/deels"):
        spec, problems = parse_view("vereisten", token)
        assert (spec.filters, problems) == ((("dekking", "deels"),), []), token
    spec, problems = parse_view("vereisten", "dekking/helemaal")
    assert [subtype for subtype, _ in problems] == ["bad_token"]
    assert not matches({"dekking": ["deels"]}, spec.filters)
    spec, problems = parse_view("status", "status/Done")
    assert (spec.filters, problems) == ((("status", "gereed"),), [])


def test_a_chart_switch_on_a_view_without_a_chart_is_reported():
    # add-chart on algoritme_vereisten drew nothing and said nothing
    from sphinx_algokader.records.views import parse_view

    for view in ("vereisten", "maatregel"):
        for token in ("add-chart", "no-chart"):
            spec, problems = parse_view(view, token)
            assert [subtype for subtype, _ in problems] == ["unknown_column"], (view, token)
            assert "has no chart" in problems[0][1] and spec.chart is False
    for view in ("status", "overzicht"):
        spec, problems = parse_view(view, "no-chart")
        assert (problems, spec.chart) == ([], False)


# --- other builders --------------------------------------------------------

def test_text_builder_shows_the_tables(tmp_path):
    app = build(copy_root(tmp_path / "src"), "text")
    assert warnings_of(app) == []
    # the docutils table the text writer sees
    doctree = resolved(app, "algoritmen/chatbot")
    tables = [n for n in doctree.findall() if getattr(n, "tagname", "") == "table"]
    assert len(tables) == 2
    assert table_rows(tables[0]) == [cells for _, cells in status_rows("chatbot")]
    assert table_rows(tables[1]) == [cells for _, cells in requirement_rows("chatbot")]
    # and the text itself: the summary (wrapped), the header and short cells
    text = (Path(app.outdir) / "algoritmen" / "chatbot.txt").read_text(encoding="utf-8")
    assert EXPECTED["chatbot"]["summary"] in " ".join(text.split())
    for cell in ("Fase", "Maatregel", "Status", "Gereed", "avg-02", "Open", "Afgedekt",
                 "Zonder"):
        assert re.search(rf"\|\s*{re.escape(cell)}\b", text), cell
    overview = (Path(app.outdir) / "algoritmen" / "overzicht.txt").read_text(encoding="utf-8")
    for cell in ("2/6", "5/7", "2/7", "1/4", "2/5", "0/5"):
        assert re.search(rf"\|\s*{re.escape(cell)}\s*\|", overview), cell


def test_epub_pages_with_records_are_well_formed_xhtml(tmp_path):
    """An e-reader reads a page as XML: one unclosed element (a URL's
    <wbr>) and it shows the page up to there. Every page of the records'
    handbook parses, and the chatbot's evidence URL is in its table."""
    from defusedxml import ElementTree

    app = build(copy_root(tmp_path / "src"), "epub",
                confoverrides={"copyright": "2026", "version": "1"})
    pages = sorted(Path(app.outdir).rglob("*.xhtml"))
    assert pages
    for path in pages:
        ElementTree.parse(path)  # raises on a page that is not well-formed
    chatbot = (Path(app.outdir) / "algoritmen" / "chatbot.xhtml").read_text(encoding="utf-8")
    assert 'href="https://intranet.example/beleid"' in chatbot
    # a chart is an SVG image, listed in the book's manifest: a page with
    # inline SVG would have to say so there (epubcheck OPF-014), and
    # Sphinx's manifest cannot
    assert "<svg" not in "".join(p.read_text(encoding="utf-8") for p in pages)
    charts = re.findall(r'<figure class="algokader-chart"><img src="\.\./(_images/'
                        r'algokader-chart-[0-9a-f]{16}\.svg)" alt="([^"]+)" /></figure>', chatbot)
    assert len(charts) == 1 and "maatregelen" in charts[0][1].lower()
    chart = Path(app.outdir) / charts[0][0]
    assert ElementTree.parse(chart).getroot().tag == "{http://www.w3.org/2000/svg}svg"
    opf = (Path(app.outdir) / "content.opf").read_text(encoding="utf-8")
    assert f'href="{charts[0][0]}" media-type="image/svg+xml"' in opf


def test_man_pages_keep_the_summary_apart_from_the_text_above(tmp_path):
    """docutils' man writer gives a container's first paragraph no space
    above it: the summary ran into the page's paragraph before the view
    ("... beantwoordt. Maatregelen: 6, ..."). After a heading it needs none."""
    app = build(copy_root(tmp_path / "src"), "man")
    assert warnings_of(app) == []
    roff = next(Path(app.outdir).glob("*.1")).read_text(encoding="utf-8")
    lines = roff.splitlines()
    summaries = [n for n, line in enumerate(lines) if line.startswith("Maatregelen: ")]
    assert summaries
    for n in summaries:
        assert lines[n - 1] == ".sp" or lines[n - 1].startswith(".SH"), lines[n - 2:n + 1]
    assert any(lines[n - 1] == ".sp" for n in summaries)  # (the chatbot's follows text)


def test_latex_builder_shows_the_tables(tmp_path):
    app = build(copy_root(tmp_path / "src"), "latex")
    assert warnings_of(app) == []
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    flat = " ".join(tex.split())
    for text in ("Te doen (nog niet aan de beurt)", "Ter beoordeling",
                 "Beleid vastgesteld door de directie.", "Zonder maatregel", "0 van 3",
                 "3 algoritmen; samen 8 open punten."):
        assert text in flat, text


@pytest.mark.parametrize("measure_pages", [False, True])
def test_linkcheck_checks_the_evidence_urls(tmp_path, measure_pages):
    """``-b linkcheck`` follows each evidence URL a status table shows,
    from the front matter and from the status file: a broken one is
    reported on the page of the table (a local server, no network). Also
    where the measures' pages list the algorithms that record them, in a
    folder that Sphinx checks first (an embedded framework's
    ``algoritmekader/``): linkcheck names a URL's first page only, and that
    was the measure's page, at no line."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802 (http.server's name)
            self.send_response(200 if self.path == "/beleid" else 404)
            self.end_headers()

        do_GET = do_HEAD  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        src = copy_root(tmp_path / "src")
        chatbot = src / "algoritmen" / "chatbot.md"
        chatbot.write_text(chatbot.read_text(encoding="utf-8").replace(
            "https://intranet.example/beleid", f"{base}/beleid"), encoding="utf-8")
        csv = src / "algoritmen" / "chatbot-status.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace(
            "https://example.org/doel", f"{base}/doel"), encoding="utf-8")
        if measure_pages:
            (src / "maatregelen").rename(src / "aa-maatregelen")
            index = src / "index.md"
            index.write_text(index.read_text(encoding="utf-8").replace(
                "maatregelen/*", "aa-maatregelen/*"), encoding="utf-8")
        # the other pages' URLs are left out: no network here
        app = build(src, "linkcheck", confoverrides={
            "linkcheck_ignore": [r"^https?://(?!127\.0\.0\.1)"], "linkcheck_timeout": 5,
            "algokader_measure_algorithms": measure_pages})
    finally:
        server.shutdown()
    results = [json.loads(line) for line in
               (Path(app.outdir) / "output.json").read_text(encoding="utf-8").splitlines()]
    checked = sorted((r["uri"], r["filename"], r["status"]) for r in results
                     if r["uri"].startswith(base))
    assert checked == [(f"{base}/beleid", "algoritmen/chatbot.md", "working"),
                       (f"{base}/doel", "algoritmen/chatbot.md", "broken")]
    lines = {r["uri"]: r["lineno"] for r in results}
    assert lines[f"{base}/doel"] > 1  # the line of the page's status marker


# --- status files ----------------------------------------------------------

def status_of(app, docname: str) -> dict[str, list[str]]:
    """measure code -> its status row's cells."""
    status = views_of(page(app, docname))[0]
    return {MEASURE_BY_TITLE[cells[1]]: cells for _, cells in rows_of(status)}


def test_xlsx_status_file(make_app, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    src = copy_root(tmp_path / "src")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["maatregel", "status", "toelichting", "verantwoordelijke", "bewijs"])
    sheet.append(["pba-01", "in-uitvoering", "Uit Excel", 42, "dpia; https://example.org/x"])
    sheet.append([None, None, None, None, None])  # an empty row is skipped
    sheet.append(["urn:nl:ak:mtr:owk-01", "gereed", None, None, "Verslag bewaartermijnen"])
    # Excel's "insert link": the cell shows a name, the link holds the URL
    sheet["E4"].hyperlink = "https://intranet.example/bewaartermijnen"
    # a date cell reads as the date it shows, not as a datetime at midnight
    sheet.append(["org-02", "ter-beoordeling", datetime.datetime(2024, 1, 5), None,
                  "Evaluatie; dpia"])
    sheet["E5"].hyperlink = "https://intranet.example/evaluatie"
    book.save(src / "algoritmen" / "risicomodel-status.xlsx")
    page_md = src / "algoritmen" / "risicomodel.md"
    page_md.write_text(page_md.read_text().replace(
        "  maatregelen:\n", "  status-bestand: risicomodel-status.xlsx\n  maatregelen:\n", 1))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert [(w[0], w[1], w[3]) for w in warnings_of(app)] == [
        ("risicomodel-status.xlsx", "5", "algokader.evidence_link")]  # 'Evaluatie'
    rows = status_of(app, "algoritmen/risicomodel")
    assert rows["pba-01"] == [PBA, "Beschrijf het doel", "In uitvoering", "Uit Excel", "42",
                              "DPIA Chatbot, https://example.org/x", "avg-01"]
    assert rows["owk-01"][2] == "Gereed"
    # a linked cell's evidence is its link; a text of several entries keeps
    # them (an entry that is no page is reported as usual)
    assert rows["owk-01"][5] == "https://intranet.example/bewaartermijnen"
    assert rows["org-02"][5] == "https://intranet.example/evaluatie, Evaluatie, DPIA Chatbot"
    assert rows["org-02"][3] == "2024-01-05"
    # the front matter's records are still there
    assert rows["owp-01"][2] == "Gereed" and rows["mon-01"][2] == "Ter beoordeling"
    # and the counts follow: owp-01, imp-01 (front matter) and owk-01 (XLSX) are done
    summary = views_of(page(app, "algoritmen/risicomodel"))[0]["summary"]
    assert summary.startswith("Maatregelen: 7, waarvan 3 afgerond")


@pytest.mark.parametrize("text, kept, problems", [
    # a quote never closed took every later row into its cell, unsaid
    ('maatregel,status,toelichting\norg-01,gereed,"nooit gesloten\norg-16,gereed,x\n'
     'org-00,te-doen,y\n',
     [("org-16", "gereed", "x", 3), ("org-00", "te-doen", "y", 4)],
     [(2, 'a quote (") opens a cell that is never closed; the row is not read')]),
    # text after a closing quote reads as Excel reads it
    ('maatregel,status,toelichting\norg-01,gereed,"Training" gegeven\norg-16,gereed,x\n',
     [("org-01", "gereed", "Training gegeven", 2), ("org-16", "gereed", "x", 3)], []),
    # a cell over two lines is one cell (the row's line is its first, where an
    # editor shows the row)
    ('maatregel;status;toelichting\r\norg-01;gereed;"a\r\nb"\r\norg-16;gereed;x\r\n',
     [("org-01", "gereed", "a\nb", 2), ("org-16", "gereed", "x", 4)], []),
    # a column named twice: which would count? the file is not read
    ("maatregel,status,status\norg-01,gereed,te-doen\n", [],
     [(1, "the header names the column(s) status more than once; the file is not read")]),
])
def test_a_status_file_row_that_cannot_be_read_is_reported(tmp_path, text, kept, problems):
    from sphinx_algokader.records.model import read_status_file

    path = tmp_path / "status.csv"
    path.write_bytes(text.encode("utf-8"))
    records, found = read_status_file(path, "status.csv")
    assert [(r.name, r.status, r.toelichting, r.line) for r in records] == kept
    assert [(p.line, p.message.removeprefix("status-bestand 'status.csv': "))
            for p in found] == problems
    assert all(p.subtype == "status_file" for p in found)


def test_a_key_given_twice_in_front_matter_is_reported(tmp_path):
    """YAML forbids a key twice in one mapping, but PyYAML keeps the last
    value without a word: a record that silently replaced another. Each
    repeated key is reported at its line; the last value counts."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "dubbel.md").write_text(
        "---\ntitle: Dubbel\nalgoritme:\n  id: dubbel\n  maatregelen:\n"
        "    org-01: gereed\n    pba-01: {status: gereed, status: te-doen}\n"
        "    org-01: te-doen\ntitle: Dubbel 2\n---\n\n<!-- algoritme_status -->\n",
        encoding="utf-8")
    app = build(src)
    found = [(f, line, sub, msg) for f, line, msg, sub in warnings_of(app) if f == "dubbel.md"]
    assert [(line, sub) for _f, line, sub, _m in found] == [
        ("7", "algokader.front_matter"), ("8", "algokader.front_matter"),
        ("9", "algokader.front_matter")]
    assert found[1][3] == ("front matter: key 'org-01' is given twice in one mapping; "
                           "the last value counts")
    (status,) = views_of(page(app, "algoritmen/dubbel"))[:1]
    assert {MEASURE_BY_TITLE[cells[1]]: cells[2] for _, cells in rows_of(status)}["org-01"] == \
        "Te doen"


def test_control_characters_are_reported_and_kept_out_of_pdf_and_epub(tmp_path):
    """A control character, written as a YAML escape in front matter or
    pasted into a status file (a slide's line break is a vertical tab),
    stopped pdflatex ("Unicode character ^^K not set up") and made EPUB
    pages invalid XML, without a word. Each is reported at its line and
    removed (a vertical tab reads as a space); the rest of the text stays."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "stuur.md").write_text(
        '---\ntitle: "Stuur\\x01tekens"\nalgoritme:\n  id: stuur\n  maatregelen:\n'
        '    org-01: {status: gereed, toelichting: "Training\\vgegeven"}\n'
        "  status-bestand: stuur.csv\n---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    (src / "algoritmen" / "stuur.csv").write_bytes(
        "maatregel,status,toelichting,verantwoordelijke,bewijs\n"
        "pba-01,gereed,Beleid\x0bvastgesteld,J.\x07 Jansen,\n".encode("utf-8"))
    app = build(src)
    found = [(f, line, sub, msg) for f, line, msg, sub in warnings_of(app)
             if sub == "algokader.control_character"]
    assert [(f, line) for f, line, _s, _m in found] == [
        ("stuur.md", "2"), ("stuur.md", "6"), ("stuur.csv", "2"), ("stuur.csv", "2")]
    assert found[0][3] == ("front matter: the value 'Stuur\\x01tekens' holds the control "
                           "character(s) U+0001, which no PDF or EPUB page can hold; removed")
    assert "the cell 'toelichting' 'Beleid\\x0bvastgesteld'" in found[2][3]
    assert [w for w in warnings_of(app) if w[3] != "algokader.control_character"] == []
    html = page(app, "algoritmen/stuur").read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", html)
    assert "<h1>Stuurtekens" in html and "<title>Stuurtekens" in html
    cells = {MEASURE_BY_TITLE[c[1]]: c for _, c in rows_of(views_of(page(
        app, "algoritmen/stuur"))[0])}
    assert cells["org-01"][3] == "Training gegeven"
    assert (cells["pba-01"][3], cells["pba-01"][4]) == ("Beleid vastgesteld", "J. Jansen")
    latex = build(src, "latex")
    tex = "".join(p.read_text(encoding="utf-8") for p in Path(latex.outdir).glob("*.tex"))
    assert "Beleid vastgesteld" in tex
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", tex)


def test_front_matter_that_is_no_yaml_warns_once_and_keeps_its_title(tmp_path):
    """A tab in front matter makes it no YAML: one warning. The page keeps
    the title of its own valid ``title:`` line (without one it would have
    no title, and Sphinx would warn on every page that shows it in the
    navigation), and its status marker does not repeat that the record is
    gone."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "kapot.md").write_text(
        "---\ntitle: Kapot algoritme\nalgoritme:\n\tid: kapot\n---\n\nTekst.\n\n"
        "<!-- algoritme_status -->\n", encoding="utf-8")
    app = build(src)
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("kapot.md", "4", "algokader.front_matter")]
    html = page(app, "algoritmen/kapot").read_text(encoding="utf-8")
    assert "<h1>Kapot algoritme" in html and "<title>Kapot algoritme" in html
    assert "Tekst." in html and "\tid" not in html


def test_a_record_written_as_documented_reads_as_any_other():
    """decode_record reads a record written as documented in one go: the
    same record and the same problems as reading it field by field, for
    any record YAML or a status file can give (statuses by code and by
    name, in any case, text, numbers, lists, keys no record has)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from sphinx_algokader.records import model

    forms = model.status_forms({"gereed": {"nl": "Klaar", "en": "Done"}})
    text = st.one_of(st.none(), st.text(max_size=6), st.integers(), st.booleans(),
                     st.sampled_from(["gereed", "Gereed", " gereed ", "te-doen", "klaar",
                                      "Done", "niet-van-toepassing", "Niet van toepassing",
                                      "x", ""]))
    value = st.one_of(text, st.lists(text, max_size=3),
                      st.dictionaries(st.text(max_size=3), text, max_size=2))
    raw = st.one_of(value, st.dictionaries(
        st.sampled_from([*model.RECORD_FIELDS, "opmerking", "Status"]), value, max_size=5))

    @given(raw=raw, source=st.sampled_from(["", "a.csv"]), line=st.sampled_from([None, 4]))
    @settings(max_examples=500, deadline=None)
    def check(raw, source, line):
        fast: list = []
        record = model.decode_record("org-01", raw, fast, source, line, forms)
        slow: list = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(model, "_decode_plain", lambda *args: None)
            assert model.decode_record("org-01", raw, slow, source, line, forms) == record
        assert fast == slow

    check()


def test_a_record_that_is_no_mapping_warns_once():
    """``org-01: yes`` (YAML reads a boolean) is one problem: one warning,
    not also "the record has no status"."""
    from sphinx_algokader.records.model import decode_record

    problems = []
    record = decode_record("org-01", True, problems)
    assert record.status == "te-doen"
    assert [(p.subtype, p.message) for p in problems] == [
        ("record", "the record of 'org-01' must be a mapping with status, toelichting, "
                   "verantwoordelijke and bewijs, not True; it counts as te-doen")]


def test_a_status_file_outside_the_source_folder_is_not_read(tmp_path):
    """A record must not publish (in its tables, downloads and exports) nor
    quote in a warning a file outside the handbook: not by "../", not by a
    leading "/..", not by a symbolic link. A device is no status file, and
    a repeat count cannot make a sheet of millions of rows."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    (tmp_path / "geheim.csv").write_text(
        "maatregel,status,toelichting\norg-01,gereed,GEHEIM-123\n", encoding="utf-8")
    src = copy_root(tmp_path / "src")
    folder = src / "algoritmen"
    (folder / "link.csv").symlink_to(tmp_path / "geheim.csv")
    # no regular file (a pipe, a device): is_file() tells them all apart,
    # and a folder does so without a read that could wait for ever
    (folder / "map.csv").mkdir()
    for name, value in (("buiten", "../../geheim.csv"), ("wortel", "/../geheim.csv"),
                        ("koppeling", "link.csv"), ("apparaat", "map.csv")):
        (folder / f"{name}.md").write_text(
            f"---\ntitle: {name}\nalgoritme:\n  id: {name}\n  status-bestand: {value}\n---\n\n"
            "<!-- algoritme_status -->\n", encoding="utf-8")
    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Status")
    for values, repeat in ((["maatregel", "status"], None), (["org-01", "gereed"], 20_000)):
        row = TableRow(numberrowsrepeated=repeat) if repeat else TableRow()
        for value in values:  # the status repeated across a thousand columns too
            cell = TableCell(valuetype="string", numbercolumnsrepeated=1000) \
                if value == "gereed" else TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    document.save(str(folder / "groot.ods"))
    (folder / "groot.md").write_text(
        "---\ntitle: groot\nalgoritme:\n  id: groot\n  status-bestand: groot.ods\n---\n",
        encoding="utf-8")
    (folder / "lang.csv").write_text("maatregel,status\n" + "org-01,gereed\n" * 10_001,
                                     encoding="utf-8")
    (folder / "lang.md").write_text(
        "---\ntitle: lang\nalgoritme:\n  id: lang\n  status-bestand: lang.csv\n---\n",
        encoding="utf-8")
    app = build(src)
    said = {(f, sub, message) for f, _line, message, sub in warnings_of(app)}
    for name in ("buiten", "wortel", "koppeling"):
        assert any(f == f"{name}.md" and sub == "algokader.status_file"
                   and "lies outside the source folder" in m for f, sub, m in said), name
    assert any(f == "apparaat.md" and "it is not a file" in m for f, _s, m in said)
    assert any("groot.ods" in m and "more than 10000 rows" in m for _f, _s, m in said)
    assert any(f == "lang.csv" and "more than 10000 rows" in m for f, _s, m in said)
    out = "".join(p.read_text(encoding="utf-8", errors="replace")
                  for p in app.outdir.rglob("*") if p.suffix in (".html", ".csv"))
    assert "GEHEIM-123" not in out and "GEHEIM-123" not in app.warning.getvalue()


def test_ods_status_file(tmp_path):
    """An OpenDocument spreadsheet (LibreOffice Calc) reads as a workbook
    does: rows as shown, a linked evidence cell's link, its lines counted
    over the empty rows a spreadsheet program repeats (here a million of
    them after the last row, as LibreOffice saves a sheet)."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import A, P

    def row(sheet, values, repeat=None, link=None):
        element = TableRow(numberrowsrepeated=repeat) if repeat else TableRow()
        for value in values:
            if isinstance(value, int):  # that many empty cells
                element.addElement(TableCell(numbercolumnsrepeated=value))
                continue
            paragraph = P()
            if link and value == link[0]:
                paragraph.addElement(A(href=link[1], text=value))
            else:
                paragraph.addText(value)
            cell = TableCell(valuetype="string")
            cell.addElement(paragraph)
            element.addElement(cell)
        sheet.addElement(element)

    src = copy_root(tmp_path / "src")
    document = OpenDocumentSpreadsheet()
    sheet = Table(name="Status")
    row(sheet, ["Maatregel", "Status", "Toelichting", "Bewijs", 1020])
    row(sheet, ["pba-01", "In uitvoering", "Uit Calc", "Doelnotitie", 1020],
        link=("Doelnotitie", "https://intranet.example/doel"))
    row(sheet, [1024], repeat=3)
    row(sheet, ["owk-01", "klaar", 2, 1018])
    row(sheet, [1024], repeat=1048000)
    document.spreadsheet.addElement(sheet)
    document.save(str(src / "algoritmen" / "risicomodel-status.ods"))
    (src / "algoritmen" / "oud.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old workbook")
    page_md = src / "algoritmen" / "risicomodel.md"
    page_md.write_text(page_md.read_text().replace(
        "  maatregelen:\n", "  status-bestand: risicomodel-status.ods\n  maatregelen:\n", 1))
    (src / "algoritmen" / "oud.md").write_text(
        "---\ntitle: Oud\nalgoritme:\n  id: oud\n  status-bestand: oud.xls\n---\n",
        encoding="utf-8")
    app = build(src)
    warned = {(w[0], w[1], w[3]): w[2] for w in warnings_of(app)}
    assert sorted(warned) == [
        ("oud.md", "5", "algokader.status_file"),
        ("risicomodel-status.ods", "6", "algokader.unknown_status")]  # klaar, after 3 empty rows
    assert "is in the Excel 97-2003 format, which cannot be read; save it as .xlsx, .ods " \
        "or .csv" in warned[("oud.md", "5", "algokader.status_file")]
    rows = status_of(app, "algoritmen/risicomodel")
    assert rows["pba-01"][2:6] == ["In uitvoering", "Uit Calc", "",
                                   "https://intranet.example/doel"]
    assert rows["owk-01"][2] == "Te doen"


def test_a_status_by_the_name_the_table_shows(tmp_path):
    """A team copies the status names a table shows into its spreadsheet
    ("Niet van toepassing", "Done"): any case, spaces for hyphens, Dutch or
    English, in a record, a status file and a view's filter token."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "namen-status.csv").write_text(
        "maatregel,status,toelichting\norg-01,Gereed,\npba-01,In progress,\n"
        "owp-01,Niet van toepassing,Geen risico's\nowk-01,  TER   BEOORDELING ,\n"
        "mon-01,klaar,\n", encoding="utf-8")
    (src / "algoritmen" / "namen.md").write_text(
        "---\ntitle: Namen\nalgoritme:\n  id: namen\n  status-bestand: namen-status.csv\n"
        "  maatregelen:\n    imp-01: Done\n---\n\n<!-- algoritme_status -->\n\n"
        "```{algoritme-status} status/in-progress no-chart\n```\n", encoding="utf-8")
    app = build(src)
    assert [(w[0], w[1], w[3]) for w in warnings_of(app) if w[0].startswith("namen")] == [
        ("namen-status.csv", "6", "algokader.unknown_status")]  # klaar is no status
    status, in_progress = views_of(page(app, "algoritmen/namen"))
    found = {MEASURE_BY_TITLE[cells[1]]: cells[2] for _, cells in rows_of(status)}
    assert found == {"org-01": "Gereed", "pba-01": "In uitvoering",
                     "owp-01": "Niet van toepassing", "owk-01": "Ter beoordeling",
                     "imp-01": "Gereed", "mon-01": "Te doen", "org-02": "Te doen"}
    assert [cells[1] for _, cells in rows_of(in_progress)] == ["Beschrijf het doel"]


def test_front_matter_wins_over_the_status_file(make_app, tmp_path):
    """A semicolon-separated CSV with a byte-order mark (as a Dutch
    spreadsheet saves "CSV UTF-8") that repeats a measure the front matter
    has: the front matter's record is shown, and the warning points at the
    CSV's line."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "rekenregel-status.csv").write_text(
        "\ufeffmaatregel;status;toelichting;verantwoordelijke;bewijs\n"
        "org-02;ter-beoordeling;Plan klaar;P. Jansen;\"dpia;https://example.org/plan\"\n"
        "mon-01;gereed;Uit het bestand;;\n", encoding="utf-8")
    page_md = src / "algoritmen" / "rekenregel.md"
    page_md.write_text(page_md.read_text().replace(
        "  maatregelen:\n", "  status-bestand: rekenregel-status.csv\n  maatregelen:\n", 1))
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("rekenregel-status.csv", "3", "algokader.record_conflict")]
    rows = status_of(app, "algoritmen/rekenregel")
    assert rows["mon-01"][2:5] == ["In uitvoering", "Dashboard in aanbouw.", ""]
    assert rows["org-02"][2:6] == ["Ter beoordeling (nog niet aan de beurt)", "Plan klaar",
                                   "P. Jansen", "DPIA Chatbot, https://example.org/plan"]


def test_a_status_file_from_the_source_folder(tmp_path):
    """``/status/x.csv`` is the source folder's, as ``/x`` is for evidence:
    never a path of the machine that builds (``/etc/hostname``)."""
    src = copy_root(tmp_path / "src")
    (src / "status").mkdir()
    (src / "status" / "rekenregel.csv").write_text(
        "maatregel,status,toelichting\norg-02,ter-beoordeling,Uit de map status\n"
        "org-99,gereed,Geen maatregel\n", encoding="utf-8")
    page_md = src / "algoritmen" / "rekenregel.md"
    text = page_md.read_text()
    page_md.write_text(text.replace(
        "  maatregelen:\n", "  status-bestand: /status/rekenregel.csv\n  maatregelen:\n", 1))
    app = build(src)
    # a row's warning names the file where it is
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("rekenregel.csv", "3", "algokader.unknown_measure")]
    assert f"{src / 'status' / 'rekenregel.csv'}:3:" in app.warning.getvalue()
    assert status_of(app, "algoritmen/rekenregel")["org-02"][3] == "Uit de map status"

    page_md.write_text(text.replace(
        "  maatregelen:\n", "  status-bestand: /etc/hostname\n  maatregelen:\n", 1))
    app = build(src)
    assert [(f, sub, m) for f, _l, m, sub in warnings_of(app)] == [
        ("rekenregel.md", "algokader.status_file", "status-bestand '/etc/hostname' does not exist")]


# --- warnings --------------------------------------------------------------

BAD_PAGE = """\
---
title: Foutief algoritme
algoritme:
  id: fouten
  eigenaar: Team Fouten
  fase: bouwen
  kleur: rood
  profiel:
    risicogroep: geen-hoog-risico-ai-systeem
  maatregelen:
    org-01: {status: gereed, datum: 2025-01-01}
    pba-01: {status: klaar}
    owk-01: {status: niet-van-toepassing}
    xyz-99: gereed
    owp-01: gereed
    mon-01: {status: in-uitvoering, bewijs: [nergens, dpia]}
  status-bestand: fouten-status.csv
---
# Foutief algoritme

<!-- algoritme_status -->
"""
BAD_CSV = """\
maatregel,status,toelichting,verantwoordelijke,bewijs
pba-01,gereed,Uit het bestand,,
,gereed,,,
imp-01,gereed,,,,te veel
org-02,gereed,Uit het bestand,,nergens-ook
"""
COPY_PAGE = """\
---
title: Kopie van de chatbot
algoritme:
  id: chatbot
  status-bestand: bestaat-niet.csv
---
# Kopie van de chatbot

<!-- algoritme_status -->
"""

#: views that name no algorithm: a typo in :algoritme:, and a marker on a page
#: without a record of its own
NO_ALGORITHM_PAGE = """\
# Verkeerde verwijzingen

```{algoritme-status}
:algoritme: chatbt
```

<!-- algoritme_vereisten -->
"""


@pytest.fixture(scope="module")
def bad_src(tmp_path_factory):
    src = copy_root(tmp_path_factory.mktemp("bad") / "src")
    (src / "algoritmen" / "fouten.md").write_text(BAD_PAGE, encoding="utf-8")
    (src / "algoritmen" / "fouten-status.csv").write_text(BAD_CSV, encoding="utf-8")
    (src / "algoritmen" / "zz-kopie.md").write_text(COPY_PAGE, encoding="utf-8")
    (src / "algoritmen" / "verwijzing.md").write_text(NO_ALGORITHM_PAGE, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def bad_app(bad_src):
    return build(bad_src)


def test_each_record_problem_warns_once_with_file_and_line(bad_app):
    found = sorted((f, line, sub) for f, line, _m, sub in warnings_of(bad_app))
    assert found == sorted([
        ("fouten.md", "6", "algokader.unknown_phase"),       # fase: bouwen
        ("fouten.md", "7", "algokader.record"),              # kleur: no key of algoritme
        ("fouten.md", "11", "algokader.record"),             # datum: no key of a record
        ("fouten.md", "12", "algokader.unknown_status"),     # klaar
        ("fouten.md", "13", "algokader.missing_reason"),     # niet-van-toepassing, no reason
        ("fouten.md", "14", "algokader.unknown_measure"),    # xyz-99
        ("fouten.md", "15", "algokader.not_relevant"),       # owp-01 serves aia-01 only
        ("fouten.md", "16", "algokader.evidence_link"),      # nergens
        ("fouten-status.csv", "2", "algokader.record_conflict"),  # pba-01 is in the front matter
        ("fouten-status.csv", "3", "algokader.status_file"),  # no maatregel
        ("fouten-status.csv", "4", "algokader.status_file"),  # 6 cells, header has 5
        ("fouten-status.csv", "5", "algokader.evidence_link"),  # nergens-ook
        ("zz-kopie.md", "4", "algokader.duplicate_algorithm"),
        ("zz-kopie.md", "5", "algokader.status_file"),       # bestaat-niet.csv
        ("verwijzing.md", "3", "algokader.unknown_value"),   # :algoritme: chatbt
        ("verwijzing.md", "7", "algokader.record"),          # no record on this page
    ])
    # every subtype of the records is there, and is documented
    from sphinx_algokader.diagnostics import SUBTYPES

    subtypes = {sub.removeprefix("algokader.") for _f, _l, sub in found} - {"unknown_value"}
    assert subtypes == {"record", "unknown_status", "missing_reason", "unknown_phase",
                        "status_file", "unknown_measure", "not_relevant", "record_conflict",
                        "evidence_link", "duplicate_algorithm"}
    assert subtypes <= set(SUBTYPES)


def test_warning_messages_name_the_problem(bad_app):
    text = re.sub(r"\x1b\[[0-9;]*m", "", bad_app.warning.getvalue())
    # the status file's warnings point at the file beside the page
    assert re.search(r"algoritmen[/\\]fouten-status\.csv:2: WARNING: .*'pba-01'.* "
                     r"\[algokader\.record_conflict\]", text)
    messages = {(f, sub): msg for f, _l, msg, sub in warnings_of(bad_app)}
    assert "'bouwen'" in messages[("fouten.md", "algokader.unknown_phase")]
    assert "'klaar'" in messages[("fouten.md", "algokader.unknown_status")]
    assert "xyz-99" in messages[("fouten.md", "algokader.unknown_measure")]
    assert "'nergens'" in messages[("fouten.md", "algokader.evidence_link")]
    assert "algoritmen/chatbot" in messages[("zz-kopie.md", "algokader.duplicate_algorithm")]
    assert "bestaat-niet.csv" in messages[("zz-kopie.md", "algokader.status_file")]


def test_the_rest_of_a_bad_record_is_shown(bad_app):
    (status,) = views_of(page(bad_app, "algoritmen/fouten"))
    rows = {MEASURE_BY_TITLE[cells[1]]: cells for _, cells in rows_of(status)}
    # no hoog-risico: owp-01 is no row; an unknown fase: everything is due
    assert list(rows) == ["org-01", "pba-01", "owk-01", "imp-01", "mon-01", "org-02"]
    assert not any("algokader-not-due" in classes for classes, _ in rows_of(status))
    assert rows["org-01"][2] == "Gereed"              # despite its unknown key
    assert rows["pba-01"][2:4] == ["Te doen", ""]      # unknown status; the CSV's is ignored
    assert rows["owk-01"][2] == "Niet van toepassing"  # kept, though the reason is missing
    assert rows["imp-01"][2] == "Te doen"              # its CSV row was bad
    assert rows["mon-01"][2:6] == ["In uitvoering", "", "", "nergens, DPIA Chatbot"]
    assert rows["org-02"][2:4] == ["Gereed", "Uit het bestand"]  # the good CSV row
    # the dangling evidence is text, the good one a link
    mon = next(r for r in status["rows"] if r["cells"][1] == "Monitor de werking")
    assert mon["hrefs"][5] == ["dpia.html"]
    # the duplicate is left out of the overview; the first page keeps its id
    (overview,) = views_of(page(bad_app, "algoritmen/overzicht"))
    assert [cells[0] for _, cells in rows_of(overview)] == [
        "Chatbot Burgerzaken", "Foutief algoritme", "Rekenregel Parkeren",
        "Risicomodel Toeslagen"]


def test_export_keeps_what_was_written_but_not_counted(bad_src, tmp_path):
    app = build(bad_src, "algokader-json", builddir=tmp_path / "json")
    data = json.loads((Path(app.outdir) / "algokader.json").read_text(encoding="utf-8"))
    # the duplicate is left out; the chatbot is the first page's
    assert [a["id"] for a in data["algoritmen"]] == ["chatbot", "fouten", "rekenregel",
                                                     "risicomodel"]
    assert data["algoritmen"][0]["docname"] == "algoritmen/chatbot"
    (fouten,) = [a for a in data["algoritmen"] if a["id"] == "fouten"]
    assert fouten["fase"] == "bouwen"
    by_urn = {m["urn"]: m for m in fouten["maatregelen"]}
    # owp-01 serves no applicable requirement: kept, marked not relevant, not counted
    assert by_urn["urn:nl:ak:mtr:owp-01"] == {
        "urn": "urn:nl:ak:mtr:owp-01", "status": "gereed", "toelichting": "",
        "verantwoordelijke": "", "bewijs": [], "relevant": False, "due": True,
        "vereisten": [], "wijziging": None, "opnieuw-controleren": False}
    assert [m["urn"] for m in fouten["maatregelen"] if m["relevant"]] == [
        f"urn:nl:ak:mtr:{c}" for c in ("org-01", "pba-01", "owk-01", "imp-01", "mon-01",
                                       "org-02")]
    assert by_urn["urn:nl:ak:mtr:pba-01"]["status"] == "te-doen"  # klaar: unknown
    assert by_urn["urn:nl:ak:mtr:org-02"]["bewijs"] == ["nergens-ook"]
    # org-01, owk-01 (nvt) and org-02 are finished; owp-01 is not counted
    assert fouten["samenvatting"]["maatregelen"] == 6
    assert fouten["samenvatting"]["gereed"] == 2
    assert fouten["samenvatting"]["niet-van-toepassing"] == 1
    # an unknown measure (xyz-99: a typo, or a measure removed in a later
    # edition) has no URN to be a measure of the export, but its record is
    # kept as written: a dashboard sees it (it used to be lost)
    assert not any("xyz" in m["urn"] for m in fouten["maatregelen"])
    assert fouten["onbekende-maatregelen"] == [{
        "naam": "xyz-99", "status": "gereed", "toelichting": "", "verantwoordelijke": "",
        "bewijs": []}]
    assert all(a["onbekende-maatregelen"] == [] for a in data["algoritmen"]
               if a["id"] not in ("fouten", "rekenregel"))


def test_a_record_by_the_old_file_name_of_a_renamed_measure_names_its_code(tmp_path):
    """A record written with a measure's file name (``0-org-01-beleid``)
    names nothing once the file is renamed; the warning says which measure
    the short code in it names, and that the code stays."""
    src = copy_root(tmp_path / "src")
    (src / "maatregelen" / "0-org-01-beleid.md").rename(
        src / "maatregelen" / "0-org-01-beleid-vastleggen.md")
    (src / "algoritmen" / "hernoemd.md").write_text(
        "---\ntitle: Hernoemd\nalgoritme:\n  id: hernoemd\n  maatregelen:\n"
        "    0-org-01-beleid: gereed\n---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    app = build(src)
    found = [(f, line, msg) for f, line, msg, sub in warnings_of(app)
             if sub == "algokader.unknown_measure"]
    assert found == [("hernoemd.md", "6", f"hernoemd: '0-org-01-beleid' names no measure (its "
                      f"short code names {MEASURES['org-01'][1]!r}, whose file has another "
                      "name now: use the short code 'org-01', which stays when a file is "
                      "renamed); the record is not shown")]


def test_warnings_of_a_long_record_point_at_their_own_lines(tmp_path):
    """Only a page's first 500 lines were looked at for a key's line: the
    warnings of a record's measures below that (a long record in block
    style) all pointed at the algoritme line."""
    src = copy_root(tmp_path / "src")
    lines = ["---", "title: Lang", "algoritme:", "  id: lang", "  maatregelen:"]
    expected = []
    for n in range(130):
        expected.append(str(len(lines) + 1))
        lines += [f"    x-{n:03}:", "      status: gereed", f"      toelichting: Regel {n}.",
                  "      verantwoordelijke: Team"]
    lines += ["---", "", "<!-- algoritme_status -->", ""]
    (src / "algoritmen" / "lang.md").write_text("\n".join(lines), encoding="utf-8")
    app = build(src)
    found = [line for f, line, _, sub in warnings_of(app)
             if f == "lang.md" and sub == "algokader.unknown_measure"]
    assert sorted(found, key=int) == expected and int(expected[-1]) > 500


def test_a_misspelt_profile_value_is_reported_at_its_line(tmp_path):
    """A misspelt profiel value applied no requirement that carries its
    label, so the record read as having (almost) no gaps, without a word
    (found by a probe on the official source, where every requirement
    carries every label). It is reported, on its own line in block style
    and on the profiel's in flow style, as an unknown label is."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "blok.md").write_text(
        "---\ntitle: Blok\nalgoritme:\n  id: blok\n  profiel:\n"
        "    soort-toepassing: ai-systeem\n    risicogroep: hoog-risico\n"
        "    rol: aanbieder\n---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    (src / "algoritmen" / "stroom.md").write_text(
        "---\ntitle: Stroom\nalgoritme:\n  id: stroom\n  eigenaar: Team\n"
        "  profiel: {soort-toepassing: ai-systeem, rol-ai-act: [gebruiker]}\n"
        "---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    app = build(src)
    found = sorted((f, line, msg) for f, line, msg, sub in warnings_of(app)
                   if sub == "algokader.bad_token")
    labels = ("(soort-toepassing, risicogroep, rol-ai-act, transparantieverplichting, "
              "systeemrisico, open-source)")
    assert found == [
        ("blok.md", "7", "profiel: 'hoog-risico' is not a value of 'risicogroep' (values: "
         "verboden-ai, hoog-risico-ai-systeem, geen-hoog-risico-ai-systeem, "
         "uitzondering-van-toepassing, niet-van-toepassing); no requirement carries it, so "
         "only the requirements without the label 'risicogroep' apply"),
        ("blok.md", "8", f"profiel: 'rol' is no AI Act profile label {labels}; ignored"),
        ("stroom.md", "6", "profiel: 'gebruiker' is not a value of 'rol-ai-act' (values: "
         "aanbieder, gebruiksverantwoordelijke, importeur, distributeur); no requirement "
         "carries it, so only the requirements without the label 'rol-ai-act' apply")]


def test_a_windows_path_is_told_to_use_slashes(tmp_path):
    """A status file or an evidence page written with backslashes, as a
    Windows user copies a path, was said not to exist, with no word why."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "pad.md").write_text(
        "---\ntitle: Pad\nalgoritme:\n  id: pad\n  status-bestand: 'gedeeld\\pad.csv'\n"
        "  maatregelen:\n    org-01: {status: gereed, bewijs: ['algoritmen\\dpia']}\n"
        "---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    app = build(src)
    found = [(line, msg) for f, line, msg, sub in warnings_of(app) if f == "pad.md"]
    assert found == [
        ("5", "status-bestand 'gedeeld\\\\pad.csv' does not exist (write / between folders, "
              "not \\)"),
        ("7", "pad: evidence 'algoritmen\\\\dpia' of 'org-01' is no page of this handbook "
              "(write / between folders, not \\)")]


def test_warnings_say_what_to_write_instead(tmp_path):
    """A measure written with its file's ``.md`` or in capitals was told
    its file had been renamed (or nothing); a measure that names no
    requirement was said to serve none of the algorithm's profiel, which it
    has not; a URL with a space (two entries separated by a comma) was one
    link without a word. A path or a page's address (as the official site's
    pages have them) was said to be a renamed file."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "geschreven.md").write_text(
        "---\ntitle: Geschreven\nalgoritme:\n  id: geschreven\n  maatregelen:\n"
        "    0-org-01-beleid.md: gereed\n    PBA-01: gereed\n"
        "    maatregelen/0-org-01-beleid: gereed\n"
        "    https://minbzk.github.io/Algoritmekader/maatregelen/0-org-01-beleid/: gereed\n"
        "    ../maatregelen/1-pba-01-doel.html: gereed\n    dat-01: gereed\n"
        "    owk-01: {status: gereed, bewijs: 'https://a.nl/x, https://a.nl/y'}\n"
        "---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    app = build(src)
    found = [(line, sub.removeprefix("algokader."), msg.removeprefix("geschreven: "))
             for f, line, msg, sub in warnings_of(app) if f == "geschreven.md"]
    assert found == [
        ("6", "unknown_measure", "'0-org-01-beleid.md' names no measure (write it "
         "'0-org-01-beleid': a measure is named by its short code, file name (without folder "
         "or .md) or URN, in lower case); the record is not shown"),
        ("7", "unknown_measure", "'PBA-01' names no measure (write it 'pba-01': a measure is "
         "named by its short code, file name (without folder or .md) or URN, in lower case); "
         "the record is not shown"),
        ("8", "unknown_measure", "'maatregelen/0-org-01-beleid' names no measure (write it "
         "'0-org-01-beleid': a measure is named by its short code, file name (without folder "
         "or .md) or URN, in lower case); the record is not shown"),
        ("9", "unknown_measure", "'https://minbzk.github.io/Algoritmekader/maatregelen/"
         "0-org-01-beleid/' names no measure (write it '0-org-01-beleid': a measure is named "
         "by its short code, file name (without folder or .md) or URN, in lower case); the "
         "record is not shown"),
        ("10", "unknown_measure", "'../maatregelen/1-pba-01-doel.html' names no measure "
         "(write it '1-pba-01-doel': a measure is named by its short code, file name "
         "(without folder or .md) or URN, in lower case); the record is not shown"),
        ("11", "not_relevant", "measure 'dat-01' serves no requirement (its vereiste: names "
         "none of this handbook), so no algorithm counts it; the record is kept in the exports "
         "but not counted"),
        ("12", "evidence_link", "evidence 'https://a.nl/x, https://a.nl/y' of 'owk-01' holds a "
         "space, which no URL can: a browser may open another address (write a space as %20, "
         "and separate entries with ;)")]


def test_a_second_build_finds_the_configuration_unchanged(make_app, tmp_path):
    """The extension's static folder was added to ``html_static_path`` when
    the builder started, after the environment had compared the
    configuration: every incremental build said "The configuration has
    changed (1 option: 'html_static_path')"."""
    src = copy_root(tmp_path / "src")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True)
    first.build()
    first.cleanup()
    again = make_app("html", srcdir=src, builddir=builddir)
    again.build()
    said = re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    again.cleanup()
    assert "0 changed" in said
    # (the test application itself changes html_theme, to basic)
    assert "html_static_path" not in said
    assert (Path(again.outdir) / "_static" / "algokader.js").is_file()


def test_a_record_on_one_line_warns_at_that_line(tmp_path):
    """A record written on one line, as a reStructuredText field list holds
    it: every problem of it, found when its page is read or when the whole
    handbook is checked, names that line (no key of its own to point at)."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "regel.rst").write_text(
        ":algoritme: {id: regel, fase: later, maatregelen: {xyz-99: gereed, "
        "org-01: {status: klaar}, pba-01: {status: gereed, bewijs: [nergens]}}}\n\n"
        "Een rekenregel\n==============\n\n.. algoritme-status::\n", encoding="utf-8")
    app = build(src)
    found = sorted((kind, name, line) for name, line, _, kind in warnings_of(app)
                   if name == "regel.rst")
    assert found == [("algokader.evidence_link", "regel.rst", "1"),
                     ("algokader.unknown_measure", "regel.rst", "1"),
                     ("algokader.unknown_phase", "regel.rst", "1"),
                     ("algokader.unknown_status", "regel.rst", "1")]


def test_rst_records_keep_their_text_as_written_and_may_be_block_style(tmp_path):
    """A reST field's body is read as reST inline markup in the docinfo:
    a record's backslashes, asterisks, backquotes and a trailing "_" (a link
    target to docutils) must reach the tables and exports as written, as in
    Markdown; a record may also be YAML in block style below the field."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "regel.rst").write_text(
        ":algoritme: {id: regel, eigenaar: 'Team *Data*', maatregelen: {org-01: {status: gereed,\n"
        "   toelichting: 'Opgeslagen in S:\\Sociaal\\DPIA; *niet* `code`', "
        "verantwoordelijke: 'J. *Jansen*', bewijs: ['https://example.org/rapport_v2_']}}}\n"
        ":title: Een rekenregel\n\n"
        "Een rekenregel\n==============\n\n.. algoritme-status::\n", encoding="utf-8")
    (src / "algoritmen" / "blok.rst").write_text(
        ":algoritme:\n   id: blok\n   eigenaar: Team Blok\n   maatregelen:\n"
        "     org-01:\n       status: gereed\n       toelichting: In *blokstijl*\n"
        "     pba-01: in-uitvoering\n\n"
        "Een blok\n========\n\n.. algoritme-status::\n", encoding="utf-8")
    app = build(src)
    assert [w for w in warnings_of(app) if w[0] in ("regel.rst", "blok.rst")] == []
    assert "ERROR" not in app.warning.getvalue()
    data = {a["id"]: a for a in json.loads(
        build(src, "algokader-json").outdir.joinpath("algokader.json").read_text())["algoritmen"]}
    regel = {m["urn"]: m for m in data["regel"]["maatregelen"]}["urn:nl:ak:mtr:org-01"]
    assert data["regel"]["eigenaar"] == "Team *Data*"
    assert (regel["toelichting"], regel["verantwoordelijke"], regel["bewijs"]) == (
        "Opgeslagen in S:\\Sociaal\\DPIA; *niet* `code`", "J. *Jansen*",
        ["https://example.org/rapport_v2_"])
    blok = {m["urn"]: m["status"] for m in data["blok"]["maatregelen"]}
    assert (data["blok"]["eigenaar"], blok["urn:nl:ak:mtr:org-01"],
            blok["urn:nl:ak:mtr:pba-01"]) == ("Team Blok", "gereed", "in-uitvoering")
    (status,) = views_of(page(app, "algoritmen/regel"))
    assert "Opgeslagen in S:\\Sociaal\\DPIA; *niet* `code`" in [
        row["cells"][3] for row in status["rows"]]


def test_rst_front_matter_keeps_its_quotes(tmp_path):
    """In reStructuredText the front matter's values are YAML too: smart
    quotes must not turn its quotes into typographic ones, or a quoted
    value keeps them as text and a quoted list splits at its commas."""
    from sphinx_algokader.index import get_index, get_store

    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "regel.rst").write_text(
        """:algoritme: {id: "regel", eigenaar: "Team 'A'", maatregelen: {org-01: {status: gereed, """
        """toelichting: "Gedaan, zie 'x'", bewijs: ["https://example.org/a,b"]}}}\n\n"""
        "Een rekenregel\n==============\n\n.. algoritme-status::\n", encoding="utf-8")
    (src / "maatregelen" / "9-org-09-citaat.rst").write_text(
        """:id: urn:nl:ak:mtr:org-09\n:vereiste: ["avg-01"]\n"""
        """:rollen: ["jurist", 'projectleider']\n\n"""
        "Citeer de bron\n==============\n", encoding="utf-8")
    app = build(src)
    assert [w for w in warnings_of(app) if w[0] in ("regel.rst", "9-org-09-citaat.rst")] == []
    algorithm = get_store(app.env).algorithms["algoritmen/regel"]
    assert (algorithm.id, algorithm.eigenaar) == ("regel", "Team 'A'")
    assert [(r.toelichting, r.bewijs) for r in algorithm.records] == [
        ("Gedaan, zie 'x'", ("https://example.org/a,b",))]
    item = get_index(app.env).items["maatregelen/9-org-09-citaat"]
    assert item.labels["rollen"] == ("jurist", "projectleider")
    assert item.relations["vereiste"] == ("avg-01",)


def test_a_list_where_text_belongs_is_reported_not_dropped(tmp_path):
    """A field that takes text but holds a list or a mapping (two phases
    where one belongs) is named in a warning at its line, not read as empty
    without a word; a list as status is an unknown status."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "lijsten.md").write_text(
        "---\ntitle: Lijsten\nalgoritme:\n  id: lijsten\n  eigenaar: {team: HR}\n"
        "  fase: [ontwerp, ontwikkelen]\n  status-bestand: [a.csv]\n"
        "  profiel: {rol-ai-act: [[aanbieder]], risicogroep: {hoog: 1}}\n  maatregelen:\n"
        "    org-01: {status: [gereed]}\n"
        "    pba-01: {status: gereed, toelichting: [a, b], verantwoordelijke: {x: y}}\n"
        "---\n\n<!-- algoritme_status -->\n", encoding="utf-8")
    app = build(src)
    found = {(line, kind, message) for name, line, message, kind in warnings_of(app)
             if name == "lijsten.md"}
    assert sorted((line, kind) for line, kind, _ in found) == [
        ("10", "algokader.unknown_status"), ("11", "algokader.record"),
        ("11", "algokader.record"), ("5", "algokader.record"), ("6", "algokader.record"),
        ("7", "algokader.record"), ("8", "algokader.record"), ("8", "algokader.record")]
    messages = " | ".join(sorted(message for _, _, message in found))
    for said in ("eigenaar must be text, not {'team': 'HR'}",
                 "fase must be text, not ['ontwerp', 'ontwikkelen']",
                 "status-bestand must be text, not ['a.csv']",
                 "toelichting must be text, not ['a', 'b']",
                 "verantwoordelijke must be text, not {'x': 'y'}",
                 "org-01: status ['gereed'] is not one of",
                 "profiel: rol-ai-act: ['aanbieder'] is no value",
                 "profiel: risicogroep: {'hoog': 1} is no value"):
        assert said in messages, said


def test_a_duplicate_page_does_not_show_another_pages_record(bad_app):
    """zz-kopie.md repeats the id of the chatbot page. Its record is left out
    (duplicate_algorithm); its own status view must then not present the
    chatbot page's measures and statuses as if they were its own."""
    (view,) = views_of(page(bad_app, "algoritmen/zz-kopie"))
    assert view["rows"] == []
    assert view["summary"] is None
    assert view["empty"] == "Geen algoritme gevonden voor dit overzicht."
    # the chatbot page itself is not affected
    status, _ = views_of(page(bad_app, "algoritmen/chatbot"))
    assert rows_of(status) == status_rows("chatbot")


def test_a_view_naming_no_algorithm_says_so(bad_app):
    """A typo in :algoritme: (or a status marker on a page without a record)
    is bad input: it warns (see above) and the view says that it found no
    algorithm, rather than that the algorithm has nothing to show."""
    typo, no_record = views_of(page(bad_app, "algoritmen/verwijzing"))
    for view in (typo, no_record):
        assert view["rows"] == [] and view["summary"] is None
        assert view["empty"] == "Geen algoritme gevonden voor dit overzicht."
    messages = {(f, sub): msg for f, _l, msg, sub in warnings_of(bad_app)}
    assert "'chatbt'" in messages[("verwijzing.md", "algokader.unknown_value")]
    # a marker takes no options: the fix it names is the directive's
    assert "the 'algoritme-vereisten' directive and its option ':algoritme: ID'" in \
        messages[("verwijzing.md", "algokader.record")]


def test_a_new_status_colour_reaches_the_browser_after_an_incremental_build(tmp_path):
    """The pages link the statuses' style sheet with the checksum of this
    build's file (browsers cache by it): an incremental build after a new
    colour links as a clean build does, not with the old file's checksum.
    Each build is a process of its own, as on the command line (Sphinx
    keeps a file's checksum for the life of the process)."""
    import subprocess
    import sys

    src = copy_root(tmp_path / "src")
    conf = src / "conf.py"
    base = conf.read_text(encoding="utf-8")

    def build_with(colour: str, out: Path) -> str:
        conf.write_text(base + "\nalgokader_statuses = {'gereed': {'nl': 'Afgerond', "
                        f"'kleur': '{colour}'}}}}\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
                       check=True, capture_output=True)
        html = (out / "algoritmen" / "chatbot.html").read_text(encoding="utf-8")
        return re.search(r'href="[^"]*algokader-statuses\.css[^"]*"', html).group(0)

    build_with("#0072B2", tmp_path / "out")
    again = build_with("#CC79A7", tmp_path / "out")
    assert "#CC79A7" in (tmp_path / "out" / "_static" / "algokader-statuses.css").read_text()
    clean = build_with("#CC79A7", tmp_path / "clean")
    assert "?v=" in clean and again == clean
    # and without colours of its own, the style sheet goes
    conf.write_text(base, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src),
                    str(tmp_path / "out")], check=True, capture_output=True)
    assert not (tmp_path / "out" / "_static" / "algokader-statuses.css").exists()


def test_strict_mode_counts_record_problems_in_incremental_builds(make_app, tmp_path):
    """Problems that need the whole handbook are reported again in an
    incremental build that reads another page, and strict mode still counts
    the problems of the page that was not read again."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "fouten.md").write_text(BAD_PAGE, encoding="utf-8")
    (src / "algoritmen" / "fouten-status.csv").write_text(BAD_CSV, encoding="utf-8")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert len(warnings_of(app)) == 12  # 7 found when fouten.md is read, 5 need all pages
    app.cleanup()
    evidence = src / "algoritmen" / "dpia.md"
    evidence.write_text(evidence.read_text() + "\nBijgewerkt.\n")
    again = make_app("html", srcdir=src, confoverrides={"algokader_strict": True})
    again.build()
    assert again.statuscode == 1
    assert "reading sources... [100%] algoritmen/dpia" in re.sub(
        r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    text = re.sub(r"\x1b\[[0-9;]*m", "", again.warning.getvalue())
    assert ("ERROR: 12 content problems (algokader_strict = True): 5 shown above; the other 7 "
            "were found when their pages were read in an earlier build (sphinx-build -E shows "
            "every one)") in text
    assert sorted(re.findall(r"\[algokader\.(\w+)\]", text)) == sorted([
        "unknown_measure", "not_relevant", "record_conflict", "evidence_link",
        "evidence_link"])
    assert "fouten.md:16: ERROR:" in text
    assert "fouten-status.csv:5: ERROR:" in text


# --- the bundled framework -------------------------------------------------

def test_embedded_framework_with_an_algorithm_builds_without_warnings(tmp_path):
    (tmp_path / "handboek").mkdir()
    folder = embedded_handbook(tmp_path / "handboek")
    (folder / "index.md").write_text(
        "# Ons handboek\n\n```{toctree}\nalgoritmekader/index\nalgoritmen/chatbot\n"
        "algoritmen/overzicht\nalgoritmen/dpia\n```\n", encoding="utf-8")
    (folder / "algoritmen").mkdir()
    (folder / "algoritmen" / "chatbot.md").write_text("""\
---
title: Chatbot
algoritme:
  id: chatbot
  eigenaar: Team Dienstverlening
  fase: ontwerp
  profiel:
    soort-toepassing: ai-systeem
    risicogroep: geen-hoog-risico-ai-systeem
    rol-ai-act: gebruiksverantwoordelijke
  maatregelen:
    org-01: {status: gereed, bewijs: [dpia]}
  status-bestand: chatbot.csv
---
# Chatbot

<!-- algoritme_status -->

<!-- algoritme_vereisten -->
""", encoding="utf-8")
    (folder / "algoritmen" / "chatbot.csv").write_text(
        "maatregel,status,toelichting,verantwoordelijke,bewijs\n"
        "1-pba-05-wettelijke-grondslag,in-uitvoering,Grondslag wordt onderzocht,Jurist,\n",
        encoding="utf-8")
    (folder / "algoritmen" / "overzicht.md").write_text(
        "# Overzicht\n\n<!-- algoritmen_overzicht -->\n", encoding="utf-8")
    (folder / "algoritmen" / "dpia.md").write_text("# DPIA\n\nDe DPIA.\n", encoding="utf-8")
    app = build(folder, warningiserror=True)
    assert warnings_of(app) == []
    rows = {cells[1]: cells for _, cells in
            rows_of(views_of(page(app, "algoritmen/chatbot"))[0])}
    org_01 = "Ga na of je genoeg kennis en mensen hebt voor het werken met algoritmes"
    assert rows[org_01][2] == "Gereed"
    assert any(cells[2] == "In uitvoering" and cells[3] == "Grondslag wordt onderzocht"
               for cells in rows.values())
    (overview,) = views_of(page(app, "algoritmen/overzicht"))
    assert [cells[0] for _, cells in rows_of(overview)] == ["Chatbot"]


# --- parallel and incremental builds ----------------------------------------

BODY_RE = re.compile(r'<div class="body" role="main">(.*?)<div class="sphinxsidebar"', re.DOTALL)


def all_views(outdir: Path) -> dict[str, str]:
    """The main part (title, summaries, charts, tables) of every page with a
    records view, as HTML."""
    out = {}
    for path in sorted(Path(outdir).rglob("*.html")):
        if "_static" in path.parts or not views_of(path):
            continue
        (body,) = BODY_RE.findall(path.read_text(encoding="utf-8"))
        out[path.relative_to(outdir).as_posix()] = body
    return out


def test_parallel_build_gives_the_same_tables(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    serial = make_app("html", srcdir=src, builddir=tmp_path / "serial", freshenv=True)
    serial.build()
    serial.cleanup()  # docutils node registrations are process-global
    parallel = make_app("html", srcdir=src, builddir=tmp_path / "parallel", freshenv=True,
                        parallel=2)
    parallel.build()
    assert warnings_of(parallel) == []
    expected = all_views(serial.outdir)
    # 3 algorithms, the overview, 2 pages of directives, 3 measure pages
    assert len(expected) == 9
    assert sum(len(views_of(page(serial, p.removesuffix(".html")))) for p in expected) == 17
    assert all_views(parallel.outdir) == expected
    (status, _) = views_of(page(parallel, "algoritmen/chatbot"))
    assert rows_of(status) == status_rows("chatbot")


def rebuild(make_app, src: Path, builddir: Path, before: dict[str, int]):
    time.sleep(0.01)  # a re-written file gets a later mtime
    app = make_app("html", srcdir=src, builddir=builddir)
    app.build()
    after = mtimes(app.outdir)
    rewritten = {p for p in after if after[p] != before.get(p)}
    # Sphinx itself writes these on every build that read a page (the index
    # holds the toctree that lists the page read again)
    assert {"genindex.html", "search.html", "index.html"} <= rewritten
    return app, rewritten - {"genindex.html", "search.html", "index.html"}


def test_a_status_file_moved_into_place_with_an_old_time_is_read_again(make_app, tmp_path):
    """A status file is checked by its content, not only by its
    modification time: a file copied with its time (cp -p, a sync tool)
    or moved into place is older than the page's last read."""
    import os

    src = copy_root(tmp_path / "src")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True)
    first.build()
    first.cleanup()
    csv = src / "algoritmen" / "chatbot-status.csv"
    old = csv.stat()
    csv.write_text(csv.read_text().replace("pba-01,in-uitvoering", "pba-01,gereed"))
    os.utime(csv, ns=(old.st_atime_ns, old.st_mtime_ns - 600 * 10**9))  # ten minutes older
    again = make_app("html", srcdir=src, builddir=builddir)
    again.build()
    status, _ = views_of(page(again, "algoritmen/chatbot"))
    assert rows_of(status)[1][1][2] == "Gereed"
    (overview,) = views_of(page(again, "algoritmen/overzicht"))
    assert [cells[4] for _, cells in rows_of(overview)][0] == "3/6"  # was 2/6
    again.cleanup()
    # and an unchanged file reads nothing again
    third = make_app("html", srcdir=src, builddir=builddir)
    third.build()
    assert "0 changed" in re.sub(r"\x1b\[[0-9;]*m", "", third.status.getvalue())


def test_a_status_file_link_pointed_elsewhere_is_read_again(make_app, tmp_path):
    """A status file that is a symbolic link (to a shared folder), pointed
    at another file with an old time (a sync tool): the page was not read
    again, as the file the link had led to was unchanged."""
    import os

    src = copy_root(tmp_path / "src")
    shared = src / "gedeeld"
    shared.mkdir()
    csv = src / "algoritmen" / "chatbot-status.csv"
    (shared / "oud.csv").write_text(csv.read_text())
    (shared / "nieuw.csv").write_text(
        csv.read_text().replace("pba-01,in-uitvoering", "pba-01,gereed"))
    old = csv.stat()
    os.utime(shared / "nieuw.csv", ns=(old.st_atime_ns, old.st_mtime_ns - 600 * 10**9))
    csv.unlink()
    csv.symlink_to(Path("..") / "gedeeld" / "oud.csv")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True)
    first.build()
    assert rows_of(views_of(page(first, "algoritmen/chatbot"))[0])[1][1][2] == "In uitvoering"
    first.cleanup()
    csv.unlink()
    csv.symlink_to(Path("..") / "gedeeld" / "nieuw.csv")
    again = make_app("html", srcdir=src, builddir=builddir)
    again.build()
    assert rows_of(views_of(page(again, "algoritmen/chatbot"))[0])[1][1][2] == "Gereed"


def test_a_table_gone_from_a_page_takes_its_download_with_it(make_app, tmp_path):
    """The rekenregel alone records owk-01: once that record is removed, the
    measure page shows no algorithms, and its old download (with the
    removed record in it) must not stay published beside the page."""
    src = copy_root(tmp_path / "src")
    builddir = tmp_path / "build"
    overrides = {"algokader_measure_algorithms": True}
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True,
                     confoverrides=overrides)
    first.build()
    download = first.outdir / "maatregelen" / "4-owk-01-bewaren.algokader-maatregel-1.csv"
    assert "Rekenregel Parkeren" in download.read_text(encoding="utf-8-sig")
    others = sorted(p.name for p in (first.outdir / "maatregelen").glob("*.csv"))
    first.cleanup()
    page_ = src / "algoritmen" / "rekenregel.md"
    page_.write_text(page_.read_text().replace("    4-owk-01-bewaren: gereed\n", ""))
    again = make_app("html", srcdir=src, builddir=builddir, confoverrides=overrides)
    again.build()
    assert not download.exists()
    assert sorted(p.name for p in (again.outdir / "maatregelen").glob("*.csv")) == [
        name for name in others if not name.startswith("4-owk-01")]


def test_downloads_of_a_format_no_longer_asked_for_go(make_app, tmp_path):
    """Back from CSV, XLSX and ODS to CSV alone: the pages are written
    again, and their XLSX and ODS files (records tables among them) no
    longer stay published beside them."""
    src = copy_root(tmp_path / "src")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True,
                     confoverrides={"algokader_downloads": ["csv", "xlsx", "ods"]})
    first.build()
    first.cleanup()
    folder = first.outdir / "algoritmen"
    assert sorted(p.suffix for p in folder.glob("chatbot.algokader-status-1.*")) == [
        ".csv", ".ods", ".xlsx"]
    again = make_app("html", srcdir=src, builddir=builddir,
                     confoverrides={"algokader_downloads": ["csv"]})
    again.build()
    again.cleanup()
    assert [p.name for p in again.outdir.rglob("*") if p.suffix in (".xlsx", ".ods")] == []
    assert (folder / "chatbot.algokader-status-1.csv").is_file()


def test_a_build_with_nothing_to_read_reports_the_handbooks_problems(make_app, tmp_path):
    """Sphinx checks consistency only in a build that read a page: a second
    build with nothing changed (or after a setting that re-reads no page)
    said nothing of a record naming no measure, and passed -W where the
    build before it failed."""
    src = copy_root(tmp_path / "src")
    (src / "algoritmen" / "typo.md").write_text(
        "---\ntitle: Typo\nalgoritme:\n  id: typo\n  maatregelen:\n    xyz-99: gereed\n---\n",
        encoding="utf-8")
    builddir = tmp_path / "build"
    said = []
    for fresh in (True, False):
        app = make_app("html", srcdir=src, builddir=builddir, freshenv=fresh)
        app.build()
        app.cleanup()
        said.append([(f, line, sub) for f, line, _m, sub in warnings_of(app)])
    assert said[0] == said[1] == [("typo.md", "6", "algokader.unknown_measure")]


def test_incremental_builds_rewrite_exactly_the_affected_pages(make_app, tmp_path):
    src = copy_root(tmp_path / "src")
    builddir = tmp_path / "build"
    first = make_app("html", srcdir=src, builddir=builddir, freshenv=True)
    first.build()
    first.cleanup()

    # 1. the chatbot's status file: pba-01 is now done
    before = mtimes(first.outdir)
    csv = src / "algoritmen" / "chatbot-status.csv"
    csv.write_text(csv.read_text().replace("pba-01,in-uitvoering", "pba-01,gereed"))
    app, rewritten = rebuild(make_app, src, builddir, before)
    assert warnings_of(app) == []
    assert rewritten == {
        "algoritmen/chatbot.html",        # its own status
        "algoritmen/overzicht.html",      # the overview row's counts
        "algoritmen/weergaven.html",      # directives showing the chatbot
        "algoritmen/weergaven-rst.html",
        "maatregelen/1-pba-01-doel.html",  # the measure page shows its record
    }
    # (org-01's page shows the chatbot too, but its org-01 record did not change)
    status, _ = views_of(page(app, "algoritmen/chatbot"))
    assert rows_of(status)[1][1][2] == "Gereed"
    assert status["summary"].startswith("Maatregelen: 6, waarvan 3 afgerond (gereed of niet "
                                        "van toepassing); 1 open punt. Vereisten: 4, waarvan "
                                        "2 afgedekt, 0 deels, 1 open")
    app.cleanup()

    # 2. a measure's vereiste: dat-01 now serves aia-01, which applies to the
    # risicomodel (hoog-risico) and the rekenregel (no profiel), not the chatbot
    before = mtimes(app.outdir)
    measure = src / "maatregelen" / "3-dat-01-data.md"
    measure.write_text(measure.read_text().replace(
        "levenscyclus: [dataverkenning-en-datapreparatie]\n",
        "levenscyclus: [dataverkenning-en-datapreparatie]\nvereiste: [aia-01]\n"))
    app, rewritten = rebuild(make_app, src, builddir, before)
    assert warnings_of(app) == []
    assert rewritten == {
        "maatregelen/3-dat-01-data.html",  # edited
        "algoritmen/risicomodel.html", "algoritmen/rekenregel.html",
        "algoritmen/overzicht.html",
        "algoritmen/weergaven.html",       # rekenregel's te-doen list, risicomodel's
        "algoritmen/weergaven-rst.html",   # risicomodel's summary
    }
    titles = [cells[1] for cells in status_of_rows(app, "algoritmen/risicomodel")]
    # dataverkenning comes between ontwerp and ontwikkelen
    assert titles[2:5] == ["Analyseer de risico's", "Verken de data", "Leg bewaartermijnen vast"]
    assert "Verken de data" not in [cells[1] for cells in
                                    status_of_rows(app, "algoritmen/chatbot")]
    app.cleanup()

    # 3. an algorithm page is removed: the overview, the measure pages that
    # showed its records and the directive naming it change; the directive
    # now names no algorithm, which is reported
    before = mtimes(app.outdir)
    (src / "algoritmen" / "rekenregel.md").unlink()
    app, rewritten = rebuild(make_app, src, builddir, before)
    assert [(f, line, sub) for f, line, _m, sub in warnings_of(app)] == [
        ("weergaven.md", "11", "algokader.unknown_value")]
    assert rewritten == {
        "algoritmen/overzicht.html", "algoritmen/weergaven.html",
        "maatregelen/0-org-01-beleid.html", "maatregelen/1-pba-01-doel.html",
        "maatregelen/7-mon-01-monitor.html",
    }
    (overview,) = views_of(page(app, "algoritmen/overzicht"))
    assert [cells[0] for _, cells in rows_of(overview)] == ["Chatbot Burgerzaken",
                                                            "Risicomodel Toeslagen"]
    app.cleanup()

    # the result equals a full build of the edited sources
    fresh = make_app("html", srcdir=src, builddir=tmp_path / "fresh", freshenv=True)
    fresh.build()
    expected = all_views(fresh.outdir)
    # (Sphinx leaves the output of a removed page in place: compare the rest)
    assert {p: v for p, v in all_views(app.outdir).items() if p in expected} == expected


def status_of_rows(app, docname: str) -> list[list[str]]:
    return [cells for _, cells in rows_of(views_of(page(app, docname))[0])]


def test_a_statuss_own_name_is_not_taken_back_by_its_colour():
    """A handbook that calls ter-beoordeling "Gereed" and gives gereed only
    a colour of its own: "Gereed" in a status file is ter-beoordeling, in
    whichever order conf.py names the two."""
    from sphinx_algokader.records.model import status_forms, status_of

    for custom in ({"ter-beoordeling": {"nl": "Gereed"}, "gereed": {"kleur": "#000000"}},
                   {"gereed": {"kleur": "#000000"}, "ter-beoordeling": {"nl": "Gereed"}}):
        forms = status_forms(custom)
        assert status_of("Gereed", forms) == "ter-beoordeling", custom
        assert status_of("Done", forms) == "gereed"


def test_a_page_title_in_a_pdf_cell_may_break_after_its_hyphens():
    """TeX hyphenates no word that follows a hyphen: an evidence page's
    title ("Verslag training AI-geletterdheid") ran past its column into the
    next one (a new-user probe's dossier). In LaTeX a linked title, in a
    cell of links or in the title column, may break there as names do."""
    from docutils import nodes

    from sphinx_algokader.table import algokader_table, docutils_table

    title = "Verslag training AI-geletterdheid"
    node = algokader_table(docname="algoritmen/a", widths=[10, 10], header=["Maatregel", "Bewijs"],
                           rows=[(title, title)], targets=["maatregelen/m"], link=0,
                           cell_links=[((), ((title, "bewijs/training", "doc"),
                                             ("https://x.example/a-b", "https://x.example/a-b",
                                              "url"),
                                             ("AI-verordening", "https://x.example/aia",
                                              "url")))],
                           row_classes=["algokader-row"], ids=["t"], classes=[])
    table, _ = docutils_table(node, "index", latex=True, language="nl")
    cells = [entry.astext() for entry in table.findall(nodes.entry)][2:]
    broken = "Verslag training AI-\u200bgeletterdheid"
    assert cells[0] == broken
    assert cells[1].startswith(broken + ", ")
    # a URL is no name: \sphinxurl breaks it where URLs break, and a URL
    # shown by a text of its own keeps that text whole
    assert cells[1].partition(", ")[2] == "https://x.example/a-b, AI-verordening"
    # other builders keep the texts as they are
    table, _ = docutils_table(node, "index", latex=False, language="nl")
    assert [entry.astext() for entry in table.findall(nodes.entry)][2:] == [
        title, f"{title}, https://x.example/a-b, AI-verordening"]


def test_a_pdf_note_is_named_by_its_row():
    """A cell too long for a PDF page becomes a note below the table, named
    by its row's title, or, in a table without one, by the row's first
    other cell: not by the long cell itself, which it would hold twice."""
    from docutils import nodes

    from sphinx_algokader.table import algokader_table, docutils_table

    long = "woord " * 2000
    node = algokader_table(docname="d", widths=[10, 10], header=["Toelichting", "Status"],
                           rows=[(long, "Gereed"), ("Kort", "Te doen")], targets=["", ""],
                           link=-1, row_classes=["algokader-row"] * 2, ids=["t"], classes=[])
    table, notes = docutils_table(node, "index", latex=True, language="nl")
    assert [row.astext() for row in table.findall(nodes.row)][1:] == [
        "zie noot 1\n\nGereed", "Kort\n\nTe doen"]
    assert notes.astext().strip() == f"Gereed (Toelichting): {long.strip()}"
    # other builders keep the cell
    table, notes = docutils_table(node, "index", latex=False, language="nl")
    assert notes is None and long.strip() in table.astext()
    # two long cells of a row without a title: neither names the other's note
    node = algokader_table(docname="d", widths=[10, 10, 5],
                           header=["Toelichting", "Bewijs", "Status"],
                           rows=[(long, long, "Gereed"), (long, long, "")],
                           targets=["", ""], link=-1, row_classes=["algokader-row"] * 2,
                           ids=["t"], classes=[])
    _, notes = docutils_table(node, "index", latex=True, language="nl")
    assert [item.astext().split(":")[0] for item in notes.children] == [
        "Gereed (Toelichting)", "Gereed (Bewijs)", "Toelichting", "Bewijs"]


def test_a_records_digest_sees_every_field_and_nothing_else():
    """The fingerprint of an algorithm's pages rests on a digest of its
    record: equal records give one digest in every build (after the
    environment's pickle too, whose strings are other objects), and a
    change to any field of the record, or of one measure's record, gives
    another, so that an incremental build re-writes its pages."""
    import dataclasses
    import pickle

    from sphinx_algokader.records.model import Algorithm, MeasureRecord, record_digest

    def algorithm(**changes):
        record = MeasureRecord("org-01", "gereed", "Uitleg.", "J. Jansen", ("a", "b"), "", 3)
        fields = {"docname": "algoritmen/a", "id": "a", "title": "A", "eigenaar": "Team",
                  "fase": "ontwerp", "profiel": (("risicogroep", "hoog"),),
                  "records": (record,), "status_file": "a.csv", "editie": "2026.12", "line": 2}
        fields.update(changes)
        return Algorithm(**fields)

    base = algorithm()
    assert record_digest(base) == record_digest(pickle.loads(pickle.dumps(base)))
    # pickled (as the environment is) to an equal record, line and all
    again = pickle.loads(pickle.dumps(base))
    assert (again, again.line, type(again.records[0])) == (base, 2, MeasureRecord)
    # a docutils Text for a string (marshal takes no str subclass): the same
    from docutils import nodes
    assert record_digest(algorithm(title=nodes.Text("A"))) == record_digest(base)
    assert record_digest(base) == record_digest(algorithm(title="".join(["A"])))
    # one string object in two places, or two equal ones: one digest
    text = "".join(["Team ", "A"])
    assert record_digest(algorithm(eigenaar=text, title=text)) == record_digest(
        algorithm(eigenaar="".join(["Team ", "A"]), title="".join(["Team ", "A"])))
    seen = {record_digest(base)}
    for f in dataclasses.fields(Algorithm):
        if f.name == "records":
            continue
        value = getattr(base, f.name)
        other = 7 if isinstance(value, int) else (("x", "y"),) if isinstance(value, tuple) \
            else value + "x"
        seen.add(record_digest(algorithm(**{f.name: other})))
    record = base.records[0]
    for f in dataclasses.fields(MeasureRecord):
        value = getattr(record, f.name)
        other = 7 if isinstance(value, int) else ("c",) if isinstance(value, tuple) \
            else value + "x"
        seen.add(record_digest(algorithm(records=(dataclasses.replace(record,
                                                                      **{f.name: other}),))))
    assert len(seen) == 1 + (len(dataclasses.fields(Algorithm)) - 1) \
        + len(dataclasses.fields(MeasureRecord))


def test_stale_downloads_are_a_pages_own_only(tmp_path):
    """A page removes its own download files of tables it no longer has,
    found by the page's name in a folder listed once: never a file of
    another page whose name starts alike, nor a file of another kind."""
    from sphinx_algokader.downloads import _remove_stale

    names = ["a.algokader-status-1.csv", "a.algokader-status-2.csv", "a.algokader-status-2.xlsx",
             "a.b.algokader-status-1.csv", "ab.algokader-status-1.csv", "a.html",
             "a.algokader-status-1.txt", "x.algokader-y.algokader-status-1.csv"]
    for name in names:
        (tmp_path / name).write_text("")

    class Memo:
        def __init__(self):
            self.memos = {}

        def memo(self, name):
            return self.memos.setdefault(name, {})

    index = Memo()
    _remove_stale(index, tmp_path, "a", {"a.algokader-status-1"}, ["csv"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.algokader-status-1.csv", "a.algokader-status-1.txt", "a.b.algokader-status-1.csv",
        "a.html", "ab.algokader-status-1.csv", "x.algokader-y.algokader-status-1.csv"]
    # a page whose name holds ".algokader-" finds its files too
    _remove_stale(index, tmp_path, "x.algokader-y", set(), ["csv"])
    assert not (tmp_path / "x.algokader-y.algokader-status-1.csv").exists()
