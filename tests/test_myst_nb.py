"""myst-nb in place of MyST-Parser.

Handbooks with notebooks load myst-nb, which reads MyST Markdown and
notebooks with a parser of its own and takes ``.md`` over. With myst-nb
before the extension, loading MyST-Parser as well stopped the build
(".md is already registered"); after it, the extension no longer prepared
the Markdown pages it read: every framework page lost its title (a measure
page was called "Maatregel"), 965 ``myst.header`` warnings failed ``-W``.
Skipped without myst-nb (``pip install -e ".[test]"`` installs it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build, make_handbook, toctree_page, warnings_of

CONTENT = Path(__file__).resolve().parents[1] / "content"

RECORD = """\
---
title: Chatbot Belastingen
algoritme:
  id: chatbot
  maatregelen:
    org-01: {status: gereed, toelichting: Training gegeven.}
---

## Maatregelen

<!-- algoritme_status no-chart -->
"""

NOTEBOOK = {
    "cells": [{"cell_type": "markdown", "id": "notitie", "metadata": {}, "source": [
        "# Notitie\n", "\n", "<!-- list_maatregelen levenscyclus/ontwerp -->\n"]}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _title(page) -> str:
    return re.search(r"<title>(.*?) &#8212;", page.read_text(encoding="utf-8"))[1]


@pytest.mark.parametrize("extensions", [["myst_nb", "sphinx_algokader"],
                                        ["sphinx_algokader", "myst_nb"]])
def test_myst_nb_reads_the_framework_and_records_as_myst_parser_does(tmp_path, extensions):
    pytest.importorskip("myst_nb")
    # (source_suffix a dict of its own: Sphinx's default one is shared by all
    # applications of a process, and keeps the '.md' of an earlier test's
    # MyST-Parser; sphinx-build makes one application a process)
    src = make_handbook(tmp_path / "src", (
        f"extensions = {extensions!r}\nalgokader_embed = True\nlanguage = 'nl'\n"
        "nb_execution_mode = 'off'\nsource_suffix = {'.rst': 'restructuredtext'}\n"), {
        "index.md": toctree_page("Ons handboek", "algoritmekader/index", "chatbot", "notitie"),
        "chatbot.md": RECORD,
        "notitie.ipynb": json.dumps(NOTEBOOK)})
    app = build(src)
    assert warnings_of(app) == []
    out = app.outdir
    measure = next((out / "algoritmekader" / "maatregelen").glob("0-org-01-*.html"))
    front = (CONTENT / "maatregelen" / measure.with_suffix(".md").name).read_text("utf-8")
    assert _title(measure) == re.search(r"^title: (.*)$", front, re.M)[1]
    assert _title(out / "chatbot.html") == "Chatbot Belastingen"
    record = (out / "chatbot.html").read_text(encoding="utf-8")
    assert "algokader-status" in record and "Training gegeven." in record
    # a marker in a notebook's Markdown cell is a list too
    notebook = (out / "notitie.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<tr class="algokader-row', notebook)) > 5
