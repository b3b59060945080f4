"""The audit log's chain: one sequence across every process that writes, keyed outside the store.

Each record's hash is an HMAC-SHA256, under the audit key, of its content and the hash of the
record before it. The key is a file outside the database (`controlroom.hub.keys`, name
`audit`), so a copy of the database cannot recompute the chain after an edit. The chain's head
is read inside the writing transaction under a lock (SQLite: the write lock BEGIN IMMEDIATE took;
PostgreSQL: an advisory lock taken just before the append and held to commit), so the hub, the
command line and several hubs append one after another, never from the same head.

After each append the writer leaves a checkpoint in its data directory (the newest record's id
and hash, MAC'd): a log whose newest records were removed no longer reaches it.
Records written before the chain was keyed carry a plain SHA-256 hash (`unkeyed_hash`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import orjson
from sqlalchemy import Connection, Engine, insert, select, text

from controlroom.hub.keys import KeyFileError, hub_key
from controlroom.store.engine import writing
from controlroom.store.schema import AuditRecord, HubSecret

log = logging.getLogger(__name__)

AUDIT = AuditRecord.__table__
SECRETS = HubSecret.__table__
GENESIS = "0" * 64
AUDIT_CHAIN_LOCK = 7_402_002
KEY_ID = "audit_key_id"  # which key the chain is written with (its fingerprint, not the key)
CHECKPOINT = "audit-checkpoint.json"


def _content(prev_hash: str, record: dict) -> bytes:
    return orjson.dumps(
        [
            prev_hash,
            round(record["at"], 6),
            record["actor"],
            record["action"],
            record["target"],
            record["detail"],
            record["client"],
            record["reason"],
        ]
    )


def unkeyed_hash(prev_hash: str, record: dict) -> str:
    """The hash records carried before the chain was keyed."""
    return hashlib.sha256(_content(prev_hash, record)).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    id: int
    hash: str
    at: float
    genuine: bool  # its MAC is right: written by a process holding the audit key


class AuditChain:
    def __init__(self, key: bytes, checkpoint: Path | None = None):
        self._key = key
        self.checkpoint_path = checkpoint

    @classmethod
    def open(cls, engine: Engine, data_dir: str | Path, create: bool = True, environ=None):
        """The chain as a process with this data directory writes it, its key checked against
        the one the database's chain was started with."""
        key = hub_key("audit", data_dir, create, environ or os.environ)
        chain = cls(key, Path(data_dir) / CHECKPOINT)
        chain.check_key(engine, record=create)
        return chain

    @property
    def key_id(self) -> str:
        return hmac.new(self._key, b"controlroom audit key id", hashlib.sha256).hexdigest()[:32]

    def check_key(self, engine: Engine, record: bool = True) -> None:
        """Refuse a key other than the chain's; `record` notes ours if the chain has none."""
        with writing(engine).begin() as connection:
            known = connection.execute(
                select(SECRETS.c.value).where(SECRETS.c.name == KEY_ID)
            ).scalar()
            if known is None and record:
                connection.execute(insert(SECRETS).values(name=KEY_ID, value=self.key_id))
        if known is not None and known != self.key_id:
            raise KeyFileError(
                "this audit key is not the one the database's audit chain is written with: "
                "give every hub and command on one database the same key file "
                "(CONTROLROOM_AUDIT_KEY_FILE)"
            )

    def link(self, prev_hash: str, record: dict) -> str:
        return hmac.new(self._key, _content(prev_hash, record), hashlib.sha256).hexdigest()

    def append(self, connection: Connection, records: list[dict]) -> tuple[int, str]:
        """Chain `records` onto the head and insert them; returns the new head (id, hash)."""
        if connection.dialect.name == "postgresql":
            connection.execute(text(f"SELECT pg_advisory_xact_lock({AUDIT_CHAIN_LOCK})"))
        head = connection.execute(
            select(AUDIT.c.hash).order_by(AUDIT.c.id.desc()).limit(1)
        ).scalar()
        prev = head or GENESIS
        for record in records:
            record["prev_hash"] = prev
            record["hash"] = prev = self.link(prev, record)
        ids = connection.execute(
            AUDIT.insert().returning(AUDIT.c.id, sort_by_parameter_order=True), records
        ).scalars()
        return list(ids)[-1], prev

    # --- the checkpoint outside the database ---

    def _mac(self, id_: int, hash_: str, at: float) -> str:
        body = orjson.dumps([id_, hash_, at])
        return hmac.new(self._key, b"checkpoint" + body, hashlib.sha256).hexdigest()

    def leave_checkpoint(self, head: tuple[int, str], at: float) -> None:
        """Record the newest record this process appended (after its commit)."""
        if self.checkpoint_path is None:
            return
        id_, hash_ = head
        body = {"id": id_, "hash": hash_, "at": at, "mac": self._mac(id_, hash_, at)}
        draft = self.checkpoint_path.with_name(f".{CHECKPOINT}.{os.getpid()}")
        try:
            draft.write_bytes(orjson.dumps(body))
            os.replace(draft, self.checkpoint_path)
        except OSError as exc:  # the records are committed; only the lower bound lags
            log.warning("could not leave the audit checkpoint at %s: %s", draft, exc)

    def read_checkpoint(self) -> Checkpoint | None:
        if self.checkpoint_path is None or not self.checkpoint_path.exists():
            return None
        try:
            body = orjson.loads(self.checkpoint_path.read_bytes())
            id_, hash_, at = int(body["id"]), str(body["hash"]), float(body["at"])
            genuine = hmac.compare_digest(str(body["mac"]), self._mac(id_, hash_, at))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            return Checkpoint(0, "", 0.0, False)
        return Checkpoint(id_, hash_, at, genuine)
