"""A read-only table view as the desks show a history or a log: no grid, no row numbers, one
line a row, columns the user may widen, the last one taking what is left."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget


def plain_table(
    model: QAbstractItemModel, name: str, widths: dict[int, int], parent: QWidget | None = None
) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    return view
