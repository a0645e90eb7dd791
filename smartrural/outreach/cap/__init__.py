"""CAP 1.2 (Common Alerting Protocol, OASIS): alerts received become loudspeaker bulletins; our
emergency bulletins leave as CAP.

**Reading** (``parse_alert``): at most ``OUTREACH_CAP_MAX_BYTES``, parsed by lxml with entities
unresolved, no network and no huge trees; a file with a DOCTYPE is refused outright (CAP has
none, and it is where entity attacks live); then checked against the OASIS schema shipped in
``data/CAP-v1.2.xsd``. A file that fails says the schema's first error and its line.

**Import** (``cap_plan`` shows what a file would do, ``cap_import`` does it, in one
transaction):

- ``sender`` + ``identifier`` name an alert: one received twice changes nothing (the
  ``CapAlert`` unique constraint backs the check).
- Only ``status`` Actual and ``scope`` Public are broadcast (a Test or Exercise alert, or one
  restricted to some recipients, must not reach the loudspeakers); ``msgType`` Ack and Error
  carry nothing to broadcast.
- ``Alert``: the ``info`` in Vietnamese (``language`` vi or vi-VN…; else the first ``info``)
  becomes a published bulletin spoken from its headline, description and instruction
  (``outreach.speech``; cut at ``OUTREACH_SPEECH_MAX_CHARS`` on a word boundary). Its priority:
  **emergency** when ``severity`` is Extreme or Severe and ``urgency`` Immediate or Expected;
  **priority** for every other alert (an official warning never waits for a normal slot). It
  plays at once (an emergency), or from ``onset``/``effective`` when later than now; it expires
  at ``expires`` (24 hours after import when the alert has none; an alert already expired is
  refused). Any audio ``resource`` of the alert is not fetched: stations play our own speech.
- Targets: the ``geocode`` s of every ``area`` with ``valueName`` **GSO** (any case) and a GSO
  administrative unit code (province 2 digits, district 3, commune 5, hamlet 7) are matched to
  our units (the unit with that code valid on the alert's ``sent`` day, else its latest); each
  becomes a zone of the bulletin (a hamlet zone: its commune's station). A matched unit outside
  the importing officer's units refuses the whole file. No GSO code matched (other codes,
  ``areaDesc`` only, polygons): the officer's whole scope. The bulletin is issued by the
  smallest commune, district or province that holds every zone.
- ``Update``: the bulletins of the alerts it ``references`` (received here) are withdrawn and
  the update becomes a new bulletin (an update of an alert never received is taken as an
  alert). ``Cancel``: the bulletins of the alerts it references are withdrawn; one that
  references nothing received here is refused.
- The ``CapAlert`` row keeps the XML as received and the bulletin it made (or withdrew).
- ``ALERT_HANDLERS``: callables ``handler(cap_alert, parsed)`` run after an Alert or Update made
  its bulletin, inside the same transaction (an exception undoes the whole import). The
  campaign to residents registers itself here.

**Export** (``cap_export``): a published emergency bulletin as a CAP 1.2 alert: ``identifier``
``bulletin-<id>`` (stable), ``sender`` from ``OUTREACH_CAP_SENDER``, ``sent`` its publication
time at +07:00, status Actual, msgType Alert, scope Public; one ``info`` (language vi-VN,
category Safety, event "Thông báo khẩn cấp", urgency/severity/certainty from the priority,
headline = title, description = text, ``expires``), a ``resource`` (the MP3: mimeType, size,
SHA-1 ``digest`` as CAP asks, the officers' gated URI) and one ``area`` per zone or station's
commune (``areaDesc`` its name, ``geocode`` GSO its code). Every export is schema-checked.
"""

from __future__ import annotations

from .export import (
    EXPORT_EVENT,
    EXPORT_RESOURCE,
    EXPORT_TERMS,
    cap_export,
    cap_identifier,
    cap_sender,
    exportable,
)
from .imports import ALERT_HANDLERS, CapImport, CapPlan, cap_import, cap_plan
from .parsing import (
    DEFAULT_VALIDITY,
    EMERGENCY_SEVERITIES,
    EMERGENCY_URGENCIES,
    GEOCODE_NAME,
    ICT,
    NS,
    SCHEMA_PATH,
    Area,
    CapError,
    ParsedAlert,
    max_bytes,
    parse_alert,
    schema,
    validate,
)

__all__ = [
    "ALERT_HANDLERS",
    "DEFAULT_VALIDITY",
    "EMERGENCY_SEVERITIES",
    "EMERGENCY_URGENCIES",
    "EXPORT_EVENT",
    "EXPORT_RESOURCE",
    "EXPORT_TERMS",
    "GEOCODE_NAME",
    "ICT",
    "NS",
    "SCHEMA_PATH",
    "Area",
    "CapError",
    "CapImport",
    "CapPlan",
    "ParsedAlert",
    "cap_export",
    "cap_identifier",
    "cap_import",
    "cap_plan",
    "cap_sender",
    "exportable",
    "max_bytes",
    "parse_alert",
    "schema",
    "validate",
]
