extensions = ["sphinx_algokader"]
language = "nl"
algokader_fast_navigation = True
exclude_patterns = ["_build"]
html_theme = "alabaster"
