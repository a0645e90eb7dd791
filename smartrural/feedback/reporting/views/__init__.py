"""The residents' pages: the report form (``form``) and the status page (``track``)."""
