extensions = ["sphinx_algokader"]
language = "nl"
html_baseurl = "https://handboek.example/"
