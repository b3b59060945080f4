"""Replaying a recorded GPS track through the hub's device API, as a device would send it."""
