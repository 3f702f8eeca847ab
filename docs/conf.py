# Configuration for the sphinx-algokader documentation.

project = "sphinx-algokader"
extensions = ["sphinx_algokader"]
language = "en"
html_theme = "alabaster"
exclude_patterns = ["_build"]
copyright = "2026, the sphinx-algokader developers"
version = release = "0.1"
