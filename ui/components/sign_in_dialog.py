"""The sign-in dialog: user name, password and "remember me" (refresh token in the keyring)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class SignInDialog(QDialog):
    sign_in_requested = Signal(str, str, bool)  # user name, password, remember me

    def __init__(
        self,
        hub_url: str,
        username: str = "",
        keyring_reason: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Sign in — Control Room")
        self.setObjectName("signInDialog")
        self.username = QLineEdit(username, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remember me on this computer", self)
        self.keyring_note = QLabel(keyring_reason, self)
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("keyringNote")
        self.keyring_note.setVisible(bool(keyring_reason))
        self.remember.setEnabled(not keyring_reason)
        self.error = QLabel(self)
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        self.buttons.accepted.connect(self._request)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Hub", QLabel(hub_url, self))
        form.addRow("User name", self.username)
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def _request(self) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.show_error("Enter your user name and password.")
            return
        self.set_busy(True)
        self.sign_in_requested.emit(
            self.username.text().strip(), self.password.text(), self.remember.isChecked()
        )

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        if busy:
            self.error.hide()

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()
