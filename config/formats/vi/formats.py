# SmartRural shows dates as dd/mm/yyyy in every language (Vietnamese administrative usage): the
# date and time formats are English's (``en/formats.py``); Vietnamese number marks differ.
from config.formats.en.formats import *  # noqa: F403  (Django reads the names off this module)

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
