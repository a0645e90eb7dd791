"""A candidate's score sheet as one form: a score and a comment per criterion in use."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from smartrural.core.textcheck import FreeTextField
from smartrural.core.versioned_forms import hidden_version, row_version_field, show_stored
from smartrural.core.versioning import NOT_STORED

from ...models import ScoringCriterion
from ..selectors import ScoreSheet
from .common import changed_rows


class ScoreSheetForm(forms.Form):
    """One score (0..maximum, blank: not scored) and one comment per criterion in use, each
    with the score and comment the page was loaded with and the stored score's version."""

    def __init__(self, *args: Any, sheet: ScoreSheet, **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        for line in sheet.lines:
            if line.score is not None:
                initial[f"score_{line.criterion.pk}"] = line.score.score
                initial[f"comment_{line.criterion.pk}"] = line.score.comment
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria: list[ScoringCriterion] = [line.criterion for line in sheet.lines]
        self.changed: dict[int, int | None] = {}
        for line in sheet.lines:
            criterion = line.criterion
            # Inside the table the inputs are named by aria-label: a visually hidden <label>
            # is positioned out of the scrolling table and widens the page on phones.
            score_label = _("Score for %(code)s (0–%(max)s)") % {
                "code": criterion.code,
                "max": criterion.max_score,
            }
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=score_label,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                widget=forms.NumberInput(attrs={"aria-label": score_label}),
                show_hidden_initial=True,
            )
            comment_label = _("Comment on %(code)s") % {"code": criterion.code}
            self.fields[f"comment_{criterion.pk}"] = FreeTextField(
                label=comment_label,
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"aria-label": comment_label}),
                show_hidden_initial=True,
            )
            self.fields[row_version_field(str(criterion.pk))] = hidden_version(
                line.score.version if line.score is not None else NOT_STORED
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keys = [c.pk for c in self.criteria]
        self.changed = changed_rows(self, keys, "score_", "comment_")
        return data

    def show_stored(self, sheet: ScoreSheet) -> None:
        """After a conflict: the criteria the officer did not change show what is stored."""
        values: dict[str, Any] = {}
        for line in sheet.lines:
            pk = line.criterion.pk
            if pk in self.changed:
                continue
            values[f"score_{pk}"] = line.score.score if line.score else None
            values[f"comment_{pk}"] = line.score.comment if line.score else ""
            values[row_version_field(str(pk))] = line.score.version if line.score else NOT_STORED
        show_stored(self, values)

    def rows(self) -> list[tuple[ScoringCriterion, Any, Any, Any]]:
        return [
            (
                c,
                self[f"score_{c.pk}"],
                self[f"comment_{c.pk}"],
                self[row_version_field(str(c.pk))],
            )
            for c in self.criteria
        ]
