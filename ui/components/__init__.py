"""App-aware parts of the window: docks, the map panel, status bar, sign-in, actions."""
