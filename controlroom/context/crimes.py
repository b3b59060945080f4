"""police.uk street-level crime files read into rows to store (pure: no store here).

A file is the CSV data.police.uk publishes per force and month (`2019-01-staffordshire-
street.csv`): Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA
code, LSOA name, Crime type, Last outcome category, Context. Locations are already anonymised
by police.uk (snapped to "On or near <street>" points); a crime with no location has empty
coordinates and is kept without a place. A row that cannot be read is named by its line and
left out, the rest kept; a file without the columns, or not UTF-8, is refused whole.

Cells are kept as the text they are: a cell that looks like a spreadsheet formula is stored as
those characters and answered as a JSON string, never evaluated. A cell holding markup (an
HTML or XML tag, which no police.uk file carries) refuses its row: it is an injected file."""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any

COLUMNS = {  # the file's heading: the column it is stored in, and its longest value
    "Crime ID": ("crime_id", 64),
    "Month": ("month", 7),
    "Reported by": ("reported_by", 100),
    "Falls within": ("falls_within", 100),
    "Longitude": ("lon", 32),
    "Latitude": ("lat", 32),
    "Location": ("location", 200),
    "LSOA code": ("lsoa_code", 16),
    "LSOA name": ("lsoa_name", 100),
    "Crime type": ("crime_type", 100),
    "Last outcome category": ("outcome", 200),
    "Context": ("context", 2000),
}
REQUIRED = ("Month", "Longitude", "Latitude", "Crime type")
MONTH = re.compile(r"(\d{4})-(\d{2})")
CRIME_ID = re.compile(r"[0-9A-Za-z]{1,64}")
MARKUP = re.compile(r"<\s*(?:[/?]?[A-Za-z]|!)")  # the start of a tag: <b, </a, <!--, <?xml
MOST_REFUSALS = 100  # named one by one; beyond, only counted


class FileRefused(ValueError):
    """The file cannot be imported at all (not UTF-8, no heading, columns missing)."""


@dataclass
class CrimeFile:
    sha256: str
    rows: list[dict[str, Any]] = field(default_factory=list)  # as stored, keyed
    refused: list[tuple[int, str]] = field(default_factory=list)  # line, why
    refused_count: int = 0
    read: int = 0  # rows read below the heading


def read_crimes(content: bytes) -> CrimeFile:
    """The crimes of one file, each with its key, and the lines refused."""
    digest = hashlib.sha256(content).hexdigest()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileRefused(f"not UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    heading = _heading(reader)
    found, seen = CrimeFile(digest), dict[str, int]()
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return found
        except csv.Error as exc:
            found.read += 1
            _refuse(found, line, f"not CSV: {exc}")
            continue
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        found.read += 1
        try:
            row = _row(heading, cells)
        except ValueError as exc:
            _refuse(found, line, str(exc))
            continue
        row["key"] = _key(row, seen)
        found.rows.append(row)


def _heading(reader: Any) -> list[str]:
    try:
        heading = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FileRefused("empty: no heading") from None
    except csv.Error as exc:
        raise FileRefused(f"heading is not CSV: {exc}") from exc
    missing = [name for name in REQUIRED if name not in heading]
    if missing:
        raise FileRefused(f"no {', '.join(missing)} column: not a police.uk street-level file")
    return heading


def _refuse(found: CrimeFile, line: int, why: str) -> None:
    found.refused_count += 1
    if len(found.refused) < MOST_REFUSALS:
        found.refused.append((line, why))


def _row(heading: list[str], cells: list[str]) -> dict[str, Any]:
    if len(cells) != len(heading):
        raise ValueError(f"{len(cells)} cells under a heading of {len(heading)}")
    row: dict[str, Any] = {column: "" for column, _ in COLUMNS.values()}
    for name, cell in zip(heading, cells, strict=True):
        if name not in COLUMNS:
            continue
        column, longest = COLUMNS[name]
        if len(cell) > longest:
            raise ValueError(f"{name}: {len(cell)} characters, at most {longest}")
        if "\x00" in cell:
            raise ValueError(f"{name}: holds a NUL character")
        if MARKUP.search(cell):
            raise ValueError(f"{name}: holds markup")
        row[column] = cell.strip()
    _month(row["month"])
    if not row["crime_type"]:
        raise ValueError("Crime type is empty")
    if row["crime_id"] and not CRIME_ID.fullmatch(row["crime_id"]):
        raise ValueError("Crime ID is not letters and digits")
    row["crime_id"] = row["crime_id"] or None
    row["lat"], row["lon"] = _place(row["lat"], row["lon"])
    return row


def _month(text: str) -> None:
    matched = MONTH.fullmatch(text)
    if matched is None or not 1 <= int(matched.group(2)) <= 12:
        raise ValueError(f"Month {text[:20]!r} is not YYYY-MM")


def _place(lat_text: str, lon_text: str) -> tuple[float | None, float | None]:
    """Both coordinates, or neither (police.uk publishes some crimes without a location)."""
    if not lat_text and not lon_text:
        return None, None
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        why = f"Latitude {lat_text[:20]!r}, Longitude {lon_text[:20]!r}: not numbers"
        raise ValueError(why) from None
    on_earth = -90 <= lat <= 90 and -180 <= lon <= 180  # False for nan
    if not (math.isfinite(lat) and math.isfinite(lon) and on_earth):
        raise ValueError(f"Latitude {lat_text[:20]}, Longitude {lon_text[:20]}: off the earth")
    return lat, lon


def _key(row: dict[str, Any], seen: dict[str, int]) -> str:
    """Its Crime ID; for a row without one, the digest of its content and how many identical
    rows came before it in its file (two identical anti-social behaviour reports in one month
    and street are two reports)."""
    if row["crime_id"]:
        return str(row["crime_id"])
    content = [str(row[column]) for column, _ in COLUMNS.values() if column != "crime_id"]
    digest = hashlib.sha256("\x1f".join(content).encode()).hexdigest()
    seen[digest] = seen.get(digest, 0) + 1
    return f"row:{digest[:60]}:{seen[digest]}"
