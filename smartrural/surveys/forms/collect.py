"""The door-to-door form: which household of the sample, the device's key for this answer, and
the survey's questions (``AnswerForm``).

Its own fields are named with a dash, which no question name has (an XLSForm name is letters,
digits and "_"), so a question called "household" never clashes with them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SampleMember
from ..services.responses import IDEMPOTENCY_KEY_PATTERN
from .answers import AnswerForm

HOUSEHOLD_FIELD = "sample-household"
KEY_FIELD = "idempotency-key"


def member_label(member: SampleMember) -> str:
    return f"{member.household.number} — {member.household.head_name} ({member.hamlet.name})"


class CollectForm(AnswerForm):
    """``members``: the whole sample (any may be posted: a household that has answered is the
    service's refusal, or the same answer again); only those still to answer are offered."""

    def __init__(self, *args: Any, members: Sequence[SampleMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = forms.TypedChoiceField(
            label=_("Household"),
            choices=[("", "—"), *((m.household_id, member_label(m)) for m in members)],
            coerce=int,
        )
        field.widget.choices = [
            ("", "—"),
            *((m.household_id, member_label(m)) for m in members if m.answered_on is None),
        ]
        self.fields[HOUSEHOLD_FIELD] = field
        # A fresh key per form shown: the same form posted twice (a double tap, a resend after
        # a lost reply) is the same answer, counted once.
        self.fields[KEY_FIELD] = forms.RegexField(
            regex=IDEMPOTENCY_KEY_PATTERN,
            max_length=64,
            widget=forms.HiddenInput,
            initial=uuid.uuid4,
        )

    def answers(self) -> dict[str, Any]:
        """The answers to the survey's questions only (not the household or the key)."""
        names = {question.name for question in self.questions}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in names and value not in ("", [], None)
        }
