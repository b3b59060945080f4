"""Entities: the people, vehicles, phones and addresses captures mention, and how mentions of the
same one are linked. Pure logic (no hub, no store): extraction from a capture, normalisation,
blocking keys, explainable scoring and the decision between a link, a suggestion and a new
record. The hub's linker (``controlroom.hub.linking``) feeds it and writes what it decides."""
