"""Pages of work records processed online: a unit's year with monthly entry (``records``), the
upload of an e-office export (``upload``), and the targets (``targets``)."""
