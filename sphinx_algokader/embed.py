"""The framework edition shipped in the package, and how a handbook gets it.

``algokader_embed = True`` mirrors the shipped ``content/`` into
``<srcdir>/<algokader_embed_dir>/`` before Sphinx looks for sources. Only
files whose bytes differ are written (so unchanged pages keep their times
and incremental builds stay incremental), files a previous release shipped
and this one does not are removed, and a manifest marks the folder as the
extension's: a folder of the handbook's own is never overwritten.

``sphinx-algokader init DIR`` makes an editable copy instead, and
``sphinx-algokader update DIR`` takes in a later release (see ``cli.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from sphinx_algokader.diagnostics import emit, warn

MANIFEST = ".sphinx-algokader.json"
#: the file of content/ that names its edition
EDITION_FILE = "editie.yaml"
#: files of content/ that are not pages of the framework
_SKIP = {"__init__.py", "__pycache__"}


def content_dir() -> Path:
    """The shipped framework edition: ``sphinx_algokader/content`` in an
    installed wheel, ``content/`` beside the package in a source checkout
    (and an editable install)."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "content", package.parent / "content"):
        if (candidate / "index.md").is_file():
            return candidate
    raise FileNotFoundError(f"the framework content is missing beside {package}")


def content_files(root: Path | None = None) -> Iterator[tuple[str, Path]]:
    """(relative posix path, file) for every file of the edition, sorted."""
    root = root or content_dir()
    for path in sorted(root.rglob("*")):
        if path.is_file() and not _SKIP & set(path.relative_to(root).parts):
            yield path.relative_to(root).as_posix(), path


@dataclass(frozen=True)
class Edition:
    """The edition of the shipped framework content (``content/editie.yaml``)."""

    name: str
    date: str


def content_edition(root: Path | None = None) -> Edition:
    data = yaml.safe_load(((root or content_dir()) / EDITION_FILE).read_text(encoding="utf-8"))
    day = data["datum"]
    return Edition(str(data["editie"]), day.isoformat() if hasattr(day, "isoformat") else str(day))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(target: Path) -> dict[str, object] | None:
    """The manifest in ``target``, or None when there is none or it is not
    a JSON object; ``files`` is always a mapping of strings to strings."""
    try:
        data = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    files = data.get("files")
    data["files"] = {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(files, dict) else {}
    return data


def inside(target: Path, relative: str) -> Path | None:
    """``target / relative`` when it lies inside ``target`` (after resolving
    ``..`` and links), else None: a manifest names files, never places
    outside its folder."""
    root = target.resolve()
    path = (target / relative).resolve()
    return path if path != root and path.is_relative_to(root) else None


def write_manifest(target: Path, files: dict[str, str], mode: str,
                   edition: str | None = None) -> None:
    """``edition``: the name of the edition copied (``update`` compares the
    next release with it)."""
    from sphinx_algokader.version import __version__

    data: dict[str, object] = {"generator": "sphinx-algokader", "version": __version__,
                               "mode": mode, "files": dict(sorted(files.items()))}
    if edition:
        data["edition"] = edition
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    path = target / MANIFEST
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def mirror(target: Path) -> list[str]:
    """Make ``target`` hold exactly the shipped edition; return what changed."""
    manifest = read_manifest(target)
    if target.exists() and any(target.iterdir()) and (
            manifest is None or manifest.get("mode") != "embed"):
        if manifest is not None:  # an editable copy ("sphinx-algokader init")
            raise ConfigError(
                f"algokader_embed: {target} is an editable copy of the framework (made by "
                "'sphinx-algokader init'), which a build does not overwrite; use the copy "
                "without algokader_embed, or choose another algokader_embed_dir")
        raise ConfigError(
            f"algokader_embed: {target} exists and was not made by sphinx-algokader; "
            "choose another algokader_embed_dir or remove the folder")
    changed: list[str] = []
    files: dict[str, str] = {}
    for relative, source in content_files():
        data = source.read_bytes()
        files[relative] = digest(data)
        destination = target / relative
        if destination.is_file() and destination.read_bytes() == data:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(data)
        changed.append(relative)
    old: dict[str, str] = manifest.get("files", {}) if manifest else {}  # type: ignore[assignment]
    for relative in sorted(set(old) - set(files)):  # dropped by this release
        path = inside(target, relative)
        if path is None:
            warn("manifest", f"{target / MANIFEST} names {relative!r}, outside {target}: "
                 "left alone")
            continue
        # the embedded folder is the extension's: a dropped file goes, edited or not
        path.unlink(missing_ok=True)
        changed.append(relative)
    write_manifest(target, files, "embed")
    return changed


def stale_mirrors(srcdir: Path, current: Path | None) -> list[Path]:
    """Folders (up to two levels down) that ``algokader_embed`` mirrored
    under an earlier setting: another ``algokader_embed_dir``, or before it
    was switched off. ``current`` is the folder it mirrors now, if any."""
    found = []
    for manifest in sorted((*srcdir.glob(f"*/{MANIFEST}"), *srcdir.glob(f"*/*/{MANIFEST}"))):
        folder = manifest.parent
        data = read_manifest(folder)
        if data is not None and data.get("mode") == "embed" and (
                current is None or folder.resolve() != current.resolve()):
            found.append(folder)
    return found


def _leave_out_stale_mirrors(app: Sphinx, config: Config, current: Path | None) -> None:
    """A mirror left by an earlier setting would be built beside the current
    one (every item twice, hundreds of duplicate ids) or, with embedding
    off, on its own: it is left out of the build, and said once."""
    srcdir = Path(app.srcdir)
    for folder in stale_mirrors(srcdir, current):
        relative = folder.relative_to(srcdir).as_posix()
        config.exclude_patterns = [*config.exclude_patterns, f"{relative}/**"]
        emit("manifest", f"{relative} holds the framework that algokader_embed mirrored under "
             "an earlier setting (another algokader_embed_dir, or embedding switched off); "
             "it is left out of the build: delete the folder", None, False)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    # types are checked by config.py, whose config-inited handler runs first
    if not config.algokader_embed:
        _leave_out_stale_mirrors(app, config, None)
        return
    folder = config.algokader_embed_dir
    if not folder.strip("/") or folder.startswith("/") or ".." in folder.split("/"):
        raise ConfigError("algokader_embed_dir must be a relative folder inside the source "
                          f"dir, got {folder!r}")
    target = Path(app.srcdir) / folder.strip("/")
    if target.exists() and not target.is_dir():
        raise ConfigError(f"algokader_embed_dir: {target} is a file, not a folder")
    _leave_out_stale_mirrors(app, config, target)
    mirror(target)


def setup(app: Sphinx) -> None:
    app.add_config_value("algokader_embed", False, "env", types=frozenset({bool}))
    app.add_config_value("algokader_embed_dir", "algoritmekader", "env", types=frozenset({str}))
    app.connect("config-inited", _on_config_inited)
