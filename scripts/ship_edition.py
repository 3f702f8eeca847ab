"""Write the export of the bundled framework edition into the package.

Each edition of ``content/`` ships its own ``algokader.json`` as
``sphinx_algokader/data/editions/<edition>.json``, so that a later release
(``sphinx-algokader diff``, ``sphinx-algokader update``) and the records of
a handbook (``editie:``) can be compared with it. Run this whenever
``content/`` changes, from the repository root:

    python scripts/ship_edition.py

It builds a handbook that embeds the content with the ``algokader-json``
builder, as any handbook would, and writes its export.
``tests/test_editions.py`` fails when the shipped file no longer matches
``content/``.
"""

from __future__ import annotations

import sys
import tempfile
from io import StringIO
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_algokader.editions import SHIPPED_DIR
from sphinx_algokader.embed import content_edition


def export_text() -> str:
    """The ``algokader.json`` of a handbook that embeds the bundled content."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\n'
                                     'algokader_embed = True\nlanguage = "nl"\n')
        (src / "index.md").write_text(
            "# Algoritmekader\n\n```{toctree}\nalgoritmekader/index\n```\n")
        out = Path(tmp) / "out"
        app = Sphinx(str(src), str(src), str(out), str(Path(tmp) / "doctrees"), "algokader-json",
                     status=StringIO(), warning=sys.stderr, freshenv=True)
        app.build()
        return (out / "algokader.json").read_text(encoding="utf-8")


def main() -> int:
    name = content_edition().name
    target = SHIPPED_DIR / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = export_text()
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        print(f"{target} is current")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
