"""PDF handbooks through sphinx-build -M latexpdf (skipped without TeX: CI
installs Debian's TeX Live, see docs/howto/pdf.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS

DOCS = Path(__file__).resolve().parents[1] / "docs"
pytestmark = pytest.mark.skipif(shutil.which("latexmk") is None or shutil.which("pdftotext") is None,
                                reason="latexmk/pdftotext not installed (Debian: see docs/howto/pdf.md)")


def latexpdf(src: Path, out: Path) -> Path:
    result = subprocess.run([sys.executable, "-m", "sphinx", "-M", "latexpdf", str(src), str(out), "-q"],
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (pdf,) = (out / "latex").glob("*.pdf")
    return pdf


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def broken_internal_links(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    names = set(reader.named_destinations)
    broken, count = [], 0
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            target = annotation.get("/Dest")
            if action is not None:
                action = action.get_object()
                if action.get("/S") != "/GoTo":
                    continue  # an external link
                target = action.get("/D")
            if target is None:
                continue
            count += 1
            if isinstance(target, str) or hasattr(target, "encode"):
                if str(target) not in names:
                    broken.append(f"page {number}: {target}")
    assert count > 0, "no internal links at all"
    return broken


@pytest.fixture(scope="module")
def docs_pdf(tmp_path_factory):
    src = tmp_path_factory.mktemp("docs") / "docs"
    shutil.copytree(DOCS, src, ignore=shutil.ignore_patterns("_build", "algoritmekader"))
    return latexpdf(src, src / "_build")


def test_docs_pdf_holds_the_lists(docs_pdf):
    text = " ".join(pdf_text(docs_pdf).split())
    # a phase page's list rows (the embedded framework) and a badge as text
    assert "Fase 4: Ontwikkelen" in text
    assert "Persoonsgegevens worden niet langer bewaard dan nodig is voor het doel" in text
    assert "Geen vereisten gevonden." not in text or "Requirement" in text


def test_docs_pdf_internal_links_resolve(docs_pdf):
    assert broken_internal_links(docs_pdf) == []


def test_docs_pdf_is_a4(docs_pdf):
    from pypdf import PdfReader

    box = PdfReader(str(docs_pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_invisible_marks_in_front_matter_do_not_stop_pdflatex(tmp_path):
    """Text pasted from elsewhere brings direction marks, a byte-order mark
    or a line separator along, which pdflatex does not know by default, or
    a control character (removed, with a warning: ``algokader.control_character``)."""
    src = tmp_path / "src"
    (src / "vereisten").mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\nlanguage = "nl"\n')
    (src / "index.md").write_text("# Handboek\n\n<!-- list_vereisten -->\n\n"
                                  "```{toctree}\n:glob:\n\nvereisten/*\n```\n")
    (src / "vereisten" / "avg-01-tekens.md").write_text(
        '---\ntitle: "Tekens \\u202Eomgekeerd\\u202C, \\u200Fmarkering en\\u2028regel\\uFEFF\\x01"\n'
        "id: urn:nl:ak:ver:avg-01\n---\n\nTekst.\n", encoding="utf-8")
    text = pdf_text(latexpdf(src, tmp_path / "out"))
    assert "omgekeerd" in text and "markering" in text


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"official corpus not found at {CORPUS}")
def test_official_corpus_pdf(tmp_path):
    from conftest import copy_corpus

    root = copy_corpus(tmp_path)
    pdf = latexpdf(root / "docs", tmp_path / "out")
    text = " ".join(pdf_text(pdf).split())
    assert "Hoog-risico-AI-systemen staan onder menselijk toezicht" in text
    assert broken_internal_links(pdf) == []
