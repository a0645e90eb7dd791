"""Reads of feedback, one module a reader: ``public`` (the published reports, for everyone);
the officers' queries live beside it."""
