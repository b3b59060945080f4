"""Reusable widgets that know nothing of the hub or the live state."""
