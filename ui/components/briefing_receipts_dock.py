"""Who has read the open pack: per callsign of the team, the version read and when and the
items acknowledged of those the sergeant asked for, changing as each officer acknowledges.
Below, the changes offered for the pack since (a wanted person arrested, a missing person
found, new intelligence in the area): accepted into the draft, or dismissed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from controlroom.contract.briefings import Briefing, BriefingItem, BriefingOffer
from controlroom.live.state import Change, LiveState
from ui.components.briefing_pack_dock import team_of
from ui.models.briefings import (
    ACKED,
    CALLSIGN,
    CHANGE,
    READ_AT,
    READ_VERSION,
    REASON,
    OffersModel,
    ReceiptsModel,
    listed_change,
    read_words,
)
from ui.widgets.plain_table import plain_table


class ReceiptsDock(QDockWidget):
    offer_accepted = Signal(object)  # the BriefingOffer, to take into the draft

    def __init__(self, state: LiveState, parent: QWidget | None = None):
        super().__init__("Receipts", parent)
        self.setObjectName("briefingReceiptsDock")
        self.state = state
        self.briefing: Briefing | None = None
        self.items: list[BriefingItem] = []
        self.receipts = ReceiptsModel(self)
        self.offers = OffersModel(self)
        widths = {CALLSIGN: 80, READ_VERSION: 90, READ_AT: 80, ACKED: 90}
        self.receipts_table = plain_table(self.receipts, "receiptsTable", widths)
        self.offers_table = plain_table(self.offers, "offersTable", {CHANGE: 70, REASON: 220})
        self.offers_table.setSelectionBehavior(self.offers_table.SelectionBehavior.SelectRows)
        self.summary = QLabel("No briefing is open.", self)
        self.summary.setObjectName("receiptsSummary")
        self.offers_label = QLabel("Offered changes", self)
        self.setWidget(self._body())
        self._unsubscribe = state.subscribe(self._on_change)

    def _body(self) -> QWidget:
        body = QWidget(self)
        top, bottom = QWidget(body), QWidget(body)
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.summary)
        upper.addWidget(self.receipts_table, 1)
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.offers_label)
        lower.addWidget(self.offers_table, 1)
        row = QHBoxLayout()
        for name, text, slot in (
            ("offerAccept", "&Accept into the draft", self.accept),
            ("offerDismiss", "Dis&miss", self.dismiss),
        ):
            button = QPushButton(text, bottom)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        lower.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical, body)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([300, 170])
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(split)
        return body

    # ---- the open pack -------------------------------------------------------------------

    def show_briefing(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.items = list(briefing.items)
        self._show_receipts()
        self._show_offers()

    def _on_change(self, change: Change) -> None:
        ident = self.briefing.id if self.briefing else None
        if listed_change(change, ident, "briefing_receipts"):
            self._show_receipts()
        elif listed_change(change, ident, "briefing_offers"):
            self._show_offers()
        elif listed_change(change, ident, "briefings") and self.briefing is not None:
            self._show_receipts()  # a new version published: who has read it starts again

    def _show_receipts(self) -> None:
        if self.briefing is None:
            return
        board = self.state.briefings
        pack = board.packs.get(self.briefing.id)
        version = pack.version if pack else self.briefing.version
        held = board.receipts.get(self.briefing.id, {})
        self.receipts.show(team_of(self.briefing), held, version, self.items)
        if version == 0:
            self.summary.setText("Not published yet: nobody has it.")
        else:
            self.summary.setText(
                f"Version {version}: read by {read_words(self.state, self.briefing.id)}"
            )
        self.setWindowTitle(f"Receipts — {self.summary.text()}")

    def _show_offers(self) -> None:
        if self.briefing is None:
            return
        waiting = self.state.briefings.waiting_offers(self.briefing.id)
        self.offers.show(waiting, self.items)
        self.offers_label.setText(f"Offered changes — {len(waiting)} waiting")

    # ---- deciding an offer ---------------------------------------------------------------

    def current_offer(self) -> BriefingOffer | None:
        row = self.offers_table.currentIndex().row()
        return self.offers.rows[row] if 0 <= row < len(self.offers.rows) else None

    def accept(self) -> None:
        offer = self.current_offer()
        if offer is not None:
            self.offer_accepted.emit(offer)
            self._settle(offer)

    def dismiss(self) -> None:
        offer = self.current_offer()
        if offer is not None:
            self._settle(offer)

    def _settle(self, offer: BriefingOffer) -> None:
        if self.briefing is not None and self.state.briefings.settle_offer(self.briefing.id, offer):
            self._show_offers()
