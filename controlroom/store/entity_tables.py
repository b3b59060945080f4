"""Tables of entities: the mentions each capture makes, the records they are linked into, the
keys candidates are found by, the suggestions waiting for an analyst and every decision made."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from controlroom.store.schema import Base, Key


class Entity(Base):
    """A person, vehicle, phone or address record. A merged record points at its survivor; a
    record an amendment left without a mention is closed (``closed``: JSON of why, by which
    capture and revision) until that capture says it again."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), nullable=True)
    closed_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    closed_capture: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    closed: Mapped[str | None] = mapped_column(Text, nullable=True)


class Mention(Base):
    """One entity as one capture wrote it. ``link``: new (it started its record), auto (the
    linker linked it), confirmed (an analyst did), pending (waiting for review: no record)."""

    __tablename__ = "mentions"
    __table_args__ = (Index("ix_mentions_entity", "entity_id"),)
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    capture_id: Mapped[str] = mapped_column(ForeignKey("captures.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # its place among the capture's mentions
    kind: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(24))
    path: Mapped[str] = mapped_column(String(64))
    owner: Mapped[int | None] = mapped_column(Integer, nullable=True)  # ordinal of its person
    attributes: Mapped[str] = mapped_column(Text)
    written: Mapped[str] = mapped_column(Text)
    search: Mapped[str] = mapped_column(String(200))  # lower-case text entity search matches
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), nullable=True)
    link: Mapped[str] = mapped_column(String(12))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)
    at: Mapped[float] = mapped_column(Float)  # when the capture was made
    linked_at: Mapped[float] = mapped_column(Float)


class MentionKey(Base):
    __tablename__ = "mention_keys"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id"), primary_key=True)


class Suggestion(Base):
    """A record that may be the same as a mention (``mention_id``) or as another record
    (``other_id``, a possible duplicate). Status: pending, unsure, linked, not_same, closed."""

    __tablename__ = "entity_suggestions"
    __table_args__ = (Index("ix_suggestions_status", "status", "id"),)
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentions.id"), nullable=True, index=True
    )
    other_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), nullable=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[float] = mapped_column(Float)
    decided_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    decided_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class EntityDecision(Base):
    """Every change an analyst made to the records: merge, split, link, not the same, unsure;
    ``moved`` lists the mentions that changed record, so the decision can be undone."""

    __tablename__ = "entity_decisions"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(12))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"), index=True)
    other_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id"), nullable=True, index=True
    )
    suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("entity_suggestions.id"), nullable=True
    )
    moved: Mapped[str] = mapped_column(Text, default="[]")
    actor: Mapped[str] = mapped_column(String(100))
    at: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")


class LinkedCapture(Base):
    """A capture the linker has done: at most once (the key), and found again after a crash."""

    __tablename__ = "linked_captures"
    capture_id: Mapped[str] = mapped_column(ForeignKey("captures.id"), primary_key=True)
    linked_at: Mapped[float] = mapped_column(Float)
    mentions: Mapped[int] = mapped_column(Integer)
