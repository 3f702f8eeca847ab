"""No network at build time: remote images are not downloaded.

Sphinx's LaTeX, Texinfo and EPUB builders fetch images that a page links
from the web (``![..](https://…)``), which fails without a network and
leaks the build to third parties when there is one. This post-transform
runs before Sphinx's image downloader and turns each remote image into a
link to it, with its alternative text, so the PDF says what is missing.
HTML keeps the image as it is (the reader's browser loads it).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform


def _is_remote(uri: str) -> bool:
    return "://" in uri or uri.startswith("//")


class RemoteImagesAsLinks(SphinxPostTransform):
    default_priority = 50  # Sphinx's ImageDownloader runs at 100
    formats = ("latex", "texinfo")

    def run(self, **kwargs: Any) -> None:
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("uri", "")
            if not _is_remote(uri):
                continue
            text = image.get("alt") or uri
            link = nodes.reference("", text, refuri=uri)
            if isinstance(image.parent, nodes.TextElement):
                image.replace_self(link)
            else:
                image.replace_self(nodes.paragraph("", "", link))


class RemoteImagesAsLinksEpub(RemoteImagesAsLinks):
    formats = ()
    builders = ("epub",)


def setup(app: Sphinx) -> None:
    app.add_post_transform(RemoteImagesAsLinks)
    app.add_post_transform(RemoteImagesAsLinksEpub)
