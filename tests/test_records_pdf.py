"""A compliance record as a PDF of its own: a "verantwoordingsdossier"
(docs/howto/compliance-records.md), built through sphinx-build -M latexpdf
with a latex_documents entry whose start document includes the record page.

Skipped without TeX: CI installs Debian's TeX Live and poppler-utils (see
docs/howto/pdf.md).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_handbook

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("latexmk", "pdflatex", "pdftotext")),
    reason="latexmk, pdflatex or pdftotext not installed (Debian: latexmk, the TeX Live "
           "packages of docs/howto/pdf.md, and poppler-utils)")

CONF = """\
extensions = ["sphinx_algokader"]
language = "nl"
algokader_embed = True
exclude_patterns = ["_build"]
latex_documents = [
    ("dossier", "dossier-chatbot.tex", "Verantwoordingsdossier Chatbot", "Gemeente Test", "howto"),
]
"""

INDEX = """\
# Handboek

```{toctree}
dossier
algoritmekader/index
```
"""

DOSSIER = """\
# Verantwoordingsdossier

```{toctree}
chatbot
bewijs
```
"""

CHATBOT = """\
---
title: Chatbot Belastingen
algoritme:
  id: chatbot
  eigenaar: Team Belastingen
  fase: ontwerp
  profiel:
    soort-toepassing: ai-systeem
    risicogroep: geen-hoog-risico-ai-systeem
    rol-ai-act: [gebruiksverantwoordelijke]
  maatregelen:
    org-01:
      status: gereed
      toelichting: Twee functioneel beheerders vrijgemaakt.
      verantwoordelijke: S. Bakker
      bewijs: [bewijs, https://intranet.example/training, "https://intranet.example/Doc.aspx?sourcedoc={6F2A-11}&n=<1>"]
    owp-30:
      status: in-uitvoering
      toelichting: Tekst voor de website in concept. {LONG_REASON}
      bewijs: [https://intranet.voorbeeldstad.nl/contracten/chatbot/verwerkersovereenkomstenadministratie-verwerkersovereenkomstenadministratie.pdf]
    dat-05: {status: niet-van-toepassing, toelichting: Alleen eigen teksten.}
---

<!-- algoritme_status -->
"""

#: a reason longer than a page of its narrow column holds
LONG_REASON = " ".join(f"w{n:04}" for n in range(200))
CHATBOT = CHATBOT.replace("{LONG_REASON}", LONG_REASON)
BEWIJS = """\
# Verslag training

Alle medewerkers volgden de training.
"""

#: (measure title in the bundled framework, its status as the table shows it)
RECORDED = [
    ("Ga na of je genoeg kennis en mensen hebt voor het werken met algoritmes", "Gereed"),
    ("Bepaal wie je over het algoritme informeert en welke informatie zij nodig hebben",
     "In uitvoering"),
    ("Ga na of je eigen data vrij is van auteursrechten van anderen", "Niet van toepassing"),
]
#: a relevant measure without a record, of a phase after the algorithm's
NOT_RECORDED = ("Zorg dat je het algoritme kunt stopzetten en zonder kunt werken",
                "Te doen (nog niet aan de beurt)")
#: the default chart colours of two statuses (records/model.py STATUS_STYLE)
COLOURS = {"gereed": "#009E73", "te-doen": "#D55E00"}


def compact(text: str) -> str:
    """Text without white space and hyphens, so that words LaTeX wrapped or
    hyphenated inside a table cell compare equal to the original."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


@pytest.fixture(scope="module")
def dossier(tmp_path_factory) -> tuple[Path, str]:
    src = make_handbook(tmp_path_factory.mktemp("dossier"), CONF, {
        "index.md": INDEX, "dossier.md": DOSSIER, "chatbot.md": CHATBOT, "bewijs.md": BEWIJS})
    out = src / "_build"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(out), "-q"],
        capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    pdf = out / "latex" / "dossier-chatbot.pdf"
    assert pdf.is_file(), sorted(p.name for p in (out / "latex").iterdir())
    return pdf, result.stderr


def pdf_text(pdf: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_the_record_builds_without_warnings(dossier):
    _, stderr = dossier
    assert "[algokader" not in stderr, stderr


def test_the_status_table_holds_titles_and_statuses(dossier):
    pdf, _ = dossier
    text = compact(pdf_text(pdf))
    for title, status in [*RECORDED, NOT_RECORDED]:
        assert compact(title) in text, title
        assert compact(status) in text, status
    # the explanations and the summary above the table
    assert compact("Twee functioneel beheerders vrijgemaakt.") in text
    assert compact("afgerond (gereed of niet van toepassing)") in text
    # Dutch headers (language = "nl")
    for header in ("Maatregel", "Status", "Toelichting", "Verantwoordelijke", "Bewijs"):
        assert compact(header) in text, header


#: an evidence URL longer than its column, with a word longer than it too
LONG_URL = ("https://intranet.voorbeeldstad.nl/contracten/chatbot/verwerkersovereenkomsten"
            "administratie-verwerkersovereenkomstenadministratie.pdf")


def test_an_evidence_url_is_printed_as_it_is(dossier):
    """A URL in a narrow column breaks, but is never hyphenated (a hyphen
    in a printed URL makes another URL), stays inside its cell, and links
    to itself."""
    from pypdf import PdfReader

    pdf, _ = dossier
    joined = re.sub(r"\s+", "", pdf_text(pdf))
    assert LONG_URL in joined
    assert "voor-beeldstad" not in joined and "verwerk-ers" not in joined
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    overfull = [m for m in re.finditer(r"Overfull \\hbox.*\n(.*)", log)]
    assert not [m for m in overfull if "voorbeeld" in m.group(1) or "overeenkomst" in m.group(1)]
    uris = [annotation.get_object().get("/A", {}).get("/URI")
            for page in PdfReader(pdf).pages for annotation in page.get("/Annots") or ()]
    assert LONG_URL in uris
    # a SharePoint link's {GUID} (and a <): percent-encoded, as a browser
    # sends it, not escaped with a backslash that the link would keep
    assert "https://intranet.example/Doc.aspx?sourcedoc=%7B6F2A-11%7D&n=%3C1%3E" in uris
    assert "sourcedoc=%7B6F2A-11%7D&n=%3C1%3E" in joined
    assert "\\" not in joined and "textless" not in joined


def _fill_colours(page) -> set[tuple[float, float, float]]:
    data = page.get_contents().get_data().decode("latin-1")
    return {tuple(float(v) for v in m.groups())
            for m in re.finditer(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data)}


def _has_colour(colours: set[tuple[float, float, float]], hex_colour: str) -> bool:
    want = tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return any(all(abs(a - b) < 0.01 for a, b in zip(colour, want)) for colour in colours)


def _images(page) -> list[str]:
    resources = page.get("/Resources") or {}
    xobjects = resources.get("/XObject") or {}
    return [name for name, ref in xobjects.items()
            if ref.get_object().get("/Subtype") in ("/Image", "/Form")]


def test_a_cell_taller_than_a_page_is_a_note_below_the_table(dossier):
    """A longtable breaks between rows only: a reason of 200 words in its
    narrow column made a row taller than a page, which ran off the page's
    foot, and the PDF lost the words below it without a word. The cell now
    refers to a note below the table, which holds the whole reason."""
    pdf, _ = dossier
    text = compact(pdf_text(pdf))
    assert compact("zie noot 1") in text
    assert compact(f"(Toelichting): Tekst voor de website in concept. {LONG_REASON}") in text


def test_the_pdf_holds_the_chart(dossier):
    """The chart of the status view: its legend (bars by status and by
    coverage), and its bars, drawn in the status colours (or, should charts
    ever be images again, an image on the chart's page)."""
    from pypdf import PdfReader

    pdf, _ = dossier
    # the legend, a line per bar: what it counts, then the names of its segments
    lines = [" ".join(line.split()) for line in pdf_text(pdf, "-layout").splitlines()]
    measures = next((n for n, line in enumerate(lines)
                     if line.startswith("Maatregelen: Te doen")), None)
    assert measures is not None, "no legend of measures by status"
    assert "Gereed" in lines[measures] and "Niet van toepassing" in lines[measures]
    assert any(line.startswith("Vereisten:") and "Open" in line for line in lines), \
        "no legend of requirements by coverage"
    # the bars, on the legend's page
    reader = PdfReader(str(pdf))
    pages = [page for page in reader.pages if "Maatregelen:" in (page.extract_text() or "")]
    assert pages, "no page has the chart's legend"
    page = pages[0]
    colours = _fill_colours(page)
    assert _images(page) or all(_has_colour(colours, c) for c in COLOURS.values()), \
        f"no chart drawn on the legend's page: colours {sorted(colours)}"
