extensions = ["sphinx_algokader"]
language = "nl"
# the previous edition: a folder of framework pages, not part of this handbook
exclude_patterns = ["vorige"]
algokader_previous_edition = "vorige"
