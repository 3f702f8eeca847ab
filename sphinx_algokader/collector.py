"""The environment collector: framework items and list placeholders, per document.

``AlgokaderCollector`` follows Sphinx's own environment collectors: records
are made on ``doctree-read`` (after Sphinx's MetadataCollector has filled
``env.metadata``), dropped on purge, merged after parallel reads, and
``get_updated_docs`` returns the listing pages whose resolved lists changed
(``index.fingerprint``), so an edit to one item re-writes exactly the pages
that show it. What is collected lives in the ``Store`` of ``index.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms import SphinxTransform

from sphinx_algokader import changes
from sphinx_algokader.diagnostics import warn
from sphinx_algokader.index import ListUse, fingerprint, get_index, get_store
from sphinx_algokader.locations import front_matter_line, record_location, status_file_path
from sphinx_algokader.model import (
    APPLIES_FROM_KEY,
    EXPLANATION_TITLES,
    RECORD_KEY,
    STATEMENT_TITLES,
    URN_PREFIXES,
    Item,
    decode_applies_from,
    decode_labels,
    decode_value,
    item_kind,
    urn_of,
)
from sphinx_algokader.nodes import algokader_list, algokader_tags, spec_of
from sphinx_algokader.profile import ExpressionError, unknown_values
from sphinx_algokader.profile import parse as parse_expression
from sphinx_algokader.records.model import (
    Algorithm,
    MeasureRecord,
    RecordProblem,
    decode_algorithm,
    file_digest,
    read_status_file,
    status_forms,
)
from sphinx_algokader.records.views import (
    ViewSpec,
    ViewUse,
    algokader_view,
    auto_view,
    view_fingerprint,
)
from sphinx_algokader.scanner import is_markdown
from sphinx_algokader.vocabulary import get_vocabulary


def section_texts(doctree: nodes.document) -> tuple[str, str]:
    """The plain text of the statement and explanation sections of a page
    (their own paragraphs and lists, not subsections, lists or badges)."""
    found = {"statement": "", "explanation": ""}
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if title is None:
            continue
        name = title.astext().strip()
        key = "statement" if name in STATEMENT_TITLES else \
            "explanation" if name in EXPLANATION_TITLES else None
        if key is None or found[key]:
            continue
        parts = [plain_text(child) for child in section.children
                 if not isinstance(child, (nodes.title, nodes.section, nodes.raw, nodes.comment,
                                           algokader_list, algokader_tags))]
        found[key] = "\n\n".join(p for p in parts if p)
    return found["statement"], found["explanation"]


def plain_text(node: nodes.Node) -> str:
    """Text of a block, with list items marked as in Markdown."""
    if isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
        lines = []
        for n, item in enumerate(node.children, start=1):
            marker = f"{n}." if isinstance(node, nodes.enumerated_list) else "-"
            text = "\n".join(plain_text(c) for c in item.children).strip()
            lines.append(f"{marker} " + text.replace("\n", "\n   "))
        return "\n".join(lines)
    return node.astext().strip()


def _heading(env: BuildEnvironment, docname: str) -> str:
    """A page's title where its front matter gives none: its heading, else
    its docname."""
    title_node = env.titles.get(docname)
    return title_node.astext() if title_node is not None else docname


class AlgokaderCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        get_store(env).forget(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
        store, theirs = get_store(env), get_store(other)
        for docname in docnames:
            store.take(theirs, docname)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        store = get_store(env)
        store.index = None

        uses = []
        for position, node in enumerate(doctree.findall(algokader_list)):
            node["position"] = position  # how the resolved list finds its rows
            uses.append(ListUse(spec_of(node), node.get("line")))
        if uses:
            store.lists[docname] = uses
        tags = [node["which"] for node in doctree.findall(algokader_tags)]
        if tags:
            store.tags[docname] = tags
        if app.config.algokader_measure_algorithms and self.is_measure(app, docname) and not any(
                node["view"] == "maatregel" for node in doctree.findall(algokader_view)):
            doctree += auto_view(docname)
        views = []
        for position, node in enumerate(doctree.findall(algokader_view)):
            node["position"] = position
            views.append(ViewUse(ViewSpec.from_attributes(node), node.get("line")))
        if views:
            store.views[docname] = views
        changes.collect(env, docname, doctree)

        metadata = env.metadata.get(docname, {})
        # the record: read by source.py from a Markdown page's front matter,
        # else (a reST page's field list) from the page's metadata
        read = store.read_records.pop(docname, None)
        if read is None and RECORD_KEY in metadata:
            read = decode_algorithm(docname, decode_value(metadata[RECORD_KEY]),
                                    status_forms(app.config.algokader_statuses))
        if read is not None:
            self.collect_record(app, metadata, *read)
        urn = urn_of(metadata)  # (an empty "id:" is None, not "null")
        kind = item_kind(docname, urn, app.config.algokader_kind_folders)
        labels, relations, problems = decode_labels(metadata)
        for problem in problems:
            warn(problem.subtype, problem.message,
                 (docname, front_matter_line(env, docname, problem.key)), env)
        if kind is None:
            return
        for expression in labels.get("uitzondering", ()):
            try:
                parse_expression(expression)
            except ExpressionError as error:
                warn("uitzondering", f"uitzondering {expression!r} does not parse: {error}",
                     (docname, front_matter_line(env, docname, "uitzondering")), env)
        title = metadata.get("title")
        if decode_value(title) is None:
            title = None
        elif isinstance(decode_value(title), (list, dict)):
            warn("front_matter", f"title must be text, not {decode_value(title)!r}; the page's "
                 "own heading names it", (docname, front_matter_line(env, docname, "title")), env)
            title = None
        has_title = isinstance(title, str) and bool(title.strip())
        if not has_title:
            title = _heading(env, docname)
        applies_from, date_problems = decode_applies_from(metadata.get(APPLIES_FROM_KEY))
        for problem in date_problems:
            warn(problem.subtype, problem.message,
                 (docname, front_matter_line(env, docname, problem.key)), env)
        statement, explanation = section_texts(doctree)
        store.items[docname] = Item(
            docname=docname,
            kind=kind,
            title=title.strip(),
            urn=urn,
            path=env.doc2path(docname, False).as_posix(),
            labels=labels,
            relations=relations,
            statement=statement,
            explanation=explanation,
            has_title=has_title or not is_markdown(app.config, env.doc2path(docname)),
            applies_from=applies_from,
        )

    @staticmethod
    def is_measure(app: Sphinx, docname: str) -> bool:
        urn = urn_of(app.env.metadata.get(docname, {}))
        return item_kind(docname, urn, app.config.algokader_kind_folders) == "maatregel"

    def collect_record(self, app: Sphinx, metadata: dict[str, object],
                       algorithm: Algorithm | None, problems: list[RecordProblem]) -> None:
        """The page's algorithm record (``decode_algorithm``), with its title,
        and its status file's records (a build dependency) after the front
        matter's."""
        env = app.env
        docname = env.docname
        records: list[MeasureRecord] = []
        if algorithm is not None and algorithm.status_file:
            relative = algorithm.status_file
            path = status_file_path(env, docname, relative)
            if not path.resolve().is_relative_to(Path(env.srcdir).resolve()):
                # (symbolic links followed): a record must not publish a
                # file the build can read, nor quote it in a warning
                problems = problems + [RecordProblem(
                    "status_file", f"status-bestand {relative!r} lies outside the source "
                    "folder; it is not read", key="status-bestand")]
            else:
                # by the name the page gives it, not where a symbolic link
                # leads: a link pointed at another file is a changed file
                env.note_dependency(str(path))
                get_store(env).status_files[docname] = (str(path), file_digest(path))
                records, file_problems = read_status_file(
                    path, relative, status_forms(app.config.algokader_statuses))
                problems = problems + file_problems
        vocabulary = get_vocabulary(app.config.algokader_vocabulary)
        phases = vocabulary.labels.get("levenscyclus")
        if algorithm is not None and algorithm.fase and phases is not None \
                and algorithm.fase not in phases.values:
            problems.append(RecordProblem(
                "unknown_phase", f"fase {algorithm.fase!r} is not a lifecycle phase "
                f"({', '.join(phases.values)}); every measure counts as due", key="fase"))
        if algorithm is not None:
            # a misspelt value applies no requirement that carries its label:
            # the record would read as having fewer gaps, without a word
            problems = problems + [RecordProblem(
                "bad_token", f"profiel: {message}; no requirement carries it, so only the "
                f"requirements without the label {key!r} apply", key=key, within="profiel")
                for (key, value) in algorithm.profiel
                for message in unknown_values([(key, value)], vocabulary)]
        for problem in problems:
            warn(problem.subtype, problem.message,
                 record_location(env, docname, problem.key, problem.source, problem.line,
                                 problem.within), env)
        if algorithm is not None:
            title = decode_value(metadata.get("title"))
            if not isinstance(title, str) or not title.strip():
                title = _heading(env, docname)
            get_store(env).algorithms[docname] = dataclasses.replace(
                algorithm, title=title.strip(), records=algorithm.records + tuple(records),
                line=front_matter_line(env, docname, RECORD_KEY))

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """The pages whose lists or badges differ from what was last
        *written*: Sphinx pickles the environment before it writes, so a
        build interrupted while writing must not count as written."""
        store = get_store(env)
        index = get_index(env)
        old = _read_written(app)
        new: dict[str, str] = {}
        for docname in set(store.lists) | set(store.tags) | set(store.views) | set(store.changes):
            new[docname] = fingerprint(env, index, docname, view_fingerprint(env, docname)
                                       + changes.changes_fingerprint(env, docname))
        store.fingerprints = new
        return sorted(d for d, value in new.items() if old.get(d) != value)


def _written_file(app: Sphinx) -> Path:
    """Where the fingerprints of the pages as last written are kept: beside
    the doctrees, one file per builder and output folder."""
    key = hashlib.blake2b(str(app.outdir).encode(), digest_size=6).hexdigest()
    return Path(app.doctreedir) / f"algokader-written-{app.builder.name}-{key}.json"


def _read_written(app: Sphinx) -> dict[str, str]:
    """docname -> fingerprint as last written ({} before the first build)."""
    try:
        data = json.loads(_written_file(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A page about to be written (in the main process, also under -j N)."""
    get_store(app.env).resolved.add(docname)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Record what the pages written by this build show. Only a build that
    finished counts, and only the pages it resolved: a build of named files
    (``sphinx-build ... FILE``) writes those alone, and the other pages keep
    the fingerprint of what they show, so the next build re-writes them."""
    if exception is not None:
        return
    store = get_store(app.env)
    before = _read_written(app)
    written = {docname: value for docname, value in store.fingerprints.items()
               if docname in store.resolved}
    written.update({docname: value for docname, value in before.items()
                    if docname in store.fingerprints and docname not in store.resolved})
    store.resolved.clear()
    path = _written_file(app)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")


def changed_status_files(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """The record pages whose status file changed since they were read,
    by content: Sphinx looks at a dependency's modification time only, and
    a file copied or moved into place (``cp -p``, ``mv``, a sync tool)
    keeps an older one."""
    return sorted(docname for docname, (path, digest) in get_store(env).status_files.items()
                  if docname not in removed and docname not in changed
                  and file_digest(Path(path)) != digest)


def pages_sharing_a_urn(app: Sphinx, env: BuildEnvironment, added: set[str],
                        changed: set[str], removed: set[str]) -> list[str]:
    """The other item pages with the URN of a page removed or read again:
    of pages that share one URN only the first read has it as a label
    (``UrnLabel``), so when that page goes, or its URN changes, another
    must be read again to take the label over."""
    items = get_store(env).items
    urns = {items[d].urn for d in removed | changed if d in items and items[d].urn}
    if not urns:
        return []
    return sorted(d for d, item in items.items()
                  if item.urn in urns and d not in removed and d not in changed)


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    get_store(env).index = None
    get_index(env)


class UrnLabel(SphinxTransform):
    """An item page's URN is a label of its title: ``{ref}`urn:nl:ak:mtr:org-16```
    links the page, by its title, from anywhere in the handbook, and from
    another project through intersphinx (``objects.inv`` holds it as a
    ``std:label``), whatever the page's file is called in a later edition.

    Runs after docutils has made the front matter a docinfo (340) and
    before Sphinx's domains collect the page's labels (850). The name is
    added to the page's first section, as an explicit target there would
    add it; a page that names the URN itself (``(urn:...)=``) keeps its own,
    and of two pages with one URN (``algokader.duplicate_id``) only one has
    it: the one read first, or, in a parallel build, the one whose process
    Sphinx merges last (Sphinx's own warning of a duplicate label, which
    this avoids, cannot be silenced)."""

    default_priority = 345

    def apply(self, **kwargs: Any) -> None:
        info = next((n for n in self.document.children if isinstance(n, nodes.docinfo)), None)
        if info is None:
            return
        urn = next((decode_value(field[1].astext()) for field in info.findall(nodes.field)
                    if field[0].astext().strip() == "id"), None)
        if not isinstance(urn, str) or not urn.strip().startswith(tuple(URN_PREFIXES.values())):
            return
        section = next((n for n in self.document.children if isinstance(n, nodes.section)), None)
        name = nodes.fully_normalize_name(urn)
        if section is None or not section["ids"] or name in self.document.nameids \
                or name in self.env.domains.standard_domain.labels:
            return
        section["names"].append(name)
        self.document.nameids[name] = section["ids"][0]
        self.document.nametypes[name] = True


def setup(app: Sphinx) -> None:
    app.add_transform(UrnLabel)
    app.add_env_collector(AlgokaderCollector)
    app.connect("env-updated", _on_env_updated)
    app.connect("env-get-outdated", changed_status_files)
    app.connect("env-get-outdated", pages_sharing_a_urn)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("build-finished", _on_build_finished)
