"""The hub's interop listeners: OsmAnd (Traccar Client) over HTTP and Cursor-on-Target over
TCP/TLS, both mapping a device's own id to a unit through ``devices.external_id``.

- :mod:`.devices`: external id -> unit (and provisioning of unknown devices, when allowed);
- :mod:`.pings`: a reported position -> the writer's ping row, checked like the device API;
- :mod:`.osmand`: the OsmAnd HTTP listener;
- :mod:`.cot_session`, :mod:`.cot_listener`: CoT in; :mod:`.cot_out`: our units out to TAK;
- :mod:`.listeners`: starting and stopping whichever of them the command line asked for.
"""
