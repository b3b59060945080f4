"""What officers say to the control room over their devices: the odd request during a shift,
and a reply to each message a dispatcher sends them. Deterministic for a seed."""

from __future__ import annotations

import random

MESSAGES_PER_OFFICER_HOUR = 0.3
ASKS = (
    "Can I get a PNC check on a vehicle parked up on {street}?",
    "Show me at {street}, speaking to the informant.",
    "Any unit free to assist at {street}? Male being obstructive.",
    "Leaving {street} now, nothing further, resuming patrol.",
    "Can you call the complainant back? Nobody home at {street}.",
    "Request an ambulance to {street}, elderly female has had a fall.",
    "Premises on {street} found insecure, awaiting keyholder.",
    "Is there a marker on {street}? Neighbour reports previous incidents.",
)
REPLIES = (
    "Received.",
    "Received, on it.",
    "Understood, will update shortly.",
    "Roger, about five minutes away.",
    "Noted, thanks.",
)


class Chatter:
    """Spontaneous messages as a Poisson process over the officers on shift."""

    def __init__(self, seed: int, officers: int, rate_scale: float = 1.0) -> None:
        self.rng = random.Random(f"chatter:{seed}")
        self.rate = MESSAGES_PER_OFFICER_HOUR * officers * rate_scale / 3600
        self.next_at = self.rng.expovariate(self.rate) if self.rate else float("inf")

    def due(self, t: float, on_shift: list[str], street_of) -> list[tuple[str, str]]:
        """(call sign, text) for each message due by simulated time t."""
        said = []
        while self.next_at <= t:
            self.next_at += self.rng.expovariate(self.rate)
            if on_shift:
                callsign = self.rng.choice(on_shift)
                said.append((callsign, self.rng.choice(ASKS).format(street=street_of(callsign))))
        return said

    def reply(self, callsign: str, text: str) -> str:
        """The officer's answer to a dispatcher's message."""
        return random.Random(f"reply:{callsign}:{text}").choice(REPLIES)
