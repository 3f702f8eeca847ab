"""Charts of records views, drawn at build time with matplotlib.

A status view draws two stacked bars (its measures by status, its
requirements by coverage), an overview one bar per algorithm (its measures
by status). A chart is an image: SVG for HTML-format builders, PDF for
LaTeX, none for the others (the summary line says the same in words, and
is the chart's text alternative). Files are named by a digest of what they
draw and kept beside the doctrees, so an unchanged chart is never redrawn;
each build copies the ones it shows into its output.

matplotlib is optional (the ``charts`` extra): without it the views show
their summary and table, and one info message says why there is no chart.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from sphinx_algokader.index import digest, get_index
from sphinx_algokader.records.model import STATUS_STYLE

logger = logging.getLogger(__name__)

#: hatches per segment, so that bars read in grey print too
HATCHES: dict[str, str] = {
    "te-doen": "", "in-uitvoering": "//", "ter-beoordeling": "..", "gereed": "",
    "niet-van-toepassing": "xx", "afgedekt": "", "deels": "//", "open": "",
    "zonder-maatregel": "xx",
}

#: (bar label, [(segment key, segment name, colour, count)])
Bar = tuple[str, list[tuple[str, str, str, int]]]


def _matplotlib() -> object | None:
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def status_colour(env: BuildEnvironment, status: str) -> str:
    custom = env.config.algokader_statuses.get(status)
    if isinstance(custom, dict) and isinstance(custom.get("kleur"), str):
        return custom["kleur"]
    return STATUS_STYLE[status][1]


def draw(bars: Sequence[Bar], path: Path, title: str) -> None:
    """Draw stacked horizontal bars into ``path`` (SVG or PDF by suffix)."""
    plt = _matplotlib()
    assert plt is not None
    from matplotlib.patches import Patch

    height = 0.8 + 0.45 * len(bars)
    fig, ax = plt.subplots(figsize=(7.0, height))
    seen: dict[str, Patch] = {}
    for y, (label, segments) in enumerate(reversed(list(bars))):
        left = 0
        for key, name, colour, count in segments:
            if not count:
                continue
            ax.barh(y, count, left=left, color=colour, edgecolor="#333333", linewidth=0.6,
                    hatch=HATCHES.get(key, ""), height=0.6)
            ax.text(left + count / 2, y, str(count), ha="center", va="center", fontsize=8,
                    color="#000000")
            left += count
            seen.setdefault(name, Patch(facecolor=colour, edgecolor="#333333",
                                        hatch=HATCHES.get(key, ""), label=name))
    ax.set_yticks(range(len(bars)), [label for label, _ in reversed(list(bars))], fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title, fontsize=9, loc="left")
    ax.legend(handles=list(seen.values()), fontsize=7, loc="upper center", frameon=False,
              bbox_to_anchor=(0.5, -0.25 if len(bars) < 3 else -0.08), ncol=min(len(seen), 5))
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    # fixed metadata: the same chart gives the same bytes
    metadata = {"Date": None} if path.suffix == ".svg" else {"CreationDate": None}
    fig.savefig(tmp, format=path.suffix[1:], metadata=metadata)
    plt.close(fig)
    tmp.replace(path)


def chart_image(app: Sphinx, env: BuildEnvironment, bars: Sequence[Bar], title: str,
                alt: str, docname: str) -> nodes.Node | None:
    """``bars`` as an image node on ``docname``, or None (no chart for this
    builder, nothing to draw, or no matplotlib); ``alt`` is its text
    alternative."""
    builder = app.builder
    if builder.format == "html":
        suffix = ".svg"
    elif builder.format == "latex":
        suffix = ".pdf"
    else:
        return None
    if not bars:
        return None
    memo = get_index(env).memo("records.charts")
    if _matplotlib() is None:
        if not memo.get("said"):
            memo["said"] = True
            logger.info("sphinx-algokader: records views have no charts, because matplotlib "
                        "is not installed (pip install 'sphinx-algokader[charts]')")
        return None
    name = f"algokader-chart-{digest([bars, title])[:16]}{suffix}"
    cached = Path(app.doctreedir) / "algokader-charts" / name
    if not cached.is_file():
        draw(bars, cached, title)
    if builder.format == "html":
        imgdir = getattr(builder, "imagedir", "_images")
        target = Path(builder.outdir) / imgdir / name
        uri = relative_uri(builder.get_target_uri(docname), f"{imgdir}/{name}")
    else:
        target = Path(builder.outdir) / name
        uri = name
    if name not in memo:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.stat().st_size != cached.stat().st_size:
            shutil.copyfile(cached, target)
        memo[name] = True
    return nodes.image(uri=uri, alt=alt, candidates={"*": uri}, width="100%",
                       classes=["algokader-chart"])
