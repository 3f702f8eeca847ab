"""When requirements apply: the reference date and dates as readers see them.

A requirement's ``geldt-vanaf`` dates (``model.ApplicationDate``) are shown
in a column, a badge, the downloads and the JSON export. The reference date
(``algokader_peildatum``, by default the day of the build) decides which
requirements do not apply yet: those are marked in every builder, and left
out of lists with ``algokader_applicable_only``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from sphinx_algokader.model import ApplicationDate, iso_date
from sphinx_algokader.vocabulary import Name

#: the phrases of a date's text, in the handbook's language
APPLIES_FROM = Name("geldt vanaf", "applies from")
NOT_YET = Name("nog niet van toepassing", "not yet applicable")

_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def _lang(language: str | None) -> str:
    return Name("nl", "en").pick(language)  # the one rule for Dutch or English


def reference_date(config: Any) -> str:
    """The ISO date against which "applies yet" is judged."""
    value = config.algokader_peildatum
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return iso_date(value) or datetime.date.today().isoformat()


def format_date(iso: str, language: str | None) -> str:
    """``2027-12-02`` -> ``2 december 2027`` (nl) or ``2 December 2027``."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {_MONTHS[_lang(language)][day.month - 1]} {day.year}"


def describe(dates: Sequence[ApplicationDate], language: str | None, iso: bool = False) -> str:
    """Every date with its condition: ``2 december 2027 (bijlage III); ...``,
    or with ``iso`` ``2027-12-02 (bijlage III); ...`` (for other tools)."""
    return "; ".join((d.date if iso else format_date(d.date, language))
                     + (f" ({d.condition})" if d.condition else "") for d in dates)


def applies_from_text(date: ApplicationDate, language: str | None, pending: bool = False,
                      condition: bool = True) -> str:
    """``geldt vanaf 2 december 2027 (bijlage III), nog niet van toepassing``."""
    text = f"{APPLIES_FROM.pick(language)} {format_date(date.date, language)}"
    if condition and date.condition:
        text += f" ({date.condition})"
    return f"{text}, {NOT_YET.pick(language)}" if pending else text


def not_yet_note(dates: Sequence[ApplicationDate], language: str | None) -> str:
    """What a requirement that does not apply yet is marked with, after its title."""
    return applies_from_text(dates[0], language, condition=False)


def check_setting(value: Any) -> bool:
    """Whether ``algokader_peildatum`` is None, a date or an ISO date string."""
    return value is None or isinstance(value, datetime.date) or bool(iso_date(value))
