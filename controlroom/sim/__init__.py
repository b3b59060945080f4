"""The simulator: plays officers' devices against a hub through the public device API. Qt-free."""
