"""The live map: a folium page built once from local assets, fed through a QWebChannel bridge.

- ``maps.page``: ``MapSettings`` (basemap: XYZ URL template, ``.mbtiles`` path, or "" for the
  vector outline/wards/streets in ``geodata_dir``) and ``build_page`` / ``write_page``.
- ``maps.mbtiles``: ``register_schemes()`` (call before the QApplication exists) and the
  ``mbtiles:`` URL scheme handler.
- ``maps.view``: ``MapView`` (``load_map``, ``apply_diff``, ``select``, ``focus``, ``show_track``,
  ``query``, ``unit_position``, ``evaluate``, ``reload_map``; signal ``batch_applied``) and its
  ``bridge`` (signals ``page_ready``, ``unit_clicked``, ``capture_clicked``, ``map_clicked``).
- ``maps.coalescer``: diff merging and the rate-bounded ``DiffCoalescer``.
"""
