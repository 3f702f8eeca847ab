"""Smoke test of the benchmark harness (benchmarks/): the generator makes
every variant deterministically, and the runner, at tiny N, produces its
table of ratios with correct lists after an incremental build. The benchmark
itself is not part of the test suite (see benchmarks/README.md)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
# benchmarks/ on the path only while importing: its profile.py would
# otherwise hide Python's own profile module from later tests (cProfile)
sys.path.insert(0, str(BENCH))
try:
    import generate  # noqa: E402
finally:
    sys.path.remove(str(BENCH))


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("variant", generate.VARIANTS)
def test_generator_is_deterministic_and_complete(tmp_path, variant):
    one, two = tmp_path / "one", tmp_path / "two"
    stats = generate.generate(variant, 12, 2, 7, one)
    generate.generate(variant, 12, 2, 7, two)
    files = _files(one)
    assert files == _files(two)
    assert stats["items"] == 12 and stats["lists"] == 4 and stats["rows"] > 0
    items = [p for p in files if p.split("/")[0] in ("vereisten", "maatregelen", "hulpmiddelen")]
    listings = [p for p in files if p.startswith("overzichten/")]
    assert len(items) == 12 and len(listings) == 2
    assert 'html_sidebars = {"**": []}' in files["conf.py"]
    text = "\n".join(files.values())
    if variant == "algokader":
        assert '"sphinx_algokader"' in files["conf.py"]
        assert "<!-- tags -->" in text and "<!-- list_vereisten_on_maatregelen_page -->" in text
        assert text.count("<!-- list_vereisten ") + text.count("<!-- list_maatregelen ") == 4
    elif variant == "needs":
        assert "sphinx_needs" in files["conf.py"] and "```{needtable}" in text
        assert "```{req}" in text and "```{mtr}" in text
    else:
        assert "<!--" not in text and "sphinx_algokader" not in files["conf.py"]
        if variant == "handwritten":
            assert "| Vereiste |" in text and "](../vereisten/" in text
        else:
            assert "|---" not in text
    # a different seed gives a different handbook
    generate.generate(variant, 12, 2, 8, tmp_path / "other")
    assert _files(tmp_path / "other") != files


def test_edit_plan_changes_a_filtered_label(tmp_path):
    plan = generate.edit_plan(12, 2, 7)
    for variant in ("algokader", "needs"):
        src = tmp_path / variant
        generate.generate(variant, 12, 2, 7, src)
        path, old = generate.apply_edit(src, variant, plan)
        assert path.read_text(encoding="utf-8") != old


@pytest.mark.skipif(importlib.util.find_spec("sphinx_needs") is None,
                    reason="sphinx-needs is installed for the benchmark only")
def test_needs_variant_builds(tmp_path):
    src = tmp_path / "src"
    generate.generate("needs", 12, 2, 7, src)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src),
                    str(tmp_path / "out")], check=True)
    assert "NEEDS_TABLE" in (tmp_path / "out" / "overzichten" / "overzicht-001.html").read_text()


def test_runner_quick(tmp_path):
    output = tmp_path / "results.md"
    run = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--variants", "algokader,floor",
         "--reps", "1", "--workdir", str(tmp_path / "work"), "--output", str(output),
         "--json", str(tmp_path / "results.json")],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    report = output.read_text(encoding="utf-8")
    assert "## Ratios" in report
    ratio_row = next(line for line in report.splitlines() if line.startswith("| N=12 L=2 |"))
    assert "×" in ratio_row  # algokader / floor and -j2 / -j1 are ratios
    import json

    results = json.loads((tmp_path / "results.json").read_text())["results"]["12x2"]
    assert {"algokader -j1", "floor -j1", "algokader -j2"} <= set(results["full"])
    inc = results["incremental"]["algokader"]
    assert inc["stale"] == [0]  # the lists are right after the incremental build
    assert inc["missed"] == [0]
    assert inc["reread"] == [1]
    assert "| N=12 L=2 | algokader |" in report



def test_records_generator(tmp_path):
    """The compliance-records handbooks: the same pages and text in every
    variant, records of real measure codes (some in status files) only in
    the records variants, and an edit plan that applies to a status file."""
    files = {}
    for variant in generate.RECORD_VARIANTS:
        stats = generate.generate_records(variant, 4, 30, 7, tmp_path / variant)
        assert stats["algorithms"] == 4 and stats["records"] == 120
        files[variant] = _files(tmp_path / variant)
        generate.generate_records(variant, 4, 30, 7, tmp_path / "again")
        assert _files(tmp_path / "again") == files[variant]
    records, nochart, baseline = (files[v] for v in generate.RECORD_VARIANTS)
    for conf in (records["conf.py"], baseline["conf.py"]):
        assert "algokader_embed = True" in conf and 'html_sidebars = {"**": []}' in conf
    codes = {m.code for m in generate.framework_measures()}
    page = yaml.safe_load(records["algoritmen/algoritme-001.md"].split("---")[1])["algoritme"]
    assert set(page["maatregelen"]) <= codes and page["status-bestand"] == "algoritme-001.csv"
    rows = records["algoritmen/algoritme-001.csv"].splitlines()
    assert rows[0] == ",".join(generate.STATUS_FILE_HEADER)
    assert len(page["maatregelen"]) + len(rows) - 1 == 30
    assert "<!-- algoritme_status -->" in records["algoritmen/algoritme-002.md"]
    assert "<!-- algoritme_status no-chart -->" in nochart["algoritmen/algoritme-002.md"]
    assert "<!-- algoritmen_overzicht -->" in records["algoritmen/overzicht.md"]
    assert not [name for name in baseline if name.endswith(".csv")]
    # records-empty: the algorithms and their markers, not one record
    generate.generate_records("records-empty", 4, 30, 7, tmp_path / "empty")
    empty = _files(tmp_path / "empty")
    assert set(empty) == set(baseline)
    front = yaml.safe_load(empty["algoritmen/algoritme-001.md"].split("---")[1])["algoritme"]
    assert front == {key: value for key, value in page.items()
                     if key not in ("maatregelen", "status-bestand")}
    assert empty["algoritmen/algoritme-002.md"].split("---\n", 2)[2] == \
        records["algoritmen/algoritme-002.md"].split("---\n", 2)[2]
    assert set(baseline) | {name for name in records if name.endswith(".csv")} == set(records)
    for name, text in baseline.items():
        if name.startswith("algoritmen/"):
            assert "algoritme:" not in text and "<!--" not in text
            # the same text as in the records variant, without its markers
            body = [line for line in records[name].split("---\n", 2)[2].splitlines()
                    if not line.startswith("<!--")]
            assert [line for line in text.split("---\n", 2)[2].splitlines() if line] == \
                [line for line in body if line]
    plan = generate.records_edit_plan(4, 30, 7)
    path, old = generate.apply_records_edit(tmp_path / "records", plan)
    assert path.suffix == ".csv" and path.read_text(encoding="utf-8") != old


def test_phases_runs_one_phase_of_a_build(tmp_path):
    """benchmarks/phases.py (counted under valgrind in step 7): ``read``
    stops when the pages are read, ``load`` writes no page, ``write``
    writes only the pages asked for, from the environment a full build
    left, and ``--off rows`` leaves the tables' rows out of them,
    ``--off views`` the records views; ``--opcodes`` counts each
    function's bytecode instructions."""
    src, out = tmp_path / "src", tmp_path / "out"
    generate.generate_records("records", 2, 5, 7, src)
    env = {**__import__("os").environ,
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}

    def phases(*args: str) -> None:
        run = subprocess.run([sys.executable, str(BENCH / "phases.py"), *args],
                             capture_output=True, text=True, timeout=300, env=env)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]

    phases("read", str(src), str(tmp_path / "read"))
    assert (tmp_path / "read" / ".doctrees" / "algoritmen" / "algoritme-001.doctree").exists()
    assert not list((tmp_path / "read").rglob("*.html"))  # stopped before writing
    built = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src),
                            str(out)], capture_output=True, text=True, timeout=300, env=env)
    assert built.returncode == 0, built.stderr[-2000:]
    page = out / "algoritmen" / "algoritme-001.html"
    # (Sphinx writes index.html too: its toctree holds the pages written)
    other = next((out / "algoritmekader" / "maatregelen").glob("*.html"))
    assert "algokader-row" in page.read_text(encoding="utf-8")
    page.unlink()
    other.unlink()
    phases("load", str(src), str(out))
    assert not page.exists() and not other.exists()  # the checks only
    phases("write", str(src), str(out), "--pages", "algoritmen/", "--off", "rows")
    assert "algokader-status" in page.read_text(encoding="utf-8")
    assert "algokader-row" not in page.read_text(encoding="utf-8")
    assert not other.exists()
    phases("write", str(src), str(out), "--pages", "algoritmen/", "--off", "views,filters")
    assert "algokader-status" not in page.read_text(encoding="utf-8")
    # the functions' bytecode counts, the most first, the views' among them
    phases("write", str(src), str(out), "--pages", "algoritmen/", "--opcodes",
           str(tmp_path / "opcodes.txt"))
    total, *lines = (tmp_path / "opcodes.txt").read_text(encoding="utf-8").splitlines()
    counts = [int(line.split(" ", 1)[0]) for line in lines]
    assert int(total.split()[0]) == sum(counts) and counts == sorted(counts, reverse=True)
    assert any(line.endswith(" _status_rows") and "records/views.py:" in line for line in lines)
