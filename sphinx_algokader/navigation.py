"""The global navigation, built once per build instead of once per page.

Themes show the global toctree through the template function ``toctree()``
(alabaster's ``navigation.html``, sphinx-rtd-theme's menu, furo's sidebar,
the basic theme's ``globaltoc.html``). Sphinx answers every call by walking
the toctrees from the root and rendering the result with the docutils HTML
writer: per page, so a handbook of N pages pays for N navigations of up to N
entries each. On the official Algoritmekader (251 pages) that was a fifth of
the build.

With ``algokader_fast_navigation`` on (the default in compat mode), the
extension puts its own ``toctree()`` in the page context. It gives the same
HTML, byte for byte, as Sphinx's for the same arguments, and does the work
once per build:

1. **Once per build** (``Tree``): the toctrees are walked as Sphinx walks
   them, from the root document through ``env.tocs``, into one tree of
   entries (title, target, section anchor, the page whose table of contents
   the entry comes from, its depth there), and the parent of every page in
   the toctrees (``env.toctree_includes``, as Sphinx finds ancestors).
2. **Once per folder** (``View``): the HTML of an entry, ``<li>`` to
   ``</li>``, is the same on every page of one output folder unless the
   entry is on the current page's branch, because a relative link depends on
   the linking page only through its folder. Entries are rendered when first
   needed and kept.
3. **Per page**: the current page's ancestors decide which branches are open
   (``collapse``) and which entries are marked ``current``; only the entries
   on those branches are rendered for the page, the rest are joined from the
   folder's strings.

Why ``toctree()`` and not a sidebar template of our own: every theme that
shows the global toctree calls it, with its own options (alabaster's
``sidebar_collapse``, sphinx-rtd-theme's ``navigation_depth``, ...), so one
replacement serves them all, keeps the handbook's ``html_sidebars`` and the
theme's markup and CSS, and can be tested against Sphinx's own output page by
page (``tests/test_navigation.py``). A template would serve one theme and
show something else than that theme would.

Arguments the extension does not know, toctree entries it does not model
(``genindex``, ``modindex`` and ``search`` as entries, ``only`` directives
inside a table of contents) and builders other than ``html`` and ``dirhtml``
are answered by Sphinx's own ``toctree()``.

Incremental builds: a fingerprint of the navigation is kept in the
environment. When it changes (a page added, removed or moved, a title or
heading the navigation shows), every page is written again, so no page keeps
a stale navigation; Sphinx's own ``toctree()`` would re-write only the
changed pages and their parents.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging, url_re
from sphinx.util.nodes import clean_astext
from sphinx.util.osutil import relative_uri

logger = logging.getLogger(__name__)

#: builders whose pages link to each other as ``get_target_uri`` says
BUILDERS = ("html", "dirhtml")
#: toctree entries that name pages Sphinx makes itself (not modelled here)
GENERATED_ENTRIES = frozenset({"genindex", "modindex", "search"})
#: a navigation with more entries than this is left to Sphinx (a page
#: included from many places is expanded at every place)
MAX_ENTRIES = 500_000
#: the keyword arguments of the template function ``toctree()``
TOCTREE_ARGS = frozenset({"collapse", "includehidden", "maxdepth", "titles_only"})

#: docutils' HTML escapes (HTMLTranslator.special_characters)
_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord('"'): "&quot;", ord(">"): "&gt;",
            ord("@"): "&#64;"}


def _encode(text: str) -> str:
    return text.translate(_ESCAPES)


class Unsupported(Exception):
    """The toctrees use something this module does not model."""


class Hidden:
    """A hidden toctree that ``includehidden=False`` leaves out: it writes
    nothing, but a list holding only it writes no ``<ul>`` either."""

    __slots__ = ()


HIDDEN = Hidden()


class Entry:
    """One ``<li>`` of the navigation."""

    __slots__ = ("idx", "doc", "anchor", "url", "title", "text", "secnumber", "owner",
                 "tdepth", "children", "parent", "level", "root", "pos", "list_key",
                 "html_title")

    def __init__(self, idx: int, *, doc: str | None = None, anchor: str = "",
                 url: str | None = None, title: list[nodes.Node] | None = None,
                 text: str | None = None, secnumber: Any = None, owner: str | None = None,
                 tdepth: int = 0) -> None:
        self.idx = idx
        #: the page the entry links to (None for an external link)
        self.doc = doc
        #: "" for the page itself, "#id" for a section of it
        self.anchor = anchor
        self.url = url
        #: the title's nodes (from env.tocs), or ``text`` for a plain title
        self.title = title
        self.text = text
        self.secnumber = secnumber
        #: the page whose table of contents holds the entry, and its depth
        #: there (1: the page's top level); None for links and "self"
        self.owner = owner
        self.tdepth = tdepth
        #: the nested list, or None when there is none
        self.children: list[Entry | Hidden] | None = None
        self.parent: Entry | None = None
        #: 1 for the entries of a root toctree's list
        self.level = 0
        #: the root toctree it belongs to (index into Tree.roots)
        self.root = 0
        #: its position in its list, and the list's key: the parent's idx,
        #: or -1 - the root toctree's index
        self.pos = 0
        self.list_key = 0
        self.html_title: str | None = None


class Root:
    """A toctree of the root document."""

    __slots__ = ("caption", "maxdepth", "entries")

    def __init__(self, caption: str | None, maxdepth: int,
                 entries: list[Entry | Hidden]) -> None:
        self.caption = caption
        self.maxdepth = maxdepth
        self.entries = entries


class Tree:
    """Every toctree entry the navigation can show, walked once, as
    ``sphinx.environment.adapters.toctree`` walks them for one page."""

    def __init__(self, env: BuildEnvironment, includehidden: bool, titles_only: bool,
                 maxdepth: int) -> None:
        self.env = env
        self.count = 0
        #: docname -> its tocdepth (0: no limit)
        self.tocdepth: dict[str, int] = {}
        #: docname -> the entries that link to it (its title, its sections, "self")
        self.refs: dict[str, list[Entry]] = {}
        self.roots: list[Root] = []
        root_doc = env.config.root_doc
        for toctree in env.get_doctree(root_doc).findall(addnodes.toctree):
            hidden_ok = includehidden or toctree.get("includehidden", False)
            if toctree.get("hidden", False) and not includehidden:
                continue
            entries = self._entries(toctree, [], titles_only or toctree.get("titlesonly", False),
                                    hidden_ok)
            if not entries:
                continue  # Sphinx drops a toctree without entries, caption and all
            caption = toctree.attributes.get("caption")
            root = Root(caption or None, maxdepth or toctree.get("maxdepth", -1), entries)
            self._finish(root.entries, None, 1, len(self.roots))
            self.roots.append(root)
        #: docname -> the page whose toctree includes it (the last one, as Sphinx)
        self.parent_of: dict[str, str] = {}
        for parent, children in sorted(env.toctree_includes.items()):
            for child in children:
                self.parent_of[child] = parent

    def ancestors(self, docname: str) -> list[str]:
        """The page and its ancestors, as Sphinx's ``_get_toctree_ancestors``
        finds them (a page without a parent has none, not even itself)."""
        out: list[str] = []
        d = docname
        while d in self.parent_of and d not in out:
            out.append(d)
            d = self.parent_of[d]
        return out

    # -- building ----------------------------------------------------------

    def _new(self, **kwargs: Any) -> Entry:
        self.count += 1
        if self.count > MAX_ENTRIES:
            raise Unsupported(f"more than {MAX_ENTRIES} entries")
        return Entry(self.count, **kwargs)

    def _entries(self, toctree: addnodes.toctree, parents: list[str], titles_only: bool,
                 includehidden: bool) -> list[Entry | Hidden]:
        env = self.env
        out: list[Entry | Hidden] = []
        for title, ref in toctree["entries"]:
            if url_re.match(ref):
                out.append(self._new(url=ref, text=title or ref))
            elif ref == "self":
                doc = toctree["parent"]
                if doc not in env.titles:
                    continue
                entry = self._new(doc=doc, text=title or clean_astext(env.titles[doc]))
                self.refs.setdefault(doc, []).append(entry)
                out.append(entry)
            elif ref in GENERATED_ENTRIES and ref not in env.tocs:
                raise Unsupported(f"toctree entry {ref!r}")
            else:
                if ref in parents or ref not in env.tocs:
                    continue  # Sphinx warns (circular or missing) and leaves it out
                out.extend(self._page(title, ref, parents, titles_only, includehidden))
        return out

    def _page(self, title: str | None, ref: str, parents: list[str], titles_only: bool,
              includehidden: bool) -> list[Entry | Hidden]:
        """The entries of one page's table of contents, its toctrees resolved."""
        toc = self.env.tocs[ref]
        # (a page without docinfo, as a reST page without a field list, has
        # no metadata entry in a serial build)
        self.tocdepth[ref] = int(self.env.metadata.get(ref, {}).get("tocdepth", 0) or 0)
        top = self._toc_list(toc, ref, 1)
        if title and len(toc.children) == 1 and isinstance(top[0], Entry) \
                and top[0].doc == ref and not top[0].anchor:
            top[0].title, top[0].text = None, title
        if titles_only:
            # only the page's titles, and its toctrees below them (those the
            # copy to its tocdepth keeps)
            for entry in top:
                if isinstance(entry, Entry) and entry.children is not None:
                    found = list(_toctrees_in(entry.children, 2, self.tocdepth[ref]))
                    entry.children = found or None  # type: ignore[assignment]
        return self._resolve(top, [ref, *parents], titles_only, includehidden)

    def _toc_list(self, bullet_list: nodes.Element, owner: str,
                  tdepth: int) -> list[Any]:
        out: list[Any] = []
        for node in bullet_list.children:
            if isinstance(node, nodes.list_item):
                out.append(self._toc_item(node, owner, tdepth))
            elif isinstance(node, addnodes.toctree):
                out.append(_Pending(node))
            else:  # addnodes.only and anything else: Sphinx's own toctree() decides
                raise Unsupported(f"{node.tagname} in the table of contents of {owner!r}")
        return out

    def _toc_item(self, item: nodes.list_item, owner: str, tdepth: int) -> Entry:
        para = item.children[0] if item.children else None
        if not isinstance(para, addnodes.compact_paragraph) or not para.children \
                or not isinstance(para.children[0], nodes.reference):
            raise Unsupported(f"an unexpected entry in the table of contents of {owner!r}")
        ref = para.children[0]
        entry = self._new(doc=ref["refuri"], anchor=ref.get("anchorname", ""),
                          title=list(ref.children), secnumber=ref.get("secnumber"),
                          owner=owner, tdepth=tdepth)
        self.refs.setdefault(entry.doc, []).append(entry)
        for sub in item.children[1:]:
            if isinstance(sub, nodes.bullet_list):
                entry.children = self._toc_list(sub, owner, tdepth + 1)
            else:
                raise Unsupported(f"{sub.tagname} in the table of contents of {owner!r}")
        return entry

    def _resolve(self, elements: list[Any], parents: list[str], titles_only: bool,
                 includehidden: bool) -> list[Entry | Hidden]:
        out: list[Entry | Hidden] = []
        for element in elements:
            if isinstance(element, _Pending):
                if element.node.get("hidden", False) and not includehidden:
                    out.append(HIDDEN)
                else:
                    out.extend(self._entries(element.node, parents, titles_only, includehidden))
            else:
                if element.children is not None:
                    element.children = self._resolve(element.children, parents, titles_only,
                                                     includehidden)
                out.append(element)
        return out

    def _finish(self, elements: list[Entry | Hidden], parent: Entry | None, level: int,
                root: int) -> None:
        key = parent.idx if parent is not None else -1 - root
        for position, element in enumerate(elements):
            if isinstance(element, Entry):
                element.parent, element.level, element.root = parent, level, root
                element.pos, element.list_key = position, key
                if element.children is not None:
                    self._finish(element.children, element, level + 1, root)

    # -- what the build compares -------------------------------------------

    def fingerprint(self) -> str:
        """What the navigation shows on any page: when this changes between
        builds, every page is written again."""
        digest = hashlib.sha256()

        def add(elements: list[Entry | Hidden]) -> None:
            digest.update(b"[")
            for e in elements:
                if isinstance(e, Hidden):
                    digest.update(b"H;")
                    continue
                title = e.text if e.title is None else "".join(
                    n.astext() if isinstance(n, nodes.Text) else n.pformat() for n in e.title)
                digest.update(repr((e.doc, e.anchor, e.url, title, e.secnumber, e.owner,
                                    e.tdepth, self.tocdepth.get(e.owner or ""))).encode())
                if e.children is not None:
                    add(e.children)
            digest.update(b"]")

        for root in self.roots:
            digest.update(repr((root.caption, root.maxdepth)).encode())
            add(root.entries)
        digest.update(repr(sorted(self.parent_of.items())).encode())
        return digest.hexdigest()


class _Pending:
    """A toctree inside a table of contents, not yet resolved."""

    __slots__ = ("node",)

    def __init__(self, node: addnodes.toctree) -> None:
        self.node = node


def _toctrees_in(elements: list[Any], depth: int, tocdepth: int) -> Iterable[_Pending]:
    """The toctrees in a list at ``depth`` of a table of contents and in the
    lists below it, down to ``tocdepth``."""
    for element in elements:
        if isinstance(element, _Pending):
            yield element
        elif element.children is not None and (tocdepth <= 0 or depth + 1 <= tocdepth):
            yield from _toctrees_in(element.children, depth + 1, tocdepth)


class View:
    """One set of ``toctree()`` arguments in one build: the tree, and the
    HTML of entries per output folder."""

    def __init__(self, tree: Tree, builder: Any, collapse: bool) -> None:
        self.tree = tree
        self.builder = builder
        self.collapse = collapse
        self.suffix = builder.config.html_secnumber_suffix
        #: docname -> its URI from the output root
        self._uris: dict[str, str] = {}
        #: folder -> docname -> relative URI
        self._relative: dict[str, dict[str, str]] = {}
        #: folder -> list key -> the HTML of its entries off the current branch
        #: (and, last, how many are not written yet); the whole <ul> when no
        #: entry of it is on the branch (list key: Entry.list_key)
        self._list_parts: dict[str, dict[int, list[Any]]] = {}
        self._joined: dict[str, dict[int, str]] = {}

    # -- per page ----------------------------------------------------------

    def render(self, pagename: str) -> str:
        tree = self.tree
        ancestors = tree.ancestors(pagename)
        # pages whose whole table of contents shows (Sphinx deep-copies them)
        expanded = {d for d in ancestors if tree.tocdepth.get(d, 0) <= 0}
        current: set[int] = set()   # on the branch of a link to this page: "iscurrent"
        marked: set[int] = set()    # on the branch of a link to this page itself: "current"
        links: set[int] = set()     # the links to this page itself: <a class="current">
        hot: dict[int, list[Entry]] = {}  # list key -> its entries in ``current``
        for entry in tree.refs.get(pagename, ()):
            if not self._shown(entry, expanded):
                continue
            e: Entry | None = entry
            while e is not None and e.idx not in current:
                current.add(e.idx)
                hot.setdefault(e.list_key, []).append(e)
                e = e.parent
            if not entry.anchor:
                links.add(entry.idx)
                e = entry
                while e is not None and e.idx not in marked:
                    marked.add(e.idx)
                    e = e.parent
        base = self._uri(pagename)
        folder = base.rpartition("/")[0]
        page = _Page(pagename, base, folder, expanded, current, marked, links, hot)
        out = []
        for number, root in enumerate(tree.roots):
            if root.caption:
                out.append('<p class="caption" role="heading"><span class="caption-text">'
                           f"{_encode(root.caption)}</span></p>\n")
            out.append(self._list(root.entries, -1 - number, page, root.maxdepth))
        return "".join(out)

    def _shown(self, entry: Entry, expanded: set[str]) -> bool:
        """Whether Sphinx's walk for the page reaches ``entry`` (before it
        prunes to ``maxdepth``)."""
        e = entry.parent
        while e is not None:
            if not self._opens(e, expanded):
                return False
            e = e.parent
        return True

    def _opens(self, entry: Entry, expanded: set[str]) -> bool:
        """Whether the nested list of ``entry`` survives the copy of its
        page's table of contents (``_toctree_standard_entry``)."""
        if entry.children is None:
            return False
        if self.collapse:
            return entry.owner in expanded
        depth = self.tree.tocdepth.get(entry.owner or "", 0)
        return depth <= 0 or entry.tdepth + 1 <= depth

    def _list(self, elements: list[Entry | Hidden], key: int, page: _Page,
              maxdepth: int) -> str:
        """A ``<ul>``: the folder's HTML of its entries, but for those on the
        page's branch (``page.hot``), which are written for the page."""
        if len(elements) == 1 and elements[0] is HIDDEN:
            return ""  # Sphinx's writer skips a list holding only a toctree
        hot = page.hot.get(key)
        if not hot:
            joined = self._joined.setdefault(page.folder, {})
            html = joined.get(key)
            if html is None:
                html = joined[key] = "<ul>\n" + "".join(
                    self._parts(elements, key, page, maxdepth)) + "</ul>\n"
            return html
        parts = list(self._parts(elements, key, page, maxdepth))
        cls = ""
        for entry in hot:
            parts[entry.pos] = self._write(entry, page, maxdepth)
            if entry.idx in page.marked:
                cls = ' class="current"'
        return f"<ul{cls}>\n" + "".join(parts) + "</ul>\n"

    def _parts(self, elements: list[Entry | Hidden], key: int, page: _Page,
               maxdepth: int) -> list[str | None]:
        """The HTML of each entry of a list, as the pages of ``page``'s
        folder show it off their branch; None for an entry not yet written
        (it was on the branch of every page that needed it so far)."""
        cache = self._list_parts.setdefault(page.folder, {})
        cached = cache.get(key)
        if cached is None:
            cached = cache[key] = [None if isinstance(e, Entry) else "" for e in elements]
            cached.append(len(elements))  # how many are still None, at the end
        if cached[-1]:
            missing = 0
            for position, element in enumerate(elements):
                if cached[position] is None:
                    if element.idx in page.current:  # type: ignore[union-attr]
                        missing += 1
                    else:
                        cached[position] = self._write(element, page,  # type: ignore[arg-type]
                                                       maxdepth)
            cached[-1] = missing
        return cached[:-1]

    def _write(self, entry: Entry, page: _Page, maxdepth: int) -> str:
        mark = " current" if entry.idx in page.marked else ""
        if entry.url is not None:
            link = f'<a class="reference external" href="{_encode(entry.url)}">'
        else:
            href = self._href(entry.doc, page) + entry.anchor  # type: ignore[arg-type]
            link = (f'<a class="current reference internal" href="{_encode(href or "#")}">'
                    if entry.idx in page.links
                    else f'<a class="reference internal" href="{_encode(href or "#")}">')
        html = f'<li class="toctree-l{entry.level}{mark}">{link}{self._title(entry)}</a>'
        if (entry.children is not None and self._opens(entry, page.expanded)
                and (entry.level + 1 <= maxdepth or maxdepth <= 0)
                and (not self.collapse or entry.idx in page.current)):
            html += self._list(entry.children, entry.idx, page, maxdepth)
        return html + "</li>\n"

    # -- shared by the pages of a build ------------------------------------

    def _title(self, entry: Entry) -> str:
        if entry.html_title is None:
            number = ""
            if entry.secnumber:
                number = ".".join(map(str, entry.secnumber)) + self.suffix
            if entry.title is None:
                text = _encode(entry.text or "")
            elif all(isinstance(n, nodes.Text) for n in entry.title):
                text = _encode("".join(n.astext() for n in entry.title))
            else:  # inline markup (code, emphasis): the HTML writer, once
                para = addnodes.compact_paragraph("", "", *(n.deepcopy() for n in entry.title))
                text = self.builder.render_partial(para)["fragment"]
            entry.html_title = number + text
        return entry.html_title

    def _uri(self, docname: str) -> str:
        uri = self._uris.get(docname)
        if uri is None:
            uri = self._uris[docname] = self.builder.get_target_uri(docname)
        return uri

    def _href(self, docname: str, page: _Page) -> str:
        target = self._uri(docname)
        if target == page.base:
            return ""
        # relative_uri depends on the linking page only through its folder
        cache = self._relative.setdefault(page.folder, {})
        href = cache.get(docname)
        if href is None:
            href = cache[docname] = relative_uri(page.base, target)
        return href


class _Page:
    __slots__ = ("name", "base", "folder", "expanded", "current", "marked", "links", "hot")

    def __init__(self, name: str, base: str, folder: str, expanded: set[str],
                 current: set[int], marked: set[int], links: set[int],
                 hot: dict[int, list[Entry]]) -> None:
        self.name, self.base, self.folder = name, base, folder
        self.expanded, self.current, self.marked, self.links = expanded, current, marked, links
        self.hot = hot


# --------------------------------------------------------------------------
# wiring


def enabled(config: Config) -> bool:
    """On when set, and by default in compat mode (``algokader_mkdocs_config``)."""
    setting = config.algokader_fast_navigation
    if setting is None:
        return bool(config.algokader_mkdocs_config)
    return bool(setting)


def _check(app: Sphinx, config: Config) -> None:
    if config.algokader_fast_navigation not in (None, True, False):
        raise ConfigError("algokader_fast_navigation must be True, False or None (on in "
                          f"compat mode only), got {config.algokader_fast_navigation!r}")


def _memo(env: BuildEnvironment) -> dict[Any, Any]:
    # per build (reset after every read phase), never pickled; each writer
    # process of -j N has its own copy
    from sphinx_algokader.index import get_index

    return get_index(env).memo("navigation")


def _tree(env: BuildEnvironment, includehidden: bool, titles_only: bool, maxdepth: int,
          report: bool = False) -> Tree | None:
    """The tree for these arguments, built once per build (None: Sphinx's
    own toctree() is used)."""
    memo = _memo(env)
    key = ("tree", includehidden, titles_only, maxdepth)
    if key not in memo:
        try:
            memo[key] = Tree(env, includehidden, titles_only, maxdepth)
        except Unsupported as reason:
            # said once per build, by the main process (env-get-updated)
            (logger.info if report else logger.debug)(
                "algokader: the navigation is left to Sphinx's toctree(): %s", reason)
            memo[key] = None
    return memo[key]


def _arguments(kwargs: dict[str, Any]) -> tuple[bool, bool, int, bool] | None:
    """``toctree()``'s arguments as Sphinx reads them (its defaults: collapse,
    no hidden toctrees); None for arguments this module does not know."""
    if set(kwargs) - TOCTREE_ARGS:
        return None
    maxdepth = kwargs.get("maxdepth", 0)
    try:
        maxdepth = 0 if maxdepth == "" or maxdepth is None else int(maxdepth)
    except (TypeError, ValueError):
        return None
    return (bool(kwargs.get("collapse", True)), bool(kwargs.get("includehidden", False)),
            maxdepth, bool(kwargs.get("titles_only", False)))


def toctree_function(app: Sphinx, pagename: str,
                     original: Callable[..., str]) -> Callable[..., str]:
    """A ``toctree()`` for the page context of ``pagename``."""
    env, builder = app.env, app.builder

    def toctree(**kwargs: Any) -> str:
        arguments = _arguments(kwargs)
        if arguments is None:
            return original(**kwargs)
        collapse, includehidden, maxdepth, titles_only = arguments
        tree = _tree(env, includehidden, titles_only, maxdepth)
        if tree is None:
            return original(**kwargs)
        memo = _memo(env)
        key = ("view", collapse, includehidden, maxdepth, titles_only)
        view = memo.get(key)
        if view is None:
            view = memo[key] = View(tree, builder, collapse)
        return view.render(pagename)

    return toctree


def _on_html_page_context(app: Sphinx, pagename: str, templatename: str,
                          context: dict[str, Any], doctree: nodes.document | None) -> None:
    if app.builder.name not in BUILDERS or not enabled(app.config):
        return
    original = context.get("toctree")
    if callable(original):
        context["toctree"] = toctree_function(app, pagename, original)


def _on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page, when what the navigation shows changed."""
    if app.builder.name not in BUILDERS or not enabled(app.config):
        return []
    tree = _tree(env, True, False, 0, report=True)
    fingerprint = tree.fingerprint() if tree is not None else ""
    previous = getattr(env, "algokader_navigation", None)
    env.algokader_navigation = fingerprint  # type: ignore[attr-defined]
    if previous is None or previous == fingerprint:
        return []
    return sorted(env.found_docs)


def setup(app: Sphinx) -> None:
    app.add_config_value("algokader_fast_navigation", None, "html",
                         types=frozenset({bool, type(None)}))
    app.connect("config-inited", _check)
    # before themes read toctree() in their own handlers (furo: priority 500)
    app.connect("html-page-context", _on_html_page_context, priority=400)
    # after Sphinx's toctree collector has numbered the sections
    app.connect("env-get-updated", _on_env_get_updated, priority=900)
