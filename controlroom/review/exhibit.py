"""An exported exhibit: the hub's zip (the file and ``manifest.json``) checked before anything is
written: the bytes must hash to the manifest's SHA-256 and to the one the capture recorded.
Then the file and its manifest are written side by side, and nothing is overwritten."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import msgspec

from controlroom.contract.documents import Manifest

MANIFEST = "manifest.json"


class ExportRefused(Exception):
    """The export does not hold together; nothing was written."""


@dataclass(frozen=True)
class Export:
    name: str
    content: bytes
    manifest: Manifest
    manifest_json: bytes
    sha256: str  # what the bytes hash to here

    @property
    def hash_ok(self) -> bool:
        return self.sha256 == self.manifest.sha256


def unpack(archive: bytes, recorded_sha256: str) -> Export:
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
            manifest_json = zipped.read(MANIFEST)
            manifest = msgspec.json.decode(manifest_json, type=Manifest)
            content = zipped.read(_member(zipped, manifest.name))
    except (zipfile.BadZipFile, KeyError, msgspec.DecodeError) as exc:
        raise ExportRefused(f"the hub's export cannot be read: {exc}") from exc
    digest = hashlib.sha256(content).hexdigest()
    if manifest.sha256 != recorded_sha256:
        raise ExportRefused("the manifest's SHA-256 is not the one the capture recorded")
    if digest != recorded_sha256:
        raise ExportRefused(f"the exported bytes hash to {digest}, not {recorded_sha256}")
    return Export(safe_name(manifest.name), content, manifest, manifest_json, digest)


def _member(zipped: zipfile.ZipFile, name: str) -> str:
    names = [n for n in zipped.namelist() if n != MANIFEST]
    exact = [n for n in names if PurePosixPath(n).name == PurePosixPath(name).name]
    if not exact:
        raise KeyError(f"{name} is not in the export")
    return exact[0]


def safe_name(name: str) -> str:
    """A name to write under a chosen folder: no path, nothing hidden."""
    plain = PurePosixPath(name.replace("\\", "/")).name.lstrip(".")
    return plain or "exhibit"


def write(export: Export, folder: Path, capture_id: str) -> tuple[Path, Path]:
    """``<capture>-<name>`` and ``<capture>-<name>.manifest.json`` in ``folder`` (refused if
    either exists already: an exported exhibit is never overwritten)."""
    stem = f"{capture_id[:8]}-{export.name}"
    file, manifest = folder / stem, folder / f"{stem}.manifest.json"
    written: list[Path] = []
    try:
        for path, data in ((file, export.content), (manifest, export.manifest_json)):
            with open(path, "xb") as handle:  # "x": refused if it exists
                written.append(path)
                handle.write(data)
    except FileExistsError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise ExportRefused(f"{exc.filename} exists already; choose another folder") from exc
    return file, manifest
