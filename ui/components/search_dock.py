"""Search of captures for the intelligence desk: words, a kind, a time window and an area drawn
on the map, newest first with how many match; the result chosen opens as a record and is shown
on the map; Export… writes exactly what was searched as CSV, GeoJSON or KML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from math import cos, radians
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.documents import Capture, CaptureSearch
from controlroom.vocabulary import CAPTURE_KIND
from maps.view import MapView
from ui.models.search_results import KIND, OFFICER, SUMMARY, WHEN, SearchResultsModel
from ui.tasks import TaskKeeper
from ui.widgets.plain_table import plain_table

WINDOWS = {"last 24 hours": 1, "last 3 days": 3, "last 7 days": 7, "last 30 days": 30}
SHOWN = 200  # the newest this many are listed; the total says how many match
FORMATS = {"CSV (*.csv)": "csv", "GeoJSON (*.geojson)": "geojson", "KML (*.kml)": "kml"}


def area_words(bbox: str) -> str:
    """ "an area 2.3 x 1.6 km" for the drawn W,S,E,N; "anywhere" for none."""
    if not bbox:
        return "anywhere"
    west, south, east, north = (float(v) for v in bbox.split(","))
    across = (east - west) * 111.32 * cos(radians((south + north) / 2))
    return f"an area {across:.1f} × {(north - south) * 110.57:.1f} km"


def result_words(found: CaptureSearch) -> str:
    """How many matched, and whether the list shows them all."""
    if not found.total:
        return "Nothing matches."
    total = f"{found.total:,}{'+' if found.more else ''}"
    noun = "capture" if found.total == 1 and not found.more else "captures"
    text = f"{total} {noun} match, newest first"
    if found.more:
        text += f" (more than {found.total:,} match: narrow the search)"
    elif len(found.captures) < found.total:
        text += f"; the newest {len(found.captures)} are listed"
    return text + "."


class SearchDock(QDockWidget):
    capture_chosen = Signal(object)  # the Capture as the search found it
    searched = Signal(object)  # the CaptureSearch the hub answered
    exported = Signal(str)  # the file written
    failed = Signal(str)

    def __init__(
        self, client: HubClient, tasks: TaskKeeper, view: MapView, parent: QWidget | None = None
    ):
        super().__init__("Search captures", parent)
        self.setObjectName("searchDock")
        self.client, self.tasks, self.view = client, tasks, view
        self.bbox = ""  # W,S,E,N as drawn, or "" for anywhere
        self.asked: dict[str, object] | None = None  # the filter the results answer
        self.model = SearchResultsModel(self)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._first_row(body))
        layout.addLayout(self._second_row(body))
        layout.addWidget(self.summary)
        self.table = plain_table(
            self.model, "searchResults", {WHEN: 110, KIND: 130, OFFICER: 70, SUMMARY: 300}, body
        )
        self.table.setSelectionBehavior(self.table.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(lambda now, _was: self._chose(now))
        layout.addWidget(self.table, 1)
        self.setWidget(body)
        view.bridge.area_drawn.connect(self._area_drawn)
        view.bridge.capture_clicked.connect(self.select)

    def _first_row(self, body: QWidget) -> QHBoxLayout:
        self.words = QLineEdit(body)
        self.words.setObjectName("searchWords")
        self.words.setPlaceholderText('Words, "a phrase", a prefix*, a mark or a phone number')
        self.words.setClearButtonEnabled(True)
        self.words.returnPressed.connect(self.search)
        self.kind = QComboBox(body)
        self.kind.setObjectName("searchKind")
        self.kind.addItem("every kind", None)
        for term in CAPTURE_KIND:
            self.kind.addItem(term.words, term.code)
        self.window_ = QComboBox(body)
        self.window_.setObjectName("searchWindow")
        for text, days in WINDOWS.items():
            self.window_.addItem(text, days)
        self.window_.setCurrentIndex(len(WINDOWS) - 1)
        go = QPushButton("Search", body)
        go.setObjectName("searchGo")
        go.clicked.connect(self.search)
        row = QHBoxLayout()
        row.addWidget(self.words, 1)
        row.addWidget(self.kind)
        row.addWidget(self.window_)
        row.addWidget(go)
        return row

    def _second_row(self, body: QWidget) -> QHBoxLayout:
        self.draw = QPushButton("Draw an area", body)
        self.draw.setObjectName("searchDraw")
        self.draw.setToolTip("Drag a rectangle on the map (Esc cancels)")
        self.draw.clicked.connect(self.draw_area)
        self.clear_area = QPushButton("Anywhere", body)
        self.clear_area.setToolTip("Search the whole force area again")
        self.clear_area.clicked.connect(lambda: self.set_area(""))
        self.area = QLabel("anywhere", body)
        self.area.setObjectName("searchArea")
        self.export_button = QPushButton("Export…", body)
        self.export_button.setObjectName("searchExport")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        self.summary = QLabel("Search by words, kind, time and an area drawn on the map.", body)
        self.summary.setObjectName("searchSummary")
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.draw)
        row.addWidget(self.clear_area)
        row.addWidget(self.area, 1)
        row.addWidget(self.export_button)
        return row

    # ---- the filter ----------------------------------------------------------------------

    def filters(self, now: datetime | None = None) -> dict[str, object]:
        """The search as the hub takes it. The window is fixed when asked (since and until),
        so that an export later gives exactly these captures."""
        until = now or datetime.now(UTC)
        since = until - timedelta(days=int(self.window_.currentData()))
        asked: dict[str, object] = {
            "q": self.words.text().strip(),
            "since": since.isoformat(timespec="milliseconds"),
            "until": until.isoformat(timespec="milliseconds"),
            "limit": SHOWN,
        }
        if self.kind.currentData():
            asked["kind"] = self.kind.currentData()
        if self.bbox:
            asked["bbox"] = self.bbox
        return asked

    def draw_area(self) -> None:
        self.summary.setText("Drag a rectangle on the map (Esc cancels).")
        self.view.evaluate("crLive.drawArea()")

    def _area_drawn(self, bbox: str) -> None:
        self.set_area(bbox)
        if bbox:
            self.search()

    def set_area(self, bbox: str) -> None:
        self.bbox = bbox
        self.area.setText(area_words(bbox))
        west_south_east_north = [float(v) for v in bbox.split(",")] if bbox else None
        self.view.apply_diff({"area": west_south_east_north})

    # ---- searching -----------------------------------------------------------------------

    def search(self) -> None:
        asked = self.filters()
        self.summary.setText("Searching…")
        self.tasks.run(self._search(asked), name="capture-search")

    async def _search(self, asked: dict[str, object]) -> None:
        try:
            found = await self.client.search(asked)
        except HubError as exc:
            self.summary.setText(f"Not searched: {exc.detail}")
            self.failed.emit(f"search: {exc.detail}")
            return
        self.asked = asked
        self.model.set_rows(found.captures)
        self.summary.setText(result_words(found))
        self.export_button.setEnabled(bool(found.total))
        self._pin(None)
        self.searched.emit(found)

    def _pin(self, selected: str | None) -> None:
        points = [
            {"id": c.id, "lat": c.lat, "lon": c.lon, "label": f"{c.callsign}: {c.summary}"[:120]}
            for c in self.model.rows
        ]
        self.view.apply_diff({"found": {"points": points, "selected": selected, "fit": True}})

    def _chose(self, index) -> None:
        capture = self.model.capture(index.row()) if index.isValid() else None
        if capture is not None:
            self._pin(capture.id)
            self.capture_chosen.emit(capture)

    def select(self, capture_id: str) -> bool:
        for row, capture in enumerate(self.model.rows):
            if capture.id == capture_id:
                self.table.selectRow(row)
                return True
        return False

    def current(self) -> Capture | None:
        index = self.table.currentIndex()
        return self.model.capture(index.row()) if index.isValid() else None

    def focus_words(self) -> None:
        self.show()
        self.raise_()
        self.words.setFocus()
        self.words.selectAll()

    # ---- exporting -----------------------------------------------------------------------

    def export(self) -> None:
        """Ask where, then write exactly the captures searched in the format chosen."""
        if self.asked is None:
            return
        dialog = QFileDialog(self, "Export the captures found")
        dialog.setObjectName("exportDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(list(FORMATS))
        dialog.selectFile("captures.csv")
        if not dialog.exec() or not dialog.selectedFiles():
            return
        path = Path(dialog.selectedFiles()[0])
        format = path.suffix.lstrip(".").lower()
        if format not in FORMATS.values():
            format = FORMATS.get(dialog.selectedNameFilter(), "csv")
            path = path.with_name(f"{path.name}.{format}")
        self.export_to(path, format)

    def export_to(self, path: Path, format: str) -> None:
        if self.asked is not None:
            self.tasks.run(self._export(path, format, dict(self.asked)), name="capture-export")

    async def _export(self, path: Path, format: str, asked: dict[str, object]) -> None:
        try:
            body = await self.client.export_captures(format, asked)
            path.write_bytes(body)
        except (HubError, OSError) as exc:
            detail = exc.detail if isinstance(exc, HubError) else str(exc)
            self.failed.emit(f"not exported: {detail}")
            return
        self.exported.emit(str(path))
