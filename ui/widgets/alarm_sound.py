"""AlarmSound: a two-tone alarm generated at run time (no audio file shipped), played with
QSoundEffect where QtMultimedia and an audio device exist, else the system beep. Never fails:
a headless workstation simply stays silent."""

from __future__ import annotations

import io
import logging
import math
import struct
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)
RATE = 22050


def alarm_wav(seconds: float = 0.8, tones=(880.0, 660.0)) -> bytes:
    """A 16-bit mono WAV of alternating tones, a quarter second each."""
    frames = bytearray()
    for n in range(int(RATE * seconds)):
        tone = tones[int(n / (RATE / 4)) % len(tones)]
        frames += struct.pack("<h", int(12000 * math.sin(2 * math.pi * tone * n / RATE)))
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(bytes(frames))
    return out.getvalue()


class AlarmSound(QObject):
    def __init__(self, enabled: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = enabled
        self.playing = False
        self._effect = None
        self._file: Path | None = None
        self._beeper = QTimer(self)
        self._beeper.setInterval(1500)
        self._beeper.timeout.connect(QApplication.beep)
        if enabled:
            self._effect = self._make_effect()

    def _make_effect(self):
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:
            return None
        try:
            handle = tempfile.NamedTemporaryFile(prefix="controlroom-alarm-", suffix=".wav")  # noqa: SIM115 (kept open: removed when the object goes)
            handle.write(alarm_wav())
            handle.flush()
            self._tmp = handle  # deleted with this object
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(handle.name))
            effect.setLoopCount(QSoundEffect.Loop.Infinite.value)
            effect.setVolume(0.9)
            return effect
        except Exception:  # no audio back end: fall back to the beep
            log.warning("alarm sound unavailable; using the system beep", exc_info=True)
            return None

    def start(self) -> None:
        if self.playing or not self.enabled:
            self.playing = self.enabled
            return
        self.playing = True
        if self._effect is not None:
            self._effect.play()
        else:
            QApplication.beep()
            self._beeper.start()

    def stop(self) -> None:
        self.playing = False
        self._beeper.stop()
        if self._effect is not None:
            self._effect.stop()
