"""The officers' side of feedback under /feedback/work/: the work queue, entering feedback on a
resident's behalf, a report's page with its moves and moderation, the categories, statistics."""
