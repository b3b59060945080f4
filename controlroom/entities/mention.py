"""A mention: one person, vehicle, phone or address as one capture writes it."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("person", "vehicle", "phone", "address")


@dataclass(slots=True)
class Mention:
    """``path`` says where in the capture it was written ("driver", "persons[1]", "text");
    ``attributes`` hold the normalised values the linker compares; ``written`` is how this
    capture wrote it; ``owner`` is the index (in the capture's mentions) of the person a phone,
    address or vehicle belongs to."""

    kind: str
    role: str
    path: str
    attributes: dict = field(default_factory=dict)
    written: str = ""
    owner: int | None = None

    @property
    def label(self) -> str:
        return self.attributes.get("label") or self.written
