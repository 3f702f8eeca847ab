"""A handbook translated with Sphinx's gettext workflow.

A ministry writes in Dutch and publishes an English translation:
``-b gettext``, ``.po`` files under ``locale_dirs``, a build with
``language = "en"``. The author's words go through it, the generated tables
take the extension's own English: a directive's ``:caption:`` reaches the
message catalog and is translated (it never did: it was read after
translation), a page whose title is translated says ``<html lang="en">``
(it said ``nl``, as the framework's untranslated pages rightly do), and a
download's column headers are all English.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import ROOTS, build, warnings_of

PAGE = """\
# Lijsten

```{list-maatregelen}
:caption: Maatregelen voor iedereen
```

```{algoritme-status} no-chart
:algoritme: chatbot
:caption: Stand van de chatbot
```
"""


def _po(entries: dict[str, str]) -> str:
    head = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return head + "".join(f'msgid "{k}"\nmsgstr "{v}"\n\n' for k, v in entries.items())


def test_a_translated_handbook(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOTS / "test-records", src)
    (src / "lijsten.md").write_text(PAGE, encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("algoritmen/*\n",
                                                                "algoritmen/*\nlijsten\n", 1))
    settings = {"gettext_compact": False, "locale_dirs": ["locale"]}

    pot = build(src, "gettext", confoverrides=settings)
    assert warnings_of(pot) == []
    catalog = (Path(pot.outdir) / "lijsten.pot").read_text(encoding="utf-8")
    assert 'msgid "Maatregelen voor iedereen"' in catalog
    assert 'msgid "Stand van de chatbot"' in catalog
    assert "algokader" not in catalog  # no generated table, marker or class

    messages = src / "locale" / "en" / "LC_MESSAGES"
    (messages / "maatregelen").mkdir(parents=True)
    (messages / "lijsten.po").write_text(_po({
        "Lijsten": "Lists", "Maatregelen voor iedereen": "Measures for everyone",
        "Stand van de chatbot": "State of the chatbot"}), encoding="utf-8")
    (messages / "maatregelen" / "0-org-01-beleid.po").write_text(
        _po({"Stel beleid vast": "Set a policy"}), encoding="utf-8")
    app = build(src, confoverrides={**settings, "language": "en"})
    assert warnings_of(app) == []
    out = Path(app.outdir)
    lists = (out / "lijsten.html").read_text(encoding="utf-8")
    captions = re.findall(r'<span class="caption-text">([^<]*)</span>', lists)
    assert captions == ["Measures for everyone", "State of the chatbot"]
    assert 'aria-label="State of the chatbot"' in lists
    # the translated title names the measure in the list
    assert '"doc">Set a policy</span></a>' in lists

    def lang(page: str) -> str:
        return re.search(r'<html lang="([^"]+)"', (out / page).read_text("utf-8"))[1]

    assert lang("maatregelen/0-org-01-beleid.html") == "en"  # translated
    assert lang("maatregelen/0-org-02-evaluatie.html") == "nl"  # the framework's Dutch


def test_every_download_header_is_english_in_an_english_handbook():
    from sphinx_algokader.model import KNOWN_LABEL_KEYS
    from sphinx_algokader.vocabulary import FREE_KEY_NAMES, get_vocabulary

    vocabulary = get_vocabulary({})
    assert vocabulary.key_name("uitzondering", "en") == "Exception"
    # every key a download can have a column for has a name of its own (it
    # was its Dutch key, capitalised)
    assert [key for key in KNOWN_LABEL_KEYS
            if key not in vocabulary.labels and key not in FREE_KEY_NAMES] == []
