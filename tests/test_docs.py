"""The handbook in docs/ documents everything the code defines.

Fast: no docs build here. A Sphinx application is only set up (not built)
to learn the configuration values and builders the extension registers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sphinx_algokader import cli
from sphinx_algokader.diagnostics import SUBTYPES

DOCS = Path(__file__).resolve().parents[1] / "docs"
REFERENCE = DOCS / "reference"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extension_app(tmp_path_factory):
    """A Sphinx application with the extension, set up but never built."""
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path_factory.mktemp("docs-check")
    (src / "conf.py").write_text('extensions = ["sphinx_algokader"]\n', encoding="utf-8")
    (src / "index.md").write_text("# Check\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src)
    try:
        yield app
    finally:
        app.cleanup()


def _config_names(app) -> list[str]:
    return sorted(value.name for value in app.config if value.name.startswith("algokader_"))


def _own_builders(app) -> list[str]:
    return sorted(name for name, cls in app.registry.builders.items()
                  if cls.__module__.startswith("sphinx_algokader"))


def _cli_commands(capsys) -> list[str]:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    usage = capsys.readouterr().out
    match = re.search(r"\{([\w,-]+)\}", usage)
    assert match, usage
    return sorted(match.group(1).split(","))


def test_the_command_line_runs_as_the_reference_says():
    """``python -m sphinx_algokader``, as ``docs/reference/cli.md`` offers
    it beside ``sphinx-algokader``, is the same command line."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "sphinx_algokader", "--help"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: sphinx-algokader ")
    assert "`python -m sphinx_algokader`" in _read(REFERENCE / "cli.md")


def test_every_config_value_has_an_entry_in_the_reference(extension_app):
    names = _config_names(extension_app)
    assert len(names) >= 10, names  # the app really has the extension
    text = _read(REFERENCE / "config.md")
    documented = set(re.findall(r"^`{3,}\{confval\} (\w+)\s*$", text, re.MULTILINE))
    missing = [name for name in names if name not in documented]
    assert not missing, f"config values missing from docs/reference/config.md: {missing}"
    stale = sorted(documented - set(names))
    assert not stale, f"docs/reference/config.md documents unknown config values: {stale}"


def test_every_warning_subtype_has_a_section_in_the_reference():
    text = _read(REFERENCE / "warnings.md")
    headings = set(re.findall(r"^#+ `algokader\.(\w+)`\s*$", text, re.MULTILINE))
    missing = [subtype for subtype in SUBTYPES
               if subtype not in headings
               or f'suppress_warnings = ["algokader.{subtype}"]' not in text]
    assert not missing, f"warning subtypes missing from docs/reference/warnings.md: {missing}"
    stale = sorted(headings - set(SUBTYPES))
    assert not stale, f"docs/reference/warnings.md documents unknown subtypes: {stale}"


def test_every_builder_and_command_is_in_the_reference(extension_app, capsys):
    builders = _own_builders(extension_app)
    assert {"algokader-json", "algokader-taskregistry"} <= set(builders)
    text = _read(REFERENCE / "builders.md")
    missing = [name for name in builders if f"## `{name}`" not in text]
    assert not missing, f"builders missing from docs/reference/builders.md: {missing}"

    commands = _cli_commands(capsys)
    assert {"init", "update", "lock"} <= set(commands)
    text = _read(REFERENCE / "cli.md")
    missing = [name for name in commands if f"## `{name}`" not in text]
    assert not missing, f"commands missing from docs/reference/cli.md: {missing}"


def test_every_known_defect_of_the_official_source_is_listed():
    """docs/howto/official-source.md lists each entry of KNOWN_DEFECTS."""
    from test_corpus import KNOWN_DEFECTS

    rows = [line for line in _read(DOCS / "howto" / "official-source.md").splitlines()
            if line.startswith("|")]
    missing = []
    for file, line, subtype in sorted(KNOWN_DEFECTS):
        if not any(f"{file}` | {line} | `{subtype}`" in row for row in rows):
            missing.append((file, line, subtype))
    assert not missing, f"defects missing from docs/howto/official-source.md: {missing}"


def test_no_own_page_lives_in_the_generated_framework_folder():
    """docs/algoritmekader/ is generated at build time (algokader_embed)."""
    folder = DOCS / "algoritmekader"
    if not folder.is_dir():
        return
    from sphinx_algokader.embed import MANIFEST, content_files, read_manifest

    manifest = read_manifest(folder) or {}
    shipped = {relative for relative, _path in content_files()} | {MANIFEST}
    shipped |= set(manifest.get("files", {}))  # made by the extension (maybe an older release)
    own = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                 if p.is_file() and p.relative_to(folder).as_posix() not in shipped)
    assert not own, f"files of the handbook in the generated docs/algoritmekader/: {own}"
