"""Qt item models over the live state: units, captures, tasks."""
