"""A survey's form as an XLSForm workbook (the format of ODK and KoboToolbox), read and written.

``read_xlsform`` turns an uploaded workbook into ``QuestionSpec`` (or lists every problem, by
row); ``write_xlsform`` turns a survey's questions into a workbook that ``read_xlsform`` reads
back into the same questions and that pyxform converts to an ODK form. The conventions they
share (columns, the satisfaction list) are in ``columns``.
"""

from __future__ import annotations

from .columns import CONTENT_COLUMN, LANGUAGE, SATISFIED_COLUMN
from .reader import XlsForm, read_xlsform
from .sheets import MAX_BYTES, XlsFormInvalid
from .writer import write_xlsform, xlsform_file_name

__all__ = [
    "CONTENT_COLUMN",
    "LANGUAGE",
    "MAX_BYTES",
    "SATISFIED_COLUMN",
    "XlsForm",
    "XlsFormInvalid",
    "read_xlsform",
    "write_xlsform",
    "xlsform_file_name",
]
