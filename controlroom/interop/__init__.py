"""Protocol adapters for devices nobody here wrote: Traccar Client (OsmAnd) and TAK (CoT).

Pure functions and small incremental decoders; no sockets, no hub, no Qt. The hub's listeners
feed them bytes and store what comes out.
"""
