"""The package's shape: no import cycle, and doctrees that hold plain data."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sphinx_algokader"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports, at any level of the
    file (function-level imports included), with the packages whose
    ``__init__`` such an import runs (``_with_packages``)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in modules:
                    found.add(target)  # a submodule
                elif base in modules:
                    found.add(base)
    return _with_packages(name, found, modules) - {name}


def _with_packages(name: str, targets: set[str], modules: set[str]) -> set[str]:
    """``targets`` and the packages whose ``__init__`` Python runs first when
    ``name`` imports them: importing ``a.b.c`` from outside package ``a.b``
    runs ``a/b/__init__.py`` (and what its ``setup`` imports is part of the
    graph too). From inside ``a.b`` that ``__init__`` has already started,
    so a package importing its own parts is no cycle."""
    found = set(targets)
    for target in targets:
        package = target.rpartition(".")[0]
        while package in modules and not (name == package or name.startswith(package + ".")):
            found.add(package)
            package = package.rpartition(".")[0]
    return found


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(paths)
    return {name: _imports(path, modules) for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "active"
        for target in sorted(graph[node]):
            if state.get(target) == "active":
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return cycles


def test_the_import_graph_is_read():
    graph = _graph()
    assert "sphinx_algokader.index" in graph["sphinx_algokader.collector"]
    # a function-level import counts
    assert "sphinx_algokader.index" in graph["sphinx_algokader.diagnostics"]
    assert _cycles({"a": {"b"}, "b": {"a"}}) == [["a", "b", "a"]]
    # importing a package's module runs the package's __init__ first ...
    modules = {"p", "p.q", "p.q.m", "p.q.n", "x"}
    assert _with_packages("x", {"p.q.m"}, modules) == {"p.q.m", "p.q", "p"}
    # ... which has already started for the package's own modules
    assert _with_packages("p.q.n", {"p.q.m"}, modules) == {"p.q.m"}
    assert _with_packages("p.q", {"p.q.m"}, modules) == {"p.q.m"}
    assert "sphinx_algokader.records" in graph["sphinx_algokader.collector"]


def test_no_import_cycle_counting_function_level_imports():
    assert _cycles(_graph()) == []


@pytest.mark.sphinx("xml", testroot="basic", freshenv=True)
def test_xml_output_holds_no_python_objects(app):
    app.build()
    for path in sorted(app.outdir.rglob("*.xml")):
        text = path.read_text(encoding="utf-8")
        for repr_start in ("ListSpec(", "Item(", "ListUse(", "<sphinx_algokader"):
            assert repr_start not in text, (path.name, repr_start)
    page = (app.outdir / "levenscyclus" / "ontwikkelen.xml").read_text(encoding="utf-8")
    # the lists are there, as plain docutils tables with resolved links
    assert page.count("<table") >= 3 and "algokader-row" in page
    assert "<pending_xref" not in page and 'refuri="../vereisten/avg-02-beperkte-bewaartermijn"' in page


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_the_read_environment_is_frozen_while_writing_and_thawed_after(app):
    """``gcpause.py`` keeps the garbage collector off what a build holds once
    its pages are read, while it writes them, and gives the process back as
    it found it: nothing stays frozen after the build."""
    import gc

    frozen_while_writing = []
    app.connect("doctree-resolved",
                lambda app, doctree, docname: frozen_while_writing.append(gc.get_freeze_count()))
    assert gc.get_freeze_count() == 0
    app.build()
    assert frozen_while_writing and min(frozen_while_writing) > 10_000
    assert gc.get_freeze_count() == 0


def test_every_folder_that_ships_files_is_a_listed_package():
    """setuptools warns that files in a folder missing from ``packages``
    "would be ignored" (and may leave them out of the wheel one day): the
    framework's pages, the data, the catalogs and the static files."""
    from setuptools.config.setupcfg import read_configuration

    root = PACKAGE.parent
    options = read_configuration(root / "setup.cfg")["options"]
    listed, package_dir = set(options["packages"]), options["package_dir"]
    folders = {}  # folder -> its package name
    for package, folder in [("sphinx_algokader", PACKAGE),
                            *((name, root / path) for name, path in package_dir.items())]:
        for sub in [folder, *folder.rglob("*")]:
            if sub.is_dir() and sub.name != "__pycache__" and any(
                    f.is_file() and f.suffix not in (".pyc", ".pyo") for f in sub.iterdir()):
                rel = sub.relative_to(folder).parts
                folders[sub] = ".".join((package, *rel))
    missing = sorted(set(folders.values()) - listed)
    assert not missing, f"add to setup.cfg's packages: {missing}"
    assert "sphinx_algokader.content.maatregelen" in folders.values()


def test_every_per_page_field_of_the_store_is_purged_and_merged():
    """What a page's reading finds is kept by docname in the Store; a field
    missing from ``Store.PER_PAGE`` would keep a removed page's data, or
    lose a worker's in a parallel build."""
    import dataclasses

    from sphinx_algokader.index import Store

    transient = {"index", "source_lines", "source_keys", "resolved", "read_now",
                 "read_records"}  # never pickled: rebuilt, or of this build only
    whole = {"global_problems", "lock_failures", "checked", "fingerprints"}  # the main process's
    fields = {f.name for f in dataclasses.fields(Store)}
    assert fields - transient - whole == set(Store.PER_PAGE)
    store, other = Store(), Store()
    for name in Store.PER_PAGE:
        getattr(other, name)["p"] = name
    store.take(other, "p")
    assert all(getattr(store, name) == {"p": name} for name in Store.PER_PAGE)
    store.forget("p")
    assert all(getattr(store, name) == {} for name in Store.PER_PAGE)
