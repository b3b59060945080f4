"""FilterTable: a filter box over a sortable table of any model that has a key role."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)


class FilterTable(QWidget):
    key_selected = Signal(object)  # the key of the row that became current

    def __init__(
        self,
        model: QAbstractItemModel,
        key_role: int,
        sort_role: int,
        placeholder: str = "Filter",
        stretch_column: int | None = None,
        parent: QWidget | None = None,
        proxy: QSortFilterProxyModel | None = None,
    ):
        super().__init__(parent)
        self.key_role = key_role
        self.proxy = proxy or QSortFilterProxyModel(self)  # one of its own unless given
        self.proxy.setParent(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(sort_role)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(placeholder)
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = self._make_view(stretch_column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.view)
        self.filter_box.returnPressed.connect(self._take_first)

    def _make_view(self, stretch_column: int | None) -> QTableView:
        view = QTableView(self)
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(24)
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch_column is None)
        if stretch_column is not None:
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        view.selectionModel().currentRowChanged.connect(self._on_current)
        return view

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.key_selected.emit(current.data(self.key_role))

    def _take_first(self) -> None:
        if self.proxy.rowCount():
            self.view.setFocus()
            self.select_row(0)

    def select_row(self, proxy_row: int) -> None:
        index = self.proxy.index(proxy_row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def select_key(self, key: Hashable) -> bool:
        """Make the row holding ``key`` current (clearing a filter that hides it)."""
        source = self.proxy.sourceModel()
        for attempt in range(2):
            for row in range(source.rowCount()):
                index = source.index(row, 0)
                if index.data(self.key_role) == key:
                    mapped = self.proxy.mapFromSource(index)
                    if mapped.isValid():
                        self.select_row(mapped.row())
                        return True
                    break
            if attempt == 0 and self.filter_box.text():
                self.filter_box.clear()
        return False

    def current_key(self) -> Any:
        index = self.view.currentIndex()
        return index.data(self.key_role) if index.isValid() else None

    def focus_filter(self) -> None:
        self.filter_box.setFocus()
        self.filter_box.selectAll()
