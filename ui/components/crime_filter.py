"""The crime layer's filter: one police.uk crime type (or every type) and a range of months,
chosen from what the hub holds (GET /api/v1/context/crimes/summary: each type with how many,
and the months held)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from controlroom.client.hub import HubClient, HubError
from controlroom.contract.heat import CrimeSummary
from ui.tasks import TaskKeeper


@dataclass(frozen=True)
class CrimeFilter:
    """What the crime layer draws: one police.uk crime type (None: every type) and a range of
    months, both included (None: every month)."""

    crime_type: str | None = None
    first_month: str | None = None
    last_month: str | None = None

    def query(self) -> dict[str, str]:
        asked = {"type": self.crime_type} if self.crime_type else {}
        if self.first_month:
            asked["month"] = f"{self.first_month}..{self.last_month or self.first_month}"
        return asked

    def words(self) -> str:
        months = ""
        if self.first_month:
            last = self.last_month or self.first_month
            months = (
                self.first_month if last == self.first_month else f"{self.first_month} to {last}"
            )
        return ", ".join(w for w in (self.crime_type, months) if w)


class CrimeFilterDialog(QDialog):
    chosen = Signal(object)  # the CrimeFilter

    def __init__(
        self, client: HubClient, tasks: TaskKeeper, now: CrimeFilter, parent: QWidget | None
    ):
        super().__init__(parent)
        self.setObjectName("crimeFilterDialog")
        self.setWindowTitle("Crime layer filter")
        self.now = now
        self.kind = QComboBox(self)
        self.kind.setObjectName("crimeType")
        self.first = QComboBox(self)
        self.first.setObjectName("crimeFirstMonth")
        self.last = QComboBox(self)
        self.last.setObjectName("crimeLastMonth")
        self.said = QLabel("Reading what the crime layer holds…", self)
        self.said.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        form = QFormLayout(self)
        form.addRow("Crime type", self.kind)
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        form.addRow(self.said)
        form.addRow(buttons)
        self.loaded = False
        tasks.run(self._load(client), name="crime-summary")

    async def _load(self, client: HubClient) -> None:
        try:
            held = await client.read(CrimeSummary, "/api/v1/context/crimes/summary")
        except HubError as exc:
            self.said.setText(f"Not read: {exc.detail}")
            return
        self.show_summary(held)

    def show_summary(self, held: CrimeSummary) -> None:
        self.kind.addItem(f"every type ({sum(held.categories.values()):,})", None)
        for name, count in held.categories.items():
            self.kind.addItem(f"{name} ({count:,})", name)
        months = held.months
        for box in (self.first, self.last):
            box.addItem("any month", None)
            for month in months:
                box.addItem(month, month)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.now.crime_type)))
        self.first.setCurrentIndex(max(0, self.first.findData(self.now.first_month)))
        self.last.setCurrentIndex(max(0, self.last.findData(self.now.last_month)))
        self.said.setText(
            f"{len(held.categories)} crime types held, {months[0]} to {months[-1]}."
            if months
            else "No crimes are held: an administrator imports them (controlroom admin "
            "import-crimes)."
        )
        self.ok.setEnabled(True)
        self.loaded = True

    def choice(self) -> CrimeFilter:
        first, last = self.first.currentData(), self.last.currentData()
        if first and last and last < first:
            first, last = last, first
        if last and not first:
            first = last
        return CrimeFilter(self.kind.currentData(), first, last or first)

    def accept(self) -> None:
        self.chosen.emit(self.choice())
        super().accept()
