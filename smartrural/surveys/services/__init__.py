"""Writes to surveys: one module per entity (``survey_*``, ``question_*``, ``sample_*``,
``response_*``, ``household_*``, ``consultation_*``/``opinion_*``)."""
