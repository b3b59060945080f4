"""Live state on the control-room side: a snapshot plus the event stream, applied by seq.

- ``controlroom.live.state``: ``LiveState`` (``load_snapshot``, ``apply``, ``tick``,
  ``mark_seen``, ``subscribe``) and the ``Change`` notices it sends.
- ``controlroom.live.session``: ``LiveSession`` runs the snapshot-then-stream loop on a
  ``HubClient`` and keeps the connection state.

No Qt here: the desktop app turns ``Change`` notices into item-model updates.
"""
