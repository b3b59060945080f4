"""Geography for the core: the force area, its wards (beats), and the street graph. Qt-free."""
