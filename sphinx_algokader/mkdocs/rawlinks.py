"""Links in a page's raw HTML, read as MkDocs' directory URLs.

MkDocs serves ``a/b.md`` at ``a/b/`` (``use_directory_urls``, its default),
and it leaves the links inside raw HTML as they are written: the official
source's ``<a href="ai-verordening/tijdlijn-ai-verordening/">`` on its home
page, or ``<a href="../ontwerp">`` on ``levenscyclus/over-de-levenscyclus``,
are written for those URLs. Sphinx's pages are ``a/b.html``, where the same
links lead nowhere. In compat mode, a relative link in raw HTML that names a
page the MkDocs way (a path without a file suffix, with or without a
trailing ``/``) becomes the link to that page in the builder's own URLs; one
that names no page is reported (``algokader.markdown``) and left as it is.
Links with a suffix (files, ``.md``), a scheme, an absolute path or only a
fragment are left alone.
"""

from __future__ import annotations

import posixpath
import re
from html import escape, unescape
from docutils import nodes
from sphinx.application import Sphinx

from sphinx_algokader.diagnostics import warn

_HREF_RE = re.compile(r"""((?<![\w-])href\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def directory_url_target(docname: str, href: str) -> str | None:
    """The page path (without suffix) that ``href`` on page ``docname``
    names on an MkDocs site with directory URLs; None for a link that is
    not a relative link to a page."""
    path = href.partition("#")[0].partition("?")[0]
    if not path or path.startswith("/") or _SCHEME_RE.match(path):
        return None
    if "." in posixpath.basename(path.rstrip("/")):
        return None  # a file (or .md, which MkDocs leaves unresolved in raw HTML)
    # the page's own URL is a folder: "a/b/" for a/b.md, "a/" for a/index.md
    folder = posixpath.dirname(docname) if posixpath.basename(docname) == "index" \
        else docname
    target = posixpath.normpath(posixpath.join(folder, path))
    return "" if target == "." else target


def rewrite_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On ``doctree-resolved``, for the HTML builders in compat mode."""
    if app.config.algokader_mkdocs_site is None or app.builder.format != "html":
        return
    docs = app.env.all_docs
    builder = app.builder
    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split():
            continue
        text = node.astext()

        def rewrite(match: re.Match[str]) -> str:
            href = unescape(match.group(3))
            target = directory_url_target(docname, href)
            if target is None:
                return match.group(0)
            found = next((d for d in (target, posixpath.join(target, "index") if target
                                      else "index") if d in docs), None)
            if found is None:
                warn("markdown", f"raw HTML link {href!r} names no page (read as the "
                     f"official site's address {target + '/' if target else '/'})",
                     (docname, node.line), app.env)
                return match.group(0)
            fragment = href.partition("#")[2]
            uri = builder.get_relative_uri(docname, found)
            if fragment:
                uri = f"{uri.partition('#')[0]}#{fragment}"
            return f"{match.group(1)}{match.group(2)}{escape(uri)}{match.group(2)}"

        new = _HREF_RE.sub(rewrite, text)
        if new != text:
            node.replace(node[0], nodes.Text(new))
