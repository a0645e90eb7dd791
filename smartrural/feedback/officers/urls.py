"""Officers' feedback pages under /feedback/work/ (wrapped in ``officials_area``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from .views import categories, entry, moderation, moves, queue, report, statistics

app_name = "feedback-work"
urlpatterns: list[URLPattern] = [
    path("", queue.queue, name="queue"),
    path("assign/", queue.bulk_assign, name="bulk-assign"),
    path("new/", entry.report_new, name="new"),
    path("categories/", categories.category_list, name="categories"),
    path("categories/new/", categories.category_create, name="category-create"),
    path("categories/<int:category_id>/edit/", categories.category_edit, name="category-edit"),
    path(
        "categories/<int:category_id>/deactivate/",
        categories.category_deactivate,
        name="category-deactivate",
    ),
    path(
        "categories/<int:category_id>/reactivate/",
        categories.category_reactivate,
        name="category-reactivate",
    ),
    path(
        "categories/<int:category_id>/history/",
        categories.category_history,
        name="category-history",
    ),
    path("statistics/", statistics.statistics, name="statistics"),
    path("statistics.xlsx", statistics.statistics_xlsx, name="statistics-xlsx"),
    path("statistics.pdf", statistics.statistics_pdf, name="statistics-pdf"),
    path("<int:pk>/", report.report_detail, name="report"),
    path("<int:pk>/history/", report.report_history, name="report-history"),
    path("<int:pk>/photos/<int:photo_id>/<str:copy>.jpg", report.report_photo, name="report-photo"),
    path("<int:pk>/hide/", moderation.report_hide, name="report-hide"),
    path("<int:pk>/unhide/", moderation.report_unhide, name="report-unhide"),
    path("<int:pk>/wording/", moderation.report_redact, name="report-redact"),
    path("<int:pk>/photos/<int:photo_id>/redact/", moderation.photo_redact, name="photo-redact"),
    path("<int:pk>/photos/<int:photo_id>/remove/", moderation.photo_remove, name="photo-remove"),
    path(
        "<int:pk>/events/<int:event_id>/take-down/",
        moderation.event_take_down,
        name="event-take-down",
    ),
    path("<int:pk>/<slug:action>/", moves.report_action, name="report-action"),
]
