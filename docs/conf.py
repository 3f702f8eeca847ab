# Configuration of the sphinx-algokader handbook, built with the extension
# itself. The bundled Algoritmekader is embedded as algoritmekader/ at build
# time (generated: never put files of your own in that folder).

project = "sphinx-algokader"
author = "the sphinx-algokader developers"
copyright = "2026, the sphinx-algokader developers"
version = release = "0.1"

extensions = ["sphinx_algokader"]  # sets up myst_parser itself
language = "en"  # English column headers and label names; the framework text stays Dutch
exclude_patterns = ["_build"]

# MyST: heading anchors for [text](page.md#heading) links, definition lists
myst_heading_anchors = 3
myst_enable_extensions = ["deflist", "colon_fence"]

# the framework that ships with the extension, as docs/algoritmekader/
algokader_embed = True
# every measure page of it lists the example algorithms (algoritmen/) that
# record that measure
algokader_measure_algorithms = True
# the edition before 2026.12 (the first, without a number), as its
# algokader.json: howto/new-edition shows what 2026.12 changed. The example
# record algoritmen/routeplanning-afvalinzameling was confirmed against it on
# purpose; its page shows the measures to check again, and the warning a
# handbook would act on is silenced here
algokader_previous_edition = "_data/eerste-editie.json"
suppress_warnings = ["algokader.recheck"]

# our own requirement (own/vereisten/gem-01-...) rests on a law code the
# shipped vocabulary does not know
algokader_vocabulary = {
    "laws": {"gem": {"nl": "Gemeentelijke verordening", "en": "Municipal bylaw"}},
}

html_theme = "alabaster"
html_title = "sphinx-algokader"
html_sidebars = {"**": ["about.html", "navigation.html", "searchbox.html"]}
html_theme_options = {
    "description": "The Dutch Algoritmekader in any Sphinx handbook",
    "fixed_sidebar": True,
    "page_width": "1180px",  # room for the tables of lists
    "sidebar_width": "230px",
}

# no network at build time: linkcheck checks the internal links only
linkcheck_ignore = [r"^https?://"]

latex_documents = [
    ("index", "sphinx-algokader.tex", "sphinx-algokader", author, "manual"),
]

# one PDF per algorithm, a "verantwoordingsdossier" (docs/howto/compliance-records.md):
# `sphinx-build -M latexpdf docs docs/_build -t dossiers` builds these instead
# of the handbook's PDF; other builds leave their start documents out
dossiers = {"chatbot-belastingen": "Chatbot Belastingen"}
if tags.has("dossiers"):  # noqa: F821 (Sphinx puts tags in conf.py's namespace)
    latex_documents = [
        (f"algoritmen/dossiers/{name}", f"dossier-{name}.tex",
         f"Verantwoordingsdossier {title}", "Gemeente Voorbeeldstad", "howto")
        for name, title in dossiers.items()
    ]
else:
    exclude_patterns.append("algoritmen/dossiers")
