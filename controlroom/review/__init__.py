"""The intelligence officer's review: what waits, in what order, and how a capture reads."""
