from __future__ import annotations


class DemoError(RuntimeError):
    """The demo data do not lead where the demo says they do (a service refused a step, or the
    engine does not find the level a recognition needs): the load stops, nothing is kept."""
