"""Forms of the officers' outreach pages, one module per area."""
