"""The ground truth of a simulated shift: for each capture the hub acknowledged, which true
person or vehicle each mention is. Written beside the run, never sent to the hub; read by
bench/linking.py. One JSON document a line: {"capture": id, "mentions": [{"path", "kind",
"truth", "written"?}]}; a mention in free text carries how it was written."""

from __future__ import annotations

from pathlib import Path

import orjson


class TruthFile:
    def __init__(self, path: str | Path):
        self._handle = open(path, "ab")  # noqa: SIM115 - held for the whole shift

    def write(self, capture_id: str, mentions: list[dict]) -> None:
        self._handle.write(orjson.dumps({"capture": capture_id, "mentions": mentions}) + b"\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def read_truth(path: str | Path) -> dict[str, list[dict]]:
    """capture id -> its mentions' truth."""
    out: dict[str, list[dict]] = {}
    for line in Path(path).read_bytes().splitlines():
        if line.strip():
            doc = orjson.loads(line)
            out[doc["capture"]] = doc["mentions"]
    return out
