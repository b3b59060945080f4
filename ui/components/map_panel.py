"""MapPanel: the map in the main window, detachable into its own window for a second monitor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from maps.view import MapView
from ui.settings import WindowLayout


class MapWindow(QWidget):
    closed = Signal()

    def __init__(self):
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("Control Room — Map")
        self.setObjectName("mapWindow")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)


class MapPanel(QWidget):
    detached_changed = Signal(bool)

    def __init__(self, view: MapView, layout_store: WindowLayout, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mapPanel")
        self.view = view
        self.layout_store = layout_store
        self.window_: MapWindow | None = None
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(view)

    @property
    def detached(self) -> bool:
        return self.window_ is not None

    def toggle_detached(self) -> None:
        self.attach() if self.detached else self.detach()

    def detach(self) -> None:
        if self.detached:
            return
        window = self.window_ = MapWindow()
        window.box.addWidget(self.view)
        if not self.layout_store.restore(window, "map"):
            window.resize(1280, 900)
        window.closed.connect(self.attach)
        window.show()
        self.detached_changed.emit(True)

    def attach(self) -> None:
        window, self.window_ = self.window_, None
        if window is None:
            return
        self.layout_store.save(window, "map")
        self.box.addWidget(self.view)
        window.closed.disconnect(self.attach)
        window.close()
        window.deleteLater()
        self.detached_changed.emit(False)

    def focus_map(self) -> None:
        if self.window_ is not None:
            self.window_.raise_()
            self.window_.activateWindow()
        self.view.setFocus()
