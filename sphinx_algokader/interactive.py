"""HTML-only extras: search, filters, the AI Act profile, and the download links.

``InteractiveLists`` runs after the lists are resolved, only for the html
and dirhtml builders, so no other writer sees what it adds: a control panel
(hidden until the script shows it, so without JavaScript the full table
shows and nothing is broken), links to the list's downloads
(``downloads.py``), and the list's rows as a JSON data island
(``<script type="application/json">``, read with ``JSON.parse``). It reads
a list's spec and rows from the index (``index.list_rows``), by the
docname and position the resolved container carries. The script and style
sheet are added only to pages that hold a list or badges.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform

from sphinx_algokader.columns import COLUMNS
from sphinx_algokader.downloads import BUILDERS, add_download_links
from sphinx_algokader.index import Index, Row, get_index, list_rows, list_use
from sphinx_algokader.model import AI_ACT_KEYS, Item
from sphinx_algokader.resolve import resolved_list
from sphinx_algokader.spec import ListSpec
from sphinx_algokader.vocabulary import Vocabulary, get_vocabulary

_ = get_translation("sphinx_algokader")

STATIC = Path(__file__).parent / "static"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _json_for_script(data: object) -> str:
    """JSON that cannot end its ``<script>`` element early."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _filter_html(list_id: str, key: str, label: str, values: Sequence[str],
                 vocabulary: Vocabulary, language: str) -> str:
    boxes = "".join(
        f'<label class="algokader-option"><input type="checkbox" value="{_esc(value)}"> '
        f"{_esc(vocabulary.value_name(key, value, language))}</label>"
        for value in values)
    legend = _("Filter on %s") % label.lower()
    return (f'<details class="algokader-filter" data-key="{_esc(key)}">'
            f'<summary>{_esc(label)}<span class="algokader-filter-count"></span></summary>'
            f'<fieldset><legend class="algokader-visually-hidden">{_esc(legend)}</legend>'
            f"{boxes}</fieldset></details>")


def _profile_html(list_id: str, vocabulary: Vocabulary, language: str | None) -> str:
    fields = []
    for key in AI_ACT_KEYS:
        entry = vocabulary.labels.get(key)
        if entry is None:
            continue
        options = "".join(
            f'<label class="algokader-option"><input type="checkbox" value="{_esc(value)}"> '
            f"{_esc(name.pick(language))}</label>" for value, name in entry.values.items())
        fields.append(f'<fieldset class="algokader-field" data-key="{_esc(key)}">'
                      f"<legend>{_esc(entry.name.pick(language))}</legend>{options}</fieldset>")
    return (f'<details class="algokader-profile"><summary>{_esc(_("AI Act profile"))}'
            f'<span class="algokader-profile-state"></span></summary>'
            f'<p class="algokader-help">{_esc(_("Choose what your AI system is, to see only the requirements that apply to it. Your choice is kept for every page of this handbook."))}</p>'
            f'<div class="algokader-fields">{"".join(fields)}</div>'
            f'<p class="algokader-profile-actions">'
            f'<button type="button" class="algokader-profile-clear">{_esc(_("Clear profile"))}</button> '
            f'<a class="algokader-profile-link" href="">{_esc(_("Link to this profile"))}</a></p>'
            f"</details>")


def controls_html(spec: ListSpec, rows: Sequence[Row], list_id: str,
                  vocabulary: Vocabulary, language: str | None) -> str:
    parts = []
    if spec.search:
        search_id = f"{list_id}-search"
        parts.append(f'<div class="algokader-field algokader-search"><label for="{search_id}">'
                     f'{_esc(_("Search"))}</label><input type="search" id="{search_id}" '
                     f'autocomplete="off"></div>')
        for name in spec.columns:
            column = COLUMNS[name]
            key = column.label
            if not key:
                continue
            present = {v for row in rows if isinstance(row, Item) for v in row.labels.get(key, ())}
            if not present:
                continue
            entry = vocabulary.labels.get(key)
            order = list(entry.values) if entry is not None else []
            values = sorted(present, key=lambda v: (order.index(v) if v in order else len(order), v))
            header = column.header_text(spec.kind, vocabulary, language)
            parts.append(_filter_html(list_id, key, header, values, vocabulary, language))
    if spec.kind == "vereiste" and any(isinstance(r, Item) and any(k in r.labels for k in AI_ACT_KEYS)
                                       for r in rows):
        parts.append(_profile_html(list_id, vocabulary, language))
    if not parts:
        return ""
    one, other = _("1 result"), _("%s results") % "{n}"
    parts.append(f'<p class="algokader-count" role="status" aria-live="polite" '
                 f'data-one="{_esc(one)}" data-other="{_esc(other)}"></p>')
    return f'<div class="algokader-controls" hidden>{"".join(parts)}</div>'


def rows_json(index: Index, rows: Sequence[Row]) -> str:
    """The data island of a list: ``{"rows": [{"labels": {...}}, ...]}``,
    each item's part made once per build (docname -> JSON, in a memo of the
    index)."""
    memo = index.memo("interactive.rows_json")
    parts = []
    for row in rows:
        if isinstance(row, str):
            parts.append('{"labels":{}}')
            continue
        part = memo.get(row.docname)
        if part is None:
            part = memo[row.docname] = _json_for_script(
                {"labels": {k: list(v) for k, v in row.labels.items()}})
        parts.append(part)
    return '{"rows":[' + ",".join(parts) + "]}"


class InteractiveLists(SphinxPostTransform):
    default_priority = 6  # right after ResolvePlaceholders
    builders = BUILDERS

    def run(self, **kwargs: Any) -> None:
        vocabulary = get_vocabulary(self.config.algokader_vocabulary)
        language = self.config.language
        index = get_index(self.env)
        for container in list(self.document.findall(nodes.container)):
            found = resolved_list(container)
            if found is None:
                continue
            docname, position = found
            spec = list_use(self.env, docname, position).spec
            rows = list_rows(self.env, docname, position)
            list_id = container["ids"][0]
            controls = controls_html(spec, rows, list_id, vocabulary, language)
            if controls:
                container.insert(0, nodes.raw("", controls, format="html"))
            add_download_links(container, spec, docname, list_id, self.config)
            container += nodes.raw(
                "", f'<script type="application/json" class="algokader-data">'
                    f"{rows_json(index, rows)}</script>", format="html")


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: nodes.document | None) -> None:
    """Only pages with a list, badges or a collapsible get the script and style."""
    if doctree is None or app.builder.format != "html":
        return
    body = context.get("body", "")
    if "algokader-" in body or "<details" in body:
        app.add_css_file("algokader.css")
        if "algokader-controls" in body:
            app.add_js_file("algokader.js", loading_method="defer")


def _add_static_path(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> None:
    app.add_post_transform(InteractiveLists)
    app.connect("builder-inited", _add_static_path)
    app.connect("html-page-context", add_assets)
