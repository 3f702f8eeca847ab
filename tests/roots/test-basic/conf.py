extensions = ["sphinx_algokader"]
language = "nl"
# Woo-01-openbaarheid.md tests case-sensitive ordering; its capital W breaks
# the framework's file-name rule on purpose.
suppress_warnings = ["algokader.file_prefix"]
