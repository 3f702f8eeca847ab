"""Configuration values, declared with types and checked once at start-up."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_algokader.dates import check_setting
from sphinx_algokader.diagnostics import emit
from sphinx_algokader.model import AI_ACT_KEYS, KINDS
from sphinx_algokader.profile import unknown_values
from sphinx_algokader.spreadsheets import FORMATS
from sphinx_algokader.vocabulary import get_vocabulary

#: name -> (default, rebuild, description) of the general settings; each feature
#: module declares its own (tests/test_docs.py checks the reference has them all)
CONFIG_VALUES: dict[str, tuple[object, str, str]] = {
    "algokader_kind_folders": (
        {"vereiste": "vereisten", "maatregel": "maatregelen", "hulpmiddel": "hulpmiddelen"},
        "env",
        "folder name per kind: a page without a framework URN in such a folder is an item",
    ),
    "algokader_label_folders": (
        {"levenscyclus": "levenscyclus", "rollen": "rollen", "onderwerp": "onderwerpen"},
        "env",
        "folder name per label key: where badges find the page of a label value",
    ),
    "algokader_peildatum": (
        None,
        "env",
        "the reference date (YYYY-MM-DD) for 'applies yet'; None: the day of the build",
    ),
    "algokader_applicable_only": (
        False,
        "env",
        "leave requirements that do not apply yet on algokader_peildatum out of lists",
    ),
    "algokader_profile": (
        {},
        "env",
        "a build-time AI Act profile ({label: value or [values]}) that tailors every list of vereisten",
    ),
    "algokader_vocabulary": (
        {},
        "env",
        "extra label keys, values and law codes, merged into the shipped vocabularies",
    ),
}


def _check(app: Sphinx, config: Config) -> None:
    kind_folders = config.algokader_kind_folders
    if not isinstance(kind_folders, Mapping) or set(kind_folders) - set(KINDS) or not all(
        isinstance(v, str) and v and "/" not in v for v in kind_folders.values()
    ):
        raise ConfigError(
            "algokader_kind_folders must map kinds (vereiste, maatregel, hulpmiddel) "
            f"to folder names without slashes, got {kind_folders!r}")
    label_folders = config.algokader_label_folders
    if not isinstance(label_folders, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v and "/" not in v
        for k, v in label_folders.items()
    ):
        raise ConfigError(
            "algokader_label_folders must map label keys to folder names without "
            f"slashes, got {label_folders!r}")
    profile = config.algokader_profile
    if not isinstance(profile, Mapping) or any(
            key not in AI_ACT_KEYS or not (
                isinstance(value, str) or isinstance(value, (list, tuple))
                and all(isinstance(v, str) for v in value))
            for key, value in profile.items()):
        raise ConfigError(
            "algokader_profile must map AI Act profile labels "
            f"({', '.join(AI_ACT_KEYS)}) to a value or a list of values, got {profile!r}")
    for name in ("algokader_embed", "algokader_applicable_only", "algokader_strict",
                 "algokader_measure_algorithms"):
        if not isinstance(getattr(config, name), bool):
            raise ConfigError(f"{name} must be True or False, got {getattr(config, name)!r}")
    for name in ("algokader_urn_lock", "algokader_organization", "algokader_content_language",
                 "algokader_mkdocs_config", "algokader_embed_dir"):
        if not isinstance(getattr(config, name), str):
            raise ConfigError(f"{name} must be a string, got {getattr(config, name)!r}")
    downloads = config.algokader_downloads
    if not isinstance(downloads, (list, tuple)) or not all(
            isinstance(f, str) and f in FORMATS for f in downloads):
        raise ConfigError("algokader_downloads must be a list of formats "
                          f"({', '.join(FORMATS)}), got {downloads!r}")
    if not check_setting(config.algokader_peildatum):
        raise ConfigError("algokader_peildatum must be a date (YYYY-MM-DD) or None, "
                          f"got {config.algokader_peildatum!r}")
    try:
        get_vocabulary(config.algokader_vocabulary)
    except (ValueError, TypeError, AttributeError) as error:
        raise ConfigError(f"algokader_vocabulary is malformed: {error}") from error
    vocabulary = get_vocabulary(config.algokader_vocabulary)
    pairs = [(key, value) for key, values in profile.items()
             for value in ([values] if isinstance(values, str) else values)]
    for message in unknown_values(pairs, vocabulary):
        emit("bad_token", f"algokader_profile: {message}; no requirement carries it, "
             "so the lists show only requirements without this label", None, False)


#: LaTeX settings the extension makes where a handbook has not: A4 paper (the
#: Dutch government's size); lists bring their own column widths
LATEX_DEFAULTS: dict[str, str] = {"papersize": "a4paper"}


#: characters of the framework's texts that pdflatex does not know by default
PDFLATEX_UNICODE = r"""
% sphinx-algokader: characters in framework texts that pdflatex does not know
\DeclareUnicodeCharacter{202F}{\,}
\DeclareUnicodeCharacter{2003}{\quad}
\DeclareUnicodeCharacter{200B}{\hspace{0pt}}
\DeclareUnicodeCharacter{2011}{-}
\DeclareUnicodeCharacter{2082}{\ensuremath{_2}}
\DeclareUnicodeCharacter{2075}{\ensuremath{^5}}
\DeclareUnicodeCharacter{203A}{\guilsinglright}
\DeclareUnicodeCharacter{2192}{\ensuremath{\rightarrow}}
\DeclareUnicodeCharacter{2190}{\ensuremath{\leftarrow}}
\DeclareUnicodeCharacter{2713}{\ensuremath{\checkmark}}
\DeclareUnicodeCharacter{2717}{\ensuremath{\times}}
\DeclareUnicodeCharacter{2139}{i}
% invisible marks that text pasted from elsewhere brings along: direction
% marks and overrides, a byte-order mark, and line and paragraph separators
\DeclareUnicodeCharacter{200E}{}\DeclareUnicodeCharacter{200F}{}
\DeclareUnicodeCharacter{202A}{}\DeclareUnicodeCharacter{202B}{}
\DeclareUnicodeCharacter{202C}{}\DeclareUnicodeCharacter{202D}{}
\DeclareUnicodeCharacter{202E}{}\DeclareUnicodeCharacter{2066}{}
\DeclareUnicodeCharacter{2067}{}\DeclareUnicodeCharacter{2068}{}
\DeclareUnicodeCharacter{2069}{}\DeclareUnicodeCharacter{FEFF}{}
\DeclareUnicodeCharacter{2028}{ }\DeclareUnicodeCharacter{2029}{ }
"""


#: LaTeX for the extension's inline classes (docutils writes ``\DUrole``)
LATEX_ROLES = r"""
% sphinx-algokader: a short code such as avg-10 never breaks at its hyphen
\expandafter\def\csname DUrolealgokader-nobreak\endcsname#1{\mbox{#1}}
% the text of a cell of a list's table: ragged right, as narrow columns are
\expandafter\def\csname DUrolealgokader-ragged\endcsname#1{\raggedright\arraybackslash#1}
% a URL in a table (\sphinxurl, the url package): never hyphenated; it breaks
% after / . ? = & # _ : and, only where a column is narrower than the text
% between two of those, after a letter or a digit
\expandafter\def\csname DUrolealgokader-url\endcsname#1{{%
  \def\UrlBigBreaks{\do\/\do\.\do\?\do\=\do\&\do\#\do\_\do\:}%
  \def\UrlBreaks{\do\a\do\b\do\c\do\d\do\e\do\f\do\g\do\h\do\i\do\j\do\k\do\l\do\m%
    \do\n\do\o\do\p\do\q\do\r\do\s\do\t\do\u\do\v\do\w\do\x\do\y\do\z%
    \do\A\do\B\do\C\do\D\do\E\do\F\do\G\do\H\do\I\do\J\do\K\do\L\do\M%
    \do\N\do\O\do\P\do\Q\do\R\do\S\do\T\do\U\do\V\do\W\do\X\do\Y\do\Z%
    \do0\do1\do2\do3\do4\do5\do6\do7\do8\do9}%
  \mathchardef\UrlBigBreakPenalty=0 \mathchardef\UrlBreakPenalty=9000 #1}}
"""


def latex_hyphenation(config: Config) -> str:
    """TeX's hyphenation of the vocabulary's long words (its hyphenation
    list, every syllable), for the whole document: the tables' names, and
    the same words in titles and text. TeX's own Dutch patterns break some
    of them wrongly (``organisatieve-rantwoordelijkheden``, ``facts-heet``)."""
    words = [w for w in get_vocabulary(config.algokader_vocabulary).hyphenation_patterns(
        config.language) if w.isascii()]
    if not words:
        return ""
    listed = " ".join(words)
    return ("\n% sphinx-algokader: where the long words of the vocabulary break\n"
            f"\\ifdefined\\babelhyphenation\\babelhyphenation{{{listed}}}"
            f"\\else\\hyphenation{{{listed}}}\\fi\n")


def _latex_defaults(app: Sphinx, config: Config) -> None:
    elements = dict(config.latex_elements or {})
    for key, value in LATEX_DEFAULTS.items():
        elements.setdefault(key, value)
    # the handbook's own preamble comes after ours
    elements["preamble"] = LATEX_ROLES + latex_hyphenation(config) + elements.get("preamble", "")
    if config.latex_engine == "pdflatex":
        elements["preamble"] = PDFLATEX_UNICODE + elements["preamble"]
    config.latex_elements = elements


def setup(app: Sphinx) -> None:
    for name, (default, rebuild, _description) in CONFIG_VALUES.items():
        types = frozenset({str, datetime.date}) if default is None else frozenset({type(default)})
        app.add_config_value(name, default, rebuild, types=types)
    app.connect("config-inited", _check)
    app.connect("config-inited", _latex_defaults)
