"""Reads of feedback, one module a page family: ``queue`` (the officers' work queue and a
report's officers), ``statistics`` (the officers' figures), ``public`` (what residents read).
Import the module you need; nothing is re-exported here."""
