"""Tables of context drawn under the live picture: police.uk street-level crimes, imported
from the published CSV files (controlroom.context.crimes)."""

from __future__ import annotations

from sqlalchemy import Float, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from controlroom.store.schema import Base


class ContextCrime(Base):
    """One street-level crime as police.uk publishes it. ``key`` is its Crime ID, or for a row
    without one (anti-social behaviour) the digest of its content and its place among identical
    rows of its file, so importing a file again adds nothing. A crime with no location has no
    lat and lon."""

    __tablename__ = "context_crimes"
    __table_args__ = (
        Index("ix_context_crimes_month_type", "month", "crime_type"),
        Index("ix_context_crimes_place", "lon", "lat"),
    )
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    crime_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    month: Mapped[str] = mapped_column(String(7))
    reported_by: Mapped[str] = mapped_column(String(100))
    falls_within: Mapped[str] = mapped_column(String(100))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    location: Mapped[str] = mapped_column(String(200))
    lsoa_code: Mapped[str] = mapped_column(String(16))
    lsoa_name: Mapped[str] = mapped_column(String(100))
    crime_type: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(200))
    context: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(64))  # SHA-256 of the file it came from
    imported_at: Mapped[float] = mapped_column(Float)
