"""What the data builders share: the builder that resolves no page, page
URLs, file names given once, the removal of stale files, and the task
registry's vocabulary.

The data outputs are ``export.py`` (``algokader-json``,
``algokader-taskregistry``), ``oscal.py`` (``algokader-oscal``),
``needs.py`` (``algokader-needs``) and ``records/systemcard.py``
(``algokader-systemcard``). Each writes its files in ``finish()`` from the
index; what more than one of them needs lives here, so that none imports
another builder's module for it (``records/`` must not import
``export.py``: ``export.py`` imports ``records/data.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.builders import Builder

from sphinx_algokader.embed import inside


def page_url(config: Any, docname: str) -> str:
    """The item's page on the published site (``html_baseurl``), or relative."""
    suffix = config.html_file_suffix or ".html"
    base = (config.html_baseurl or "").rstrip("/")
    return f"{base}/{docname}{suffix}" if base else f"{docname}{suffix}"


class DataBuilder(Builder):
    """A builder that writes data files in ``finish()`` from the index and
    resolves no page, so it costs little more than the read phase."""

    allow_parallel = True

    def get_outdated_docs(self) -> Iterable[str]:
        return []  # files for the whole handbook, written in finish()

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return page_url(self.config, docname)

    def prepare_writing(self, docnames: set[str]) -> None:
        pass

    def write_documents(self, docnames: set[str]) -> None:
        pass  # no page is resolved: the index has all we need

    def write_doc(self, docname: str, doctree: Any) -> None:  # pragma: no cover
        pass

    def write_file(self, relative: str, text: str) -> None:
        """Write ``text`` to ``relative`` in the output folder (UTF-8), its
        folders made as needed; a file that already holds the text is left
        as it is, so that its time stays that of its last change (tools
        that sync or watch the folder see only what changed)."""
        path = Path(self.outdir) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


class FileNames:
    """The names of the files a builder writes, each given once.

    Two things to write may want one name: two items whose names differ
    only in case (``DPIA.md`` beside ``dpia.md``), or two algorithm ids
    that make the same safe name (``a/b`` beside ``a-b``). Both are kept:
    the second gets the first free ``stem-2``, ``stem-3``, ...; names are
    compared case-folded, as a file system that ignores case (macOS,
    Windows) would take two such names for one file."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}  # name, case-folded -> what it is written for
        #: the names given, in order (for ``remove_stale``)
        self.names: list[str] = []

    def claim(self, stem: str, suffix: str, owner: str) -> tuple[str, str | None]:
        """The name to write ``owner``'s file to, and what ``stem + suffix``
        is written for already (None when it was free)."""
        name, n = stem + suffix, 1
        while name.casefold() in self._owners:
            n += 1
            name = f"{stem}-{n}{suffix}"
        taken = self._owners[(stem + suffix).casefold()] if n > 1 else None
        self._owners[name.casefold()] = owner
        self.names.append(name)
        return name, taken


def remove_stale(outdir: Path, listing: str, written: Iterable[str]) -> None:
    """Remove the files a builder wrote last time and not now, and list what
    it wrote now in ``outdir / listing``.

    Files of items or algorithms that are gone or renamed would be stale
    duplicates; a file the builder did not write (the output folder may hold
    others) is never removed, nor one outside ``outdir``. A name that differs
    from one written now only in case is removed only when it is another
    file: on a file system that ignores case (macOS, Windows) it is the file
    just written."""
    names = sorted(written)
    kept = set(names)
    folded: dict[str, list[str]] = {}
    for name in names:
        folded.setdefault(name.casefold(), []).append(name)
    outdir.mkdir(parents=True, exist_ok=True)  # the listing, also of nothing written
    path = outdir / listing
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = []
    for name in before if isinstance(before, list) else []:
        if not isinstance(name, str) or name in kept:
            continue
        stale = inside(outdir, name)
        if stale is None or any(_same_file(stale, outdir / other)
                                for other in folded.get(name.casefold(), ())):
            continue
        stale.unlink(missing_ok=True)
    path.write_text(json.dumps(names, indent=0) + "\n", encoding="utf-8")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# --------------------------------------------------------------------------
# the government task registry's vocabulary, which AMT's system cards share

TASK_REGISTRY_SCHEMA_VERSION = "1.1.0"

#: our AI Act labels -> the registry's ai_act_profile fields and values
AI_ACT_PROFILE: dict[str, tuple[str, dict[str, str]]] = {
    "soort-toepassing": ("type", {
        "ai-systeem": "AI-systeem",
        "ai-systeem-voor-algemene-doeleinden": "AI-systeem voor algemene doeleinden",
        "ai-model-voor-algemene-doeleinden": "AI-model voor algemene doeleinden",
        "geen-algoritme": "geen algoritme",
        "impactvol-algoritme": "impactvol algoritme",
        "niet-impactvol-algoritme": "niet-impactvol algoritme",
    }),
    "open-source": ("open_source", {"open-source": "open-source",
                                    "geen-open-source": "geen open-source"}),
    "risicogroep": ("risk_group", {
        "hoog-risico-ai-systeem": "hoog-risico AI",
        "geen-hoog-risico-ai-systeem": "geen hoog-risico AI",
        "verboden-ai": "verboden AI",
        "uitzondering-van-toepassing": "uitzondering van toepassing",
    }),
    "systeemrisico": ("systemic_risk", {"systeemrisico": "systeemrisico",
                                        "geen-systeemrisico": "geen systeemrisico"}),
    "transparantieverplichting": ("transparency_obligations", {
        "transparantieverplichting": "transparantieverplichting",
        "geen-transparantieverplichting": "geen transparantieverplichting"}),
    "rol-ai-act": ("role", {v: v for v in ("aanbieder", "gebruiksverantwoordelijke",
                                           "importeur", "distributeur")}),
}

#: the lifecycle phases the registry knows (its enum); others are left out
LIFECYCLE = ("probleemanalyse", "ontwerp", "dataverkenning-en-datapreparatie", "ontwikkelen",
             "organisatieverantwoordelijkheden", "verificatie-en-validatie", "implementatie",
             "monitoring-en-beheer", "uitfaseren")
