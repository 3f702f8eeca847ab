"""When requirements apply: the reference date and dates as readers see them.

A requirement's ``geldt-vanaf`` dates (``model.ApplicationDate``) are shown
in a column, a badge, the downloads and the JSON export. The reference date
(``algokader_peildatum``, by default the day of the build) decides which
requirements do not apply yet: those are marked in every builder, and left
out of lists with ``algokader_applicable_only``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from sphinx_algokader.model import ApplicationDate

_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")

_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


def _lang(language: str | None) -> str:
    return "nl" if (language or "").split("_")[0] == "nl" else "en"


def reference_date(config: Any) -> str:
    """The ISO date against which "applies yet" is judged."""
    value = config.algokader_peildatum
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return datetime.date.fromisoformat(value).isoformat() if value \
        else datetime.date.today().isoformat()


def format_date(iso: str, language: str | None) -> str:
    """``2027-12-02`` -> ``2 december 2027`` (nl) or ``2 December 2027``."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {_MONTHS[_lang(language)][day.month - 1]} {day.year}"


def describe(dates: Sequence[ApplicationDate], language: str | None) -> str:
    """Every date with its condition: ``2 december 2027 (bijlage III); ...``."""
    return "; ".join(format_date(d.date, language) + (f" ({d.condition})" if d.condition else "")
                     for d in dates)


def not_yet_note(dates: Sequence[ApplicationDate], language: str | None) -> str:
    """What a requirement that does not apply yet is marked with."""
    first = format_date(dates[0].date, language)
    return f"geldt vanaf {first}" if _lang(language) == "nl" else f"applies from {first}"


def check_setting(value: Any) -> bool:
    """Whether ``algokader_peildatum`` is None, a date or an ISO date string."""
    if value is None or isinstance(value, datetime.date):
        return True
    if not isinstance(value, str) or not _ISO_DATE_RE.fullmatch(value):
        return False
    try:
        return bool(datetime.date.fromisoformat(value))
    except ValueError:
        return False
