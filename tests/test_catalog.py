"""The shipped Dutch message catalog is compiled from its .po file."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parents[1] / "sphinx_algokader" / "locale" / "nl" / "LC_MESSAGES"


def test_mo_matches_po():
    with open(LOCALE / "sphinx_algokader.po", "rb") as f:
        po = {m.id: m.string for m in read_po(f) if m.id}
    with open(LOCALE / "sphinx_algokader.mo", "rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert po == mo, "run: pybabel compile -d sphinx_algokader/locale -D sphinx_algokader"
    assert all(po.values())


def test_the_catalog_holds_exactly_the_translated_strings():
    import re

    source = "".join(p.read_text() for p in LOCALE.parents[2].glob("*.py"))
    used = set(re.findall(r'\b_\("([^"]+)"\)', source))
    with open(LOCALE / "sphinx_algokader.po", "rb") as f:
        known = {m.id for m in read_po(f) if m.id}
    assert used and used <= known, used - known
    # column headers live in columns.py, not in the catalog
    assert known <= used, f"strings in the catalog that no code uses: {known - used}"
