"""Endpoint matrix rows of the SMS gateway's webhooks (/outreach/hooks/sms/): called by the
gateway, never by a person; a session proves nothing, only the signature does, so every persona
(anonymous included) gets 403 without one, and the reply hook takes POST only."""

from __future__ import annotations

from smartrural.testing_matrix import Endpoint, everyone

RECEIPTS = "/outreach/hooks/sms/receipts/?uid=0f0e6c3a-8f0e-4a53-9a55-3f5ad6f1a111&sig=bad"
RECEIPT_FIELDS: dict[str, object] = {"SMSID": "x", "SendStatus": "5", "SendSuccess": "1"}

ENDPOINTS: list[Endpoint] = [
    Endpoint("outreach-hooks:sms-receipts", "get", lambda p: RECEIPTS, everyone(403)),
    Endpoint(
        "outreach-hooks:sms-receipts", "post", lambda p: RECEIPTS, everyone(403), RECEIPT_FIELDS
    ),
    Endpoint(
        "outreach-hooks:sms-inbound",
        "post",
        lambda p: "/outreach/hooks/sms/inbound/",
        everyone(403),
        {"Phone": "0912345678", "Content": "STOP"},
        json_body=True,
    ),
    Endpoint(
        "outreach-hooks:sms-inbound", "get", lambda p: "/outreach/hooks/sms/inbound/", everyone(405)
    ),
]
