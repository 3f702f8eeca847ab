"""Fuzzed front matter and markers: no exception, every problem a typed warning.

CI runs 30 examples; run more with ``ALGOKADER_FUZZ_EXAMPLES=500``."""

from __future__ import annotations

import os
import re
import shutil
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

KEYS = ["title", "id", "levenscyclus", "rollen", "onderwerp", "rol-ai-act", "risicogroep",
        "uitzondering", "vereiste", "maatregel", "geldt-vanaf", "eigen"]
TEXT = st.text(alphabet=string.printable + "éß\x85\u2028\ufeff", max_size=20)
SCALAR = st.one_of(TEXT, st.integers(), st.booleans(), st.none(), st.dates().map(str))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=2)), max_leaves=6)
FRONT = st.dictionaries(st.sampled_from(KEYS), VALUE, max_size=6)
TOKENS = st.lists(st.one_of(
    st.sampled_from(["no-rol", "add-id", "add-geldt-vanaf", "no-search", "rol/jurist",
                     "vereiste/avg-01", "levenscyclus/ontwerp", "no-", "add-x", "a/", "/b"]),
    st.text(alphabet=string.ascii_letters + "-/_", min_size=1, max_size=12)), max_size=4)
MARKER = st.sampled_from(["list_vereisten", "list_maatregelen", "tags", "tags-ai-act",
                          "list_vereisten_on_maatregelen_page", "list_onbekend"])
WARNING_RE = re.compile(r"WARNING: .*\[[\w.]+\]$")


@settings(max_examples=int(os.environ.get("ALGOKADER_FUZZ_EXAMPLES", "30")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=FRONT, marker=MARKER, tokens=TOKENS)
def test_random_front_matter_and_markers_give_typed_warnings_only(tmp_path_factory, front, marker,
                                                                    tokens):
    src = tmp_path_factory.mktemp("fuzz")
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\n')
    (src / "index.md").write_text("# Fuzz\n\n```{toctree}\n:glob:\n\nvereisten/*\n```\n")
    (src / "vereisten").mkdir()
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    (src / "vereisten" / "avg-01-fuzz.md").write_text(
        f"---\n{text}---\n\n<!-- {marker} {' '.join(tokens)} -->\n\n## Vereiste\n\nTekst.\n",
        encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()  # no exception
    finally:
        app.cleanup()
        shutil.rmtree(src, ignore_errors=True)
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    for line in warnings.splitlines():
        if "WARNING" in line:
            assert WARNING_RE.search(line), line


# (a carriage return in any cell sends a table to the csv module: half the
# cells hold none, so that the one-text writer gets tables to write too)
CELL = st.text(alphabet=",\";\t\r\n=+-@ ab\x1e\x1fé’", max_size=8) | st.text(
    alphabet=",\";\t\n=+-@ ab\x1e\x1fé’", max_size=8)


@settings(max_examples=int(os.environ.get("ALGOKADER_FUZZ_EXAMPLES", "300")), deadline=None)
@given(table=st.integers(min_value=1, max_value=4).flatmap(lambda n: st.tuples(
    st.lists(CELL, min_size=n, max_size=n),
    st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=4))))
def test_a_csv_download_reads_back_as_its_cells_without_formulas(table):
    """What a spreadsheet reads from a download is each cell, neutralised
    (spreadsheets.csv_bytes joins the table and escapes it in one go)."""
    import csv
    import io

    from sphinx_algokader.spreadsheets import csv_bytes, neutralise

    header, rows = table
    data = csv_bytes((header, rows))
    assert data.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read == [[neutralise(cell) for cell in row] for row in [header, *rows]]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in read for cell in row)


@settings(max_examples=int(os.environ.get("ALGOKADER_FUZZ_EXAMPLES", "300")), deadline=None)
@given(header=st.lists(CELL, max_size=4), rows=st.lists(st.lists(CELL, max_size=4), max_size=4))
def test_a_csv_download_is_the_csv_modules_bytes_cell_by_cell(header, rows):
    """The one-text writer writes what the csv module writes of the
    neutralised cells (every cell quoted), byte for byte, for any table,
    rows of different lengths and empty ones included."""
    from sphinx_algokader.spreadsheets import _csv_bytes_by_cell, csv_bytes

    assert csv_bytes((header, rows)) == _csv_bytes_by_cell((header, rows))
