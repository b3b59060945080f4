import random

from controlroom.sim.device import Device


def _device(seed: int = 1) -> Device:
    return Device("foot", random.Random(seed), 90.0, 6.0)


def test_pings_sent_at_once_with_noise_accuracy_and_battery():
    device = _device()
    device.gap_start, device.gap_end = 1e9, 1e9 + 60
    sent = device.ping(0.0, 53.0, -2.18, 1.3, 90.0)
    assert len(sent) == 1
    ping = sent[0]
    assert ping["t"] == 0.0 and ping["accuracy_m"] >= 3.0
    assert abs(ping["lat"] - 53.0) < 0.001 and abs(ping["lon"] + 2.18) < 0.002
    device.ping(3600.0, 53.0, -2.18, 0.0, 0.0)
    assert device.battery_pct < 90.0 - 6


def test_gap_buffers_then_flushes_late_and_out_of_order():
    device = _device(3)
    device.gap_start, device.gap_end = 100.0, 160.0
    assert len(device.ping(95.0, 53.0, -2.18, 1.0, 0.0)) == 1
    for t in range(100, 160, 5):
        assert device.ping(float(t), 53.0, -2.18, 1.0, 0.0) == []
    flushed = device.ping(160.0, 53.0, -2.18, 1.0, 0.0)
    times = [p["t"] for p in flushed]
    assert times[0] == 160.0  # the fresh fix first, the backlog after it
    assert sorted(times[1:]) == [float(t) for t in range(100, 160, 5)]
    assert times[1:] != sorted(times[1:])  # shuffled: out of order
    assert device.gap_start > 160.0  # the next gap is scheduled later
    assert device.buffered == []


def test_gaps_happen_every_few_hours():
    device = _device(4)
    gaps = 0
    for step in range(0, 24 * 3600, 5):
        if not device.ping(float(step), 53.0, -2.18, 1.0, 0.0):
            gaps += 1
    assert 20 < gaps < 2000
