"""The wire contract, defined once: what devices and workstations send (``requests``), the
documents the hub answers and streams (``documents``), and the event types of the log
(``events``). The hub decodes and validates with these structs, its OpenAPI schemas are made from
them (``openapi``), and the app's live state holds them."""
