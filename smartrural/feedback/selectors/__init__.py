"""Reads of feedback, one module a concern (overdue reports, queues, public lists, statistics)."""
