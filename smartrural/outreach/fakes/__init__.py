"""Local fake servers that speak the providers' documented formats (Zalo ZNS and OA, the SMS
gateway, Facebook's Graph API, SMTP), for the tests, the benchmark and ``make demo``. Not used
in production: the adapters in ``outreach.channels`` talk to whatever URL the settings give."""
