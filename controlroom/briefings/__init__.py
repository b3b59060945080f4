"""The sergeant's briefing as a document: the pack printed (``pdf.render``), with its maps drawn
from the project's own street tiles. Core: no Qt here, so the hub can serve it."""
