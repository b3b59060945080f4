"""The live map: a folium page built once from local assets, fed through a QWebChannel bridge.

- ``maps.map_settings``: ``MapSettings`` (basemap: "" for the bundled street map, a ``.pmtiles``
  archive of vector tiles, an XYZ URL template, an ``.mbtiles`` path, or "outline" for the
  vector outline/wards/streets in ``geodata_dir``; theme; the view to open on).
- ``maps.page``: ``build_page`` / ``write_page``; ``maps.basemaps``: the basemap on the page.
- ``maps.schemes``: ``register_schemes()`` (call before the QApplication exists) and the tile
  scheme handler behind ``maps.mbtiles`` (``mbtiles:``) and ``maps.street_tiles`` (``streets:``).
- ``maps.view``: ``MapView`` (``load_map``, ``apply_diff``, ``select``, ``focus``, ``show_track``,
  ``set_theme``, ``query``, ``unit_position``, ``evaluate``, ``reload_map``; signal
  ``batch_applied``) and its ``bridge`` (signals ``page_ready``, ``unit_clicked``,
  ``capture_clicked``, ``map_clicked``).
- ``maps.coalescer``: diff merging and the rate-bounded ``DiffCoalescer``.
"""
