"""Geography for the core: the force area and its wards (beats), the road network, the gazetteer,
reverse geocoding and routing. Qt-free."""
