"""Build an official Algoritmekader source (MkDocs) unchanged.

``algokader_mkdocs_config = "../mkdocs.yml"`` in ``conf.py`` switches this
on: the site's ``nav:`` becomes the toctree, its MkDocs-only Markdown is
converted line for line before MyST parses a page, its glossary becomes
abbreviations, and front-matter titles name the pages, as on the
framework's own site.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform

from sphinx_algokader.diagnostics import warn
from sphinx_algokader.i18n import add_message_catalog
from sphinx_algokader.mkdocs import blocks, glossary, rawlinks
from sphinx_algokader.mkdocs.markdown import convert, symlink_target
from sphinx_algokader.mkdocs.site import Site, load_site, plan_toctrees, toctree_markdown
from sphinx_algokader.scanner import split_front_matter

MYST_EXTENSIONS = ("colon_fence", "attrs_inline")


def slugify(value: str) -> str:
    """Heading anchors as Python-Markdown's ``toc`` extension makes them."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def site_of(config: Config) -> Site | None:
    return config.algokader_mkdocs_site


def _on_config_inited(app: Sphinx, config: Config) -> None:
    setting = config.algokader_mkdocs_config
    if not setting:
        config.algokader_mkdocs_site = None
        return
    path = (Path(app.confdir) / setting).resolve()
    try:
        site = load_site(path)
    except (OSError, ValueError) as error:
        raise ConfigError(f"algokader_mkdocs_config: cannot read {path}: {error}") from error
    if Path(site.docs_dir) != Path(app.srcdir).resolve():
        raise ConfigError(
            f"algokader_mkdocs_config: {path.name} builds {site.docs_dir}, but the Sphinx "
            f"source folder is {app.srcdir}; put conf.py in the MkDocs docs folder")
    config.algokader_mkdocs_site = site
    extensions = list(config.myst_enable_extensions or ())
    config.myst_enable_extensions = extensions + [e for e in MYST_EXTENSIONS if e not in extensions]
    if not config.myst_heading_anchors:
        config.myst_heading_anchors = 6
    if config.myst_heading_slug_func is None:
        config.myst_heading_slug_func = "sphinx_algokader.mkdocs.slugify"
    # MkDocs' own settings where the handbook left Sphinx's defaults
    if site.language and config.language in (None, "en"):
        config.language = site.language
        # Sphinx loaded the extension's texts for the old language; its own
        # (the theme's, LaTeX's) it loaded before any extension, for good
        # (docs/howto/official-source.md)
        add_message_catalog(app)
    if site.site_name and config.project in ("", "Project name not set"):
        config.project = site.site_name


def _plan(app: Sphinx, env: BuildEnvironment) -> dict:
    site = site_of(app.config)
    if site is None:
        return {}
    return plan_toctrees(site.nav, env.found_docs, app.config.root_doc)


def _on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added: set[str],
                         changed: set[str], removed: set[str]) -> list[str]:
    """Pages whose generated toctrees change (a page was added or removed)
    are read again."""
    new = _plan(app, env)
    old = getattr(env, "algokader_toctrees", {})
    env.algokader_toctrees = new  # type: ignore[attr-defined]
    return sorted(d for d in set(new) | set(old)
                  if new.get(d) != old.get(d) and d in env.found_docs)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    site = site_of(app.config)
    if site is None:
        return
    path = app.env.doc2path(docname)
    if path.suffix != ".md":
        return
    text = source[0]
    target = symlink_target(text)
    if target is not None:
        linked = (path.parent / target).resolve()
        project = Path(site.path).resolve().parent  # the folder of mkdocs.yml
        if not linked.is_relative_to(project):
            # only links inside the MkDocs project are followed: a page must
            # not publish any file the build can read
            warn("markdown", f"{target!r} looks like a symbolic link checked out as text, "
                 f"but points outside the MkDocs project ({project}): not followed",
                 (docname, 1), app.env)
        elif linked.is_file():
            app.env.note_dependency(str(linked))
            text = linked.read_text(encoding="utf-8")
        else:  # a dangling link: shown as its path, said once per build
            app.env.note_dependency(str(linked))  # read again once it exists
            warn("markdown", f"{target!r} looks like a symbolic link checked out as text, "
                 "but names no file: the page shows the path", (docname, 1), app.env)
    lines = text.split("\n")
    end = split_front_matter([line + "\n" for line in lines])
    start = end + 1 if end else 0

    def report(line: int, message: str) -> None:
        warn("markdown", message, (docname, line + 1), app.env)

    lines[start:] = convert(lines[start:], report, offset=start)
    text = "\n".join(lines)
    trees = getattr(app.env, "algokader_toctrees", {}).get(docname)
    if trees:
        text = text.rstrip("\n") + "\n" + toctree_markdown(trees)
    source[0] = text


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """As on the official site, the front-matter title names the page (in
    the toctree and the HTML title), even where its H1 says otherwise."""
    if site_of(app.config) is None:
        return
    env = app.env
    title = env.metadata.get(env.docname, {}).get("title")
    if isinstance(title, str) and title.strip():
        env.titles[env.docname] = nodes.title(title, title)
        env.longtitles[env.docname] = nodes.title(title, title)


_NUMBERED_RE = re.compile(r"(.*)_(\d+)")


class PythonMarkdownAnchors(SphinxTransform):
    """A repeated heading's anchor as Python-Markdown's ``toc`` numbers it
    (``x``, ``x_1``, ``x_2``), beside MyST's (``x``, ``x-1``, ``x-2``), so
    that ``page.md#x_1`` links of the official source reach it, on the page
    and from other pages. Runs before MyST resolves a page's own ``#``
    links (priority 879); the slugs it adds are MyST's own slug table,
    which the links from other pages read too."""

    default_priority = 870

    def apply(self, **kwargs: object) -> None:
        slugs = getattr(self.document, "myst_slugs", None)
        if not slugs or site_of(self.config) is None:
            return
        used: set[str] = set()
        for slug, entry in list(slugs.items()):  # in the order of the page
            base = slugify(entry[2])
            if slug != base and not slug.startswith(base + "-"):
                used.add(slug)  # not one MyST numbered
                continue
            anchor = base
            while anchor in used:
                numbered = _NUMBERED_RE.fullmatch(anchor)
                anchor = (f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered
                          else f"{anchor}_1")
            used.add(anchor)
            section = self.document.ids.get(entry[1])
            if anchor == slug or anchor in slugs or anchor in self.document.ids \
                    or section is None:
                continue
            slugs[anchor] = entry
            section["ids"].append(anchor)
            self.document.ids[anchor] = section


def setup(app: Sphinx) -> None:
    app.add_config_value("algokader_mkdocs_config", "", "env", types=frozenset({str}))
    # computed from the file above; a change in mkdocs.yml or the glossary
    # changes this value and so rebuilds the environment
    app.add_config_value("algokader_mkdocs_site", None, "env", types=frozenset({Site, type(None)}))
    app.connect("config-inited", _on_config_inited, priority=400)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("source-read", _on_source_read, priority=400)
    app.connect("doctree-read", _on_doctree_read, priority=600)
    app.add_transform(glossary.GlossaryTransform)
    app.add_transform(PythonMarkdownAnchors)
    app.connect("doctree-resolved", rawlinks.rewrite_links)
    blocks.setup(app)


