"""Talking to the hub from outside it: the desktop app, the simulator and tests use this."""
