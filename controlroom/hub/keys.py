"""Keys the hub keeps outside its database, so that a copy of the database can neither mint
access tokens nor re-sign what the hub signs.

Each key comes from an environment variable when it is set (base64url, at least 32 bytes), and
otherwise from a file under the data directory's ``keys/`` folder, created with 32 random bytes
on first start, readable only by the hub's own user (0600; the folder 0700). A key file that
others may read is refused. Several hub processes on one database share a key by sharing the
file (one data directory on shared storage) or by setting the same variable.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 32
KEYS_FOLDER = "keys"
TOKEN_KEY_FILE = "token-signing.key"
TOKEN_KEY_ENV = "CONTROLROOM_TOKEN_KEY"


class UnusableKey(RuntimeError):
    """A key is present but unusable (too short, not base64url, or readable by others)."""


def token_signing_key(data_dir: Path) -> bytes:
    """The key that signs and checks access tokens."""
    return load_key(data_dir, TOKEN_KEY_FILE, TOKEN_KEY_ENV)


def load_key(data_dir: Path, file_name: str, env: str) -> bytes:
    """The key from `env` if set, else from `data_dir/keys/file_name` (made on first use)."""
    value = os.environ.get(env)
    if value:
        return _decoded(value, f"${env}")
    return _key_file(Path(data_dir) / KEYS_FOLDER / file_name)


def _key_file(path: Path) -> bytes:
    """Read the key file, first writing it whole (then linking it into place, so a second
    process starting at the same moment reads the one key, never a half-written file)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).rstrip(b"="))
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temp.unlink()
    return _read_key_file(path)


def _read_key_file(path: Path) -> bytes:
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise UnusableKey(f"{path} may be read by other users: chmod 600 it")
    return _decoded(path.read_text().strip(), str(path))


def _decoded(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise UnusableKey(f"the key in {where} is not base64url") from exc
    if len(key) < KEY_BYTES:
        raise UnusableKey(f"the key in {where} is shorter than {KEY_BYTES} bytes")
    return key
