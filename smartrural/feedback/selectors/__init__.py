"""Reads of feedback, one module a concern: ``public`` (the published reports, for everyone),
``queue`` and ``statistics`` (officers), ``overdue`` (the one overdue rule), ``platform_work``
(the counts transformation reads)."""
