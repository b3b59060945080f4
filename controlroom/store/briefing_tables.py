"""Tables of the sergeant's briefing: the pack and its draft, each version as published (never
changed once written), each officer's receipt of a version, and the hub tasks its task items
became."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from controlroom.store.schema import Base, Key


class BriefingRecord(Base):
    """A pack: what it is for and the draft the sergeant edits (``items``, JSON). ``version``
    is the last published (0: never); ``edits`` counts saves of the draft."""

    __tablename__ = "briefings"
    id: Mapped[int] = mapped_column(Key, primary_key=True, autoincrement=True)
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(Text)  # BriefingArea as JSON
    shift_start: Mapped[float] = mapped_column(Float)
    shift_end: Mapped[float] = mapped_column(Float)
    team: Mapped[str] = mapped_column(Text)  # a team's name, or a list of callsigns, as JSON
    marking: Mapped[str] = mapped_column(String(40))
    items: Mapped[str] = mapped_column(Text)  # the draft: list of BriefingItem as JSON
    version: Mapped[int] = mapped_column(Integer, default=0)
    edits: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class BriefingVersion(Base):
    """A version as it was published, whole: its items and the callsigns it went to."""

    __tablename__ = "briefing_versions"
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    shift_start: Mapped[float] = mapped_column(Float)
    shift_end: Mapped[float] = mapped_column(Float)
    marking: Mapped[str] = mapped_column(String(40))
    items: Mapped[str] = mapped_column(Text)
    callsigns: Mapped[str] = mapped_column(Text)  # JSON list
    published_by: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[float] = mapped_column(Float)


class BriefingReceiptRecord(Base):
    """An officer read a version (``read_at``: the first acknowledgement) and acknowledged
    these items (JSON list, in the order acknowledged)."""

    __tablename__ = "briefing_receipts"
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    callsign: Mapped[str] = mapped_column(String(40), primary_key=True)
    read_at: Mapped[float] = mapped_column(Float)
    items: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[float] = mapped_column(Float)


class BriefingTask(Base):
    """The hub task a task item of a pack became when it was first published for its callsign."""

    __tablename__ = "briefing_tasks"
    briefing_id: Mapped[int] = mapped_column(ForeignKey("briefings.id"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    callsign: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
