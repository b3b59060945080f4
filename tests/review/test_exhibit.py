"""An exported exhibit is written only when its bytes hash to the manifest's SHA-256 and to the
capture's record; the file and its manifest go side by side and nothing is overwritten."""

from __future__ import annotations

import hashlib
import io
import zipfile

import msgspec
import pytest

from controlroom.contract.documents import Manifest
from controlroom.review import exhibit

PHOTO = b"\x89PNG not really a picture"
DIGEST = hashlib.sha256(PHOTO).hexdigest()


def archive(content: bytes = PHOTO, sha256: str = DIGEST, name: str = "photo.png") -> bytes:
    manifest = Manifest(
        capture_id="c1",
        name=name,
        sha256=sha256,
        size=len(content),
        content_type="image/png",
        hash_ok=True,
        officer="BT11",
        kind="evidence",
        captured_at="2025-07-14T23:41:05Z",
        exported_at="2025-07-15T08:00:00Z",
        exported_by="user:a.okafor",
        reason="CPS file",
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zipped:
        zipped.writestr(exhibit.MANIFEST, msgspec.json.encode(manifest))
        zipped.writestr(name, content)
    return out.getvalue()


def test_export_writes_the_file_and_its_manifest(tmp_path):
    unpacked = exhibit.unpack(archive(), DIGEST)
    assert unpacked.hash_ok
    file, manifest = exhibit.write(unpacked, tmp_path, "c1")
    assert hashlib.sha256(file.read_bytes()).hexdigest() == DIGEST
    assert msgspec.json.decode(manifest.read_bytes(), type=Manifest).reason == "CPS file"
    with pytest.raises(exhibit.ExportRefused, match="exists already"):
        exhibit.write(unpacked, tmp_path, "c1")
    assert file.read_bytes() == PHOTO  # not overwritten


def test_an_export_whose_bytes_do_not_match_is_refused(tmp_path):
    with pytest.raises(exhibit.ExportRefused, match="hash to"):
        exhibit.unpack(archive(content=b"changed"), DIGEST)
    with pytest.raises(exhibit.ExportRefused, match="not the one the capture recorded"):
        exhibit.unpack(archive(sha256="0" * 64), DIGEST)
    with pytest.raises(exhibit.ExportRefused, match="cannot be read"):
        exhibit.unpack(b"not a zip", DIGEST)
    assert not list(tmp_path.iterdir())


def test_a_hostile_name_is_written_inside_the_chosen_folder(tmp_path):
    unpacked = exhibit.unpack(archive(name="../../.bashrc"), DIGEST)
    file, _ = exhibit.write(unpacked, tmp_path, "c1")
    assert file.parent == tmp_path and file.name == "c1-bashrc"
