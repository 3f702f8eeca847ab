extensions = ["sphinx_algokader"]
language = "nl"
