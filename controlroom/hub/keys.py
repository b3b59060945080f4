"""Keys the hub keeps outside its database: one file each, readable only by the hub's user.

A key has a name (`audit`, ...). Its file is the one named by the environment variable
CONTROLROOM_<NAME>_KEY_FILE (the name upper-cased, dashes as underscores), or else
DATA_DIR/keys/<name>.key. The hub creates a missing file on first start: 32 random bytes,
base64 text, mode 0600 in a 0700 folder. A file that other users may read or write is refused,
as is one too short to be a key. Several hubs on one database must be given the same files.

The key that signs access tokens (`token-signing`) may instead be given as its value in
CONTROLROOM_TOKEN_KEY (base64url, at least 32 bytes), for hubs that share no storage.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

KEY_BYTES = 32
TOKEN_KEY = "token-signing"
TOKEN_KEY_ENV = "CONTROLROOM_TOKEN_KEY"


class KeyFileError(Exception):
    """A key file is missing, unsafe or unreadable; the message says which and what to do."""


class KeyMissing(KeyFileError):
    """There is no key file where the key should be."""


def key_variable(name: str) -> str:
    return f"CONTROLROOM_{name.upper().replace('-', '_')}_KEY_FILE"


def key_file(name: str, data_dir: str | Path, environ: Mapping[str, str] = os.environ) -> Path:
    """Where the key called `name` lives for a hub with this data directory."""
    named = environ.get(key_variable(name))
    return Path(named) if named else Path(data_dir) / "keys" / f"{name}.key"


def hub_key(
    name: str,
    data_dir: str | Path,
    create: bool = True,
    environ: Mapping[str, str] = os.environ,
) -> bytes:
    """The key called `name`, made on first use when `create` is set."""
    path = key_file(name, data_dir, environ)
    if create and not path.exists():
        _create(path)
    return read_key(path)


def token_signing_key(data_dir: str | Path, environ: Mapping[str, str] = os.environ) -> bytes:
    """The key that signs and checks access tokens."""
    value = environ.get(TOKEN_KEY_ENV)
    if value:
        return _decoded(value, f"${TOKEN_KEY_ENV}")
    return hub_key(TOKEN_KEY, data_dir, environ=environ)


def _decoded(text: str, where: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise KeyFileError(f"the key in {where} is not base64url") from exc
    if len(key) < KEY_BYTES:
        raise KeyFileError(f"the key in {where} is shorter than {KEY_BYTES} bytes")
    return key


def read_key(path: Path) -> bytes:
    try:
        info = path.stat()
        if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise KeyFileError(
                f"key file {path} may be read by other users: chmod 600 it (only the hub's "
                "user may read it)"
            )
        value = base64.urlsafe_b64decode(path.read_text().strip() + "==")
    except FileNotFoundError as exc:
        raise KeyMissing(f"no key file at {path}") from exc
    except (OSError, UnicodeDecodeError, binascii.Error) as exc:
        raise KeyFileError(f"key file {path} cannot be read: {exc}") from exc
    if len(value) < KEY_BYTES:
        raise KeyFileError(f"key file {path} holds fewer than {KEY_BYTES} bytes of key")
    return value


def _create(path: Path) -> None:
    """Write a new key where none is; if another process made one meanwhile, keep theirs."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode().rstrip("=")
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, f"{text}\n".encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        os.link(draft, path)  # fails if the key exists: never replace a key in use
    except FileExistsError:
        pass
    finally:
        draft.unlink()
