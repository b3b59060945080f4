"""DispatchFeed: incidents (with their overdue flag), the recommended units and the emergency
the map flies to, sent to the map page as diffs."""

from __future__ import annotations

from PySide6.QtCore import QObject

from controlroom.contract.documents import Emergency, Incident, Recommendation
from controlroom.live.state import Change, LiveState
from maps.view import MapView
from ui.models.incidents import IncidentsModel


def candidates_diff(
    lat: float | None, lon: float | None, units: list[Recommendation], state: LiveState
) -> dict | None:
    """The "candidates" layer: each recommended unit where it is now, with its ETA."""
    if lat is None or lon is None:
        return None
    shown = []
    for rec in units:
        unit = state.units.get(rec.callsign)
        if unit is None or unit.lat is None:
            continue
        shown.append(
            {
                "callsign": rec.callsign,
                "lat": unit.lat,
                "lon": unit.lon,
                "eta_s": rec.eta_s,
                "distance_m": rec.distance_m,
            }
        )
    return {"lat": lat, "lon": lon, "units": shown}


class DispatchFeed(QObject):
    def __init__(self, view: MapView, model: IncidentsModel, parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.model, self.state = view, model, model.state
        self._shown: set[int] = set()
        self._overdue: dict[int, bool] = {}
        self.state.subscribe(self._on_change)
        self.send_incidents()

    def _on_change(self, change: Change) -> None:
        if change.section in ("incidents", "tasks"):
            self.send_incidents()

    def incident_item(self, incident: Incident) -> dict:
        return {
            "id": incident.id,
            "summary": incident.summary,
            "grade": incident.grade,
            "lat": incident.lat,
            "lon": incident.lon,
            "overdue": self.model.is_overdue(incident),
            "age_min": self.model.age_min(incident),
        }

    def send_incidents(self, only_changed: bool = False) -> None:
        """Upsert every open incident (the queue is short); remove the closed ones. With
        ``only_changed``, send only incidents whose overdue flag flipped (the clock's tick)."""
        incidents = self.state.incidents
        upsert = []
        for ident, incident in incidents.items():
            item = self.incident_item(incident)
            if only_changed and self._overdue.get(ident) == item["overdue"]:
                continue
            self._overdue[ident] = item["overdue"]
            upsert.append(item)
        removed = [i for i in self._shown if i not in incidents]
        self._shown = {i["id"] for i in upsert} | (self._shown & incidents.keys())
        if upsert or removed:
            self.view.apply_diff({"incidents": {"upsert": upsert, "remove": removed}})

    def show_candidates(
        self, lat: float | None, lon: float | None, units: list[Recommendation]
    ) -> None:
        self.view.apply_diff({"candidates": candidates_diff(lat, lon, units, self.state)})

    def clear_candidates(self) -> None:
        self.view.apply_diff({"candidates": None})

    def show_alarm(self, emergency: Emergency | None) -> None:
        if emergency is None:
            self.view.apply_diff({"alarm": None})
            return
        lat, lon = emergency.lat, emergency.lon
        unit = self.state.units.get(emergency.callsign)
        if unit is not None and unit.lat is not None:
            lat, lon = unit.lat, unit.lon  # the live position beats the press position
        alarm = {"callsign": emergency.callsign, "lat": lat, "lon": lon, "zoom": 14}
        self.view.apply_diff({"alarm": alarm})
