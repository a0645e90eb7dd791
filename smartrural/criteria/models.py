"""Criteria sets as versioned data, indicator values per unit and year, cached evaluations.

A ``CriteriaSet`` is a code ("QD318-XA") with immutable ``CriteriaSetVersion``s holding the
validated definition as JSON. A provincial variant is a set with ``base`` pointing at the national
set. Values are stored once per unit, year and indicator against the *root* set of a family
(the national set), so a variant evaluates the same values with its own thresholds.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from smartrural.core.textcheck import validate_free_text, validate_name
from smartrural.core.versioning import Versioned


def cited_legal_basis(number: str) -> str:
    """A decision's number as officials cite it: "318/QĐ-TTg" is "QĐ 318/QĐ-TTg"; a basis
    already written out ("QĐ 318/QĐ-TTg", "Công văn 3445/BNN-VPĐP") stays as it is."""
    number = " ".join(number.split())
    if number[:1].isdigit() and "/QĐ-" in number:
        return f"QĐ {number}"
    return number


class CriteriaSet(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300, validators=[validate_name])
    # The current version's legal basis ("318/QĐ-TTg"), kept beside the name so that every page
    # naming a set cites it without reading a version.
    legal_basis = models.CharField(_("legal basis"), max_length=100, blank=True)
    base = models.ForeignKey(
        "self",
        verbose_name=_("derived from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="variants",
    )
    unit_level = models.CharField(_("unit level"), max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def legal_name(self) -> str:
        """The set as officials name it: its legal basis ("QĐ 318/QĐ-TTg"), else its code."""
        return cited_legal_basis(self.legal_basis) or self.code

    @property
    def display_name(self) -> str:
        """Name and legal basis: "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025
        (QĐ 318/QĐ-TTg)"; how a page names a set (its code is for the API and files)."""
        return f"{self.name} ({self.legal_name})"

    @property
    def root(self) -> CriteriaSet:
        """The national set of this family (values are stored against it)."""
        node = self
        while node.base is not None:
            node = node.base
        return node


class CriteriaSetVersion(models.Model):
    """One immutable version of a set's definition; evaluations record which one they used."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_free_text])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("criteria set version")
        verbose_name_plural = _("criteria set versions")
        ordering = ["criteria_set", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criteria_version_number_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criteria_set.code} v{self.number}"


class ValueStatus(models.TextChoices):
    ENTERED = "entered", _("Entered")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted by the district")
    LOCKED = "locked", _("Locked (dossier submitted)")


class IndicatorValue(Versioned):
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", on_delete=models.PROTECT, related_name="indicator_values"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="values"
    )  # the root (national) set of the family
    year = models.PositiveSmallIntegerField(_("year"))
    indicator_code = models.CharField(_("indicator"), max_length=20)
    value = models.CharField(_("value"), max_length=200)
    number = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, validators=[validate_free_text])
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.ENTERED
    )
    review_comment = models.TextField(
        _("review comment"), blank=True, validators=[validate_free_text]
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criteria_set", "year", "indicator_code"],
                name="criteria_value_uniq",
            )
        ]
        indexes = [
            models.Index(fields=["criteria_set", "year", "unit"], name="criteria_value_set_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year} {self.indicator_code} = {self.value}"


class Evidence(models.Model):
    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Evaluation(models.Model):
    """The cached result of evaluating a unit against a set (version) for a year.

    Rows are deleted when an input changes and recomputed in bulk on demand.
    """

    unit = models.ForeignKey(
        "geo.AdministrativeUnit", on_delete=models.CASCADE, related_name="evaluations"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.CASCADE, related_name="evaluations"
    )
    version = models.ForeignKey(CriteriaSetVersion, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    met = models.BooleanField()  # every criterion met
    criteria_met = models.PositiveSmallIntegerField()
    criteria_total = models.PositiveSmallIntegerField()
    result = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "criteria_set", "year"], name="criteria_evaluation_uniq"
            )
        ]
        indexes = [models.Index(fields=["criteria_set", "year"], name="criteria_eval_set_year")]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.criteria_set.code} {self.year}"
