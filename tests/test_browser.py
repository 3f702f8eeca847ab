"""The interactive lists in a real browser: Debian's Chromium, driven by
Playwright, against a handbook served on 127.0.0.1. Skipped when either is
missing (CI installs both)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from conftest import CORPUS, build, embedded_handbook, serve
from sphinx_algokader.index import get_index
from sphinx_algokader.profile import ExpressionError, applies, holds, parse

VECTORS = json.loads((Path(__file__).parent / "vectors" / "profile.json").read_text())


@pytest.fixture(scope="module")
def handbook(tmp_path_factory):
    """The bundled framework, embedded in a fresh handbook, built to HTML."""
    folder = embedded_handbook(tmp_path_factory.mktemp("browser"))
    # a reference date after every geldt-vanaf date: titles carry no "geldt vanaf" mark
    with open(folder / "conf.py", "a") as conf:
        conf.write('algokader_peildatum = "2031-01-01"\n')
    return build(folder)


@pytest.fixture(scope="module")
def server(handbook):
    with serve(handbook.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def visible_titles(page, list_selector: str) -> list[str]:
    return page.eval_on_selector_all(
        f"{list_selector} tbody > tr",
        "rows => rows.filter(r => !r.hidden && r.offsetParent !== null)"
        ".map(r => r.querySelector('td a, td').textContent.trim())")


def expected_titles(handbook, predicate) -> list[str]:
    index = get_index(handbook.env)
    return [item.title for item in index.by_kind["vereiste"] if predicate(item)]


ALL = "algoritmekader/vereisten/index.html"
LIST = "#algokader-vereisten-1"


def test_search(page, server, handbook):
    page.goto(f"{server}/{ALL}")
    page.fill(f"{LIST} input[type=search]", "persoonsgegevens")
    titles = visible_titles(page, LIST)
    assert titles and len(titles) < len(expected_titles(handbook, lambda i: True))
    rows = page.eval_on_selector_all(f"{LIST} tbody > tr:not([hidden])", "rs => rs.map(r => r.textContent.toLowerCase())")
    assert all("persoonsgegevens" in text for text in rows)
    assert page.text_content(f"{LIST} .algokader-count") == f"{len(titles)} resultaten"


def test_filters_or_within_and_across(page, server, handbook):
    page.goto(f"{server}/{ALL}")
    page.click(f"{LIST} .algokader-filter[data-key=levenscyclus] summary")
    page.check(f"{LIST} .algokader-filter[data-key=levenscyclus] input[value=uitfaseren]")
    assert visible_titles(page, LIST) == expected_titles(
        handbook, lambda i: "uitfaseren" in i.labels.get("levenscyclus", ()))
    page.check(f"{LIST} .algokader-filter[data-key=levenscyclus] input[value=implementatie]")
    assert visible_titles(page, LIST) == expected_titles(
        handbook, lambda i: {"uitfaseren", "implementatie"} & set(i.labels.get("levenscyclus", ())))
    page.click(f"{LIST} .algokader-filter[data-key=rollen] summary")
    page.check(f"{LIST} .algokader-filter[data-key=rollen] input[value=jurist]")
    expected = expected_titles(
        handbook, lambda i: {"uitfaseren", "implementatie"} & set(i.labels.get("levenscyclus", ()))
        and "jurist" in i.labels.get("rollen", ()))
    assert visible_titles(page, LIST) == expected
    # exact values: "data" must not match "dataverkenning-en-datapreparatie"
    page.goto(f"{server}/{ALL}")
    page.click(f"{LIST} .algokader-filter[data-key=onderwerp] summary")
    page.check(f"{LIST} .algokader-filter[data-key=onderwerp] input[value=data]")
    assert visible_titles(page, LIST) == expected_titles(handbook, lambda i: "data" in i.labels.get("onderwerp", ()))


def _profile_box(key: str, value: str, scope: str = LIST) -> str:
    return f"{scope} .algokader-profile fieldset[data-key={key}] input[value={value}]"


def test_profile_is_chosen_kept_across_pages_and_cleared(page, server, handbook):
    profile = {"risicogroep": ["hoog-risico-ai-systeem"],
               "rol-ai-act": ["gebruiksverantwoordelijke", "importeur"]}
    page.goto(f"{server}/{ALL}")
    page.click(f"{LIST} .algokader-profile summary")
    for key, values in profile.items():
        for value in values:
            page.check(_profile_box(key, value))
    expected = expected_titles(handbook, lambda i: applies(i.labels, profile))
    assert visible_titles(page, LIST) == expected
    assert len(expected) < len(expected_titles(handbook, lambda i: True))
    # several roles: more rows than one of them alone
    assert len(expected) > len(expected_titles(handbook, lambda i: applies(
        i.labels, {"risicogroep": "hoog-risico-ai-systeem", "rol-ai-act": "importeur"})))
    # another page: the same profile, already applied
    page.goto(f"{server}/algoritmekader/levenscyclus/ontwerp.html")
    assert page.is_checked(_profile_box("risicogroep", "hoog-risico-ai-systeem", ""))
    assert page.is_checked(_profile_box("rol-ai-act", "importeur", ""))
    assert visible_titles(page, LIST) == expected_titles(
        handbook, lambda i: "ontwerp" in i.labels.get("levenscyclus", ()) and applies(i.labels, profile))
    page.click(f"{LIST} .algokader-profile summary")
    page.click(f"{LIST} .algokader-profile-clear")
    assert visible_titles(page, LIST) == expected_titles(
        handbook, lambda i: "ontwerp" in i.labels.get("levenscyclus", ()))
    page.goto(f"{server}/{ALL}")
    assert not page.is_checked(_profile_box("risicogroep", "hoog-risico-ai-systeem"))


def test_a_profile_in_the_url_applies_and_can_be_shared(browser, page, server, handbook):
    warnings, errors = [], []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    profile = {"rol-ai-act": ["aanbieder", "gebruiksverantwoordelijke"],
               "risicogroep": ["hoog-risico-ai-systeem"]}
    query = ("rol-ai-act:aanbieder,gebruiksverantwoordelijke;kleur:rood;"
             "risicogroep:hoog-risico-ai-systeem,bestaat-niet")
    page.goto(f"{server}/{ALL}?profiel={query}")
    expected = expected_titles(handbook, lambda i: applies(i.labels, profile))
    assert visible_titles(page, LIST) == expected
    assert page.is_checked(_profile_box("rol-ai-act", "gebruiksverantwoordelijke"))
    assert any("kleur" in w for w in warnings) and any("bestaat-niet" in w for w in warnings)
    assert not errors
    # the URL wins over the stored profile; names of JavaScript's own object
    # properties are unknown labels like any other
    page.goto(f"{server}/{ALL}?profiel=constructor:x;__proto__:y;valueOf:1;rol-ai-act:importeur")
    assert not errors
    assert visible_titles(page, LIST) == expected_titles(
        handbook, lambda i: applies(i.labels, {"rol-ai-act": "importeur"}))
    # the panel's link reproduces the current profile in a fresh browser
    page.click(f"{LIST} .algokader-profile summary")
    page.check(_profile_box("rol-ai-act", "distributeur"))
    link = page.get_attribute(f"{LIST} .algokader-profile-link", "href")
    assert "profiel=rol-ai-act%3Aimporteur%2Cdistributeur" in link
    other = browser.new_context().new_page()
    other.goto(link)
    assert visible_titles(other, LIST) == expected_titles(
        handbook, lambda i: applies(i.labels, {"rol-ai-act": ["importeur", "distributeur"]}))
    other.context.close()


def test_a_cleared_or_changed_profile_leaves_the_address_too(page, server, handbook):
    # reloading or bookmarking a page opened by a shared link must not bring
    # back the profile the reader has since changed or cleared
    page.goto(f"{server}/{ALL}?profiel=rol-ai-act:importeur")
    page.click(f"{LIST} .algokader-profile summary")
    page.check(_profile_box("rol-ai-act", "distributeur"))
    assert "profiel=rol-ai-act%3Aimporteur%2Cdistributeur" in page.url
    page.click(f"{LIST} .algokader-profile-clear")
    assert "profiel" not in page.url
    page.reload()
    assert not page.is_checked(_profile_box("rol-ai-act", "importeur"))
    assert visible_titles(page, LIST) == expected_titles(handbook, lambda i: True)


def test_one_pop_up_open_at_a_time_and_escape_closes_it(page, server):
    page.goto(f"{server}/{ALL}")
    first, second = (f"{LIST} .algokader-filter >> nth={n}" for n in (0, 1))
    page.click(f"{first} >> summary")
    page.click(f"{second} >> summary")
    opened = page.eval_on_selector_all(".algokader-controls details", "ds => ds.map(d => d.open)")
    assert opened.count(True) == 1 and page.get_attribute(second, "open") is not None
    page.keyboard.press("Escape")
    assert not page.get_attribute(second, "open") and page.evaluate(
        "document.activeElement.tagName") == "SUMMARY"
    page.click(f"{first} >> summary")
    page.click("h1")  # a click outside closes it
    assert page.eval_on_selector_all(".algokader-controls details", "ds => ds.some(d => d.open)") \
        is False


def test_keyboard_only(page, server, handbook):
    page.goto(f"{server}/{ALL}")
    for _ in range(60):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "search":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", ""), "focus must be visible"
    page.keyboard.type("archief")
    assert all("archief" in t.lower() for t in page.eval_on_selector_all(
        f"{LIST} tbody > tr:not([hidden])", "rs => rs.map(r => r.textContent)"))
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.press("Tab")  # the first filter
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    value = page.evaluate("document.activeElement.value")
    key = page.evaluate("document.activeElement.closest('.algokader-filter').dataset.key")
    page.keyboard.press("Space")
    assert visible_titles(page, LIST) == expected_titles(handbook, lambda i: value in i.labels.get(key, ()))


def test_without_javascript_the_full_table_shows(browser, server, handbook):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/{ALL}")
    assert visible_titles(page, LIST) == expected_titles(handbook, lambda i: True)
    assert not page.is_visible(f"{LIST} .algokader-controls")
    assert page.is_visible(f"{LIST} .algokader-downloads a")
    context.close()


def _python_expression(expression, profile):
    try:
        return holds(parse(expression), profile)
    except ExpressionError:
        return "error"


_JS_EXPRESSION = """([expr, profile]) => {
  try { return window.algokader.holds(window.algokader.parse(expr), profile); }
  catch (e) { return "error"; }
}"""


def test_python_and_javascript_agree_on_the_shared_vectors(page, server):
    page.goto(f"{server}/{ALL}")
    for case in VECTORS["applies"]:
        js = page.evaluate("([l, p]) => window.algokader.applies(l, p)", [case["labels"], case["profile"]])
        assert js == applies(case["labels"], case["profile"]) == case["expected"], case
    for case in VECTORS["expressions"]:
        js = page.evaluate(_JS_EXPRESSION, [case["expression"], case["profile"]])
        assert js == _python_expression(case["expression"], case["profile"]) == case["expected"], case


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"official corpus not found at {CORPUS}")
def test_python_and_javascript_agree_on_every_corpus_expression(page, server):
    import yaml

    expressions = set()
    for path in (CORPUS / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            data = yaml.safe_load(text.split("\n---", 1)[0][3:]) or {}
            expressions.update(str(e) for e in data.get("uitzondering") or ())
    assert len(expressions) >= 2
    values = {"soort-toepassing": ["", "ai-systeem", "ai-systeem-voor-algemene-doeleinden",
                                   "ai-model-voor-algemene-doeleinden"],
              "risicogroep": ["", "geen-hoog-risico-ai-systeem", "uitzondering-van-toepassing"],
              "open-source": ["", "open-source"],
              "transparantieverplichting": ["", "geen-transparantieverplichting"]}
    profiles = [{k: v for k, v in zip(values, combo) if v} for combo in itertools.product(*values.values())]
    cases = [[e, p] for e in sorted(expressions) for p in profiles]
    page.goto(f"{server}/{ALL}")
    js = page.evaluate(f"cases => cases.map(c => ({_JS_EXPRESSION})(c))", cases)
    python = [_python_expression(e, p) for e, p in cases]
    assert js == python
    assert True in python and False in python
