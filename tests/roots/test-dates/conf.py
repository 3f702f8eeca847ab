extensions = ["sphinx_algokader"]
language = "nl"
algokader_peildatum = "2026-12-02"
