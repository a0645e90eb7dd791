"""An adapter that keeps what it is given, for tests of the delivery loop (not a transport).

``MemoryAdapter.outbox`` lists what was sent; ``MemoryAdapter.script`` maps an address to the
results to give, one per attempt (the last one repeats), so a test can make one address fail
once, for good, or after acceptance.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from .base import Accepted, Outgoing, Result


class MemoryAdapter:
    channel: ClassVar[str] = ""
    idempotent: ClassVar[bool] = True
    outbox: ClassVar[list[Outgoing]] = []
    script: ClassVar[dict[str, list[Result]]] = {}
    _lock = threading.Lock()

    def send(self, message: Outgoing) -> Result:
        with self._lock:
            results = self.script.get(message.address)
            result: Result = Accepted(provider_id=f"mem-{message.uid}")
            if results:
                result = results.pop(0) if len(results) > 1 else results[0]
            if isinstance(result, Accepted):
                self.outbox.append(message)
            return result

    def close(self) -> None:
        return None

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.outbox.clear()
            cls.script.clear()


class MemoryZns(MemoryAdapter):
    channel = "zns"


class MemoryZaloOa(MemoryAdapter):
    channel = "zalo_oa"


class MemorySms(MemoryAdapter):
    channel = "sms"


class MemoryEmail(MemoryAdapter):
    channel = "email"


class MemoryFacebook(MemoryAdapter):
    channel = "facebook"


MEMORY_ADAPTERS = {
    adapter.channel: f"{__name__}.{adapter.__name__}"
    for adapter in (MemoryZns, MemoryZaloOa, MemorySms, MemoryEmail, MemoryFacebook)
}
