"""The categories' tree (every official reads it) and its upkeep by the province office:
add, correct, take off the form or put back, and each category's history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from smartrural.accounts.access import require_province_office
from smartrural.accounts.actor import ActorRequest
from smartrural.core.history import render_history
from smartrural.core.page_forms import act, posted, submit

from ...models import Category
from ...services import categories as services
from ..forms.categories import CategoryForm, initial_of
from .common import FORM, READ, queue_crumb

LIST = "feedback-work:categories"


def _crumbs() -> list[tuple[str, str]]:
    return [queue_crumb(), (reverse(LIST), _("Categories"))]


def _category(category_id: int) -> Category:
    category = Category.objects.select_related("parent").filter(pk=category_id).first()
    if category is None:
        raise Http404(_("No such category."))
    return category


def _may_edit(request: ActorRequest) -> bool:
    user = request.user
    return bool(getattr(user, "can_write", False) and getattr(user, "sees_everything", False))


@login_required
@require_http_methods(READ)
def category_list(request: ActorRequest) -> HttpResponse:
    categories = list(Category.objects.order_by("position", "name"))
    groups = [c for c in categories if c.parent_id is None]
    children: dict[int, list[Category]] = {}
    for c in categories:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    tree = [(group, children.get(group.pk, [])) for group in groups]
    context = {"tree": tree, "may_edit": _may_edit(request), "crumbs": [queue_crumb()]}
    return render(request, "feedback/officers/categories.html", context)


def _form(request: ActorRequest, category: Category | None) -> HttpResponse:
    require_province_office(request.user)
    initial = initial_of(category) if category else {"deadline_days": 10, "position": 0}
    form = CategoryForm(posted(request), category=category, initial=initial)

    def save(data: dict[str, Any]) -> Category:
        fields = {k: v for k, v in data.items() if k not in ("version", "code")}
        if category is None:
            return services.category_create(code=data["code"], by=request.user, **fields)
        return services.category_update(
            category=category, version=data["version"], by=request.user, **fields
        )

    done, status = submit(
        request,
        form,
        save,
        message=lambda saved: _("Category “%(name)s” saved.") % {"name": saved.name},
        then=LIST,
    )
    if done is not None:
        return done
    title = (
        _("Add a category") if category is None else _("Edit “%(name)s”") % {"name": category.name}
    )
    context = {
        "form": form,
        "title": title,
        "crumbs": _crumbs(),
        "submit": _("Save"),
        "cancel": reverse(LIST),
    }
    return render(request, "feedback/officers/form_page.html", context, status=status)


@login_required
@require_http_methods(FORM)
def category_create(request: ActorRequest) -> HttpResponse:
    return _form(request, None)


@login_required
@require_http_methods(FORM)
def category_edit(request: ActorRequest, category_id: int) -> HttpResponse:
    require_province_office(request.user)
    return _form(request, _category(category_id))


def _set_active(request: ActorRequest, category_id: int, *, active: bool) -> HttpResponse:
    require_province_office(request.user)
    category = _category(category_id)
    done = (
        _("“%(name)s” takes reports again.")
        if active
        else _("“%(name)s” no longer takes new reports; its reports stay.")
    ) % {"name": category.name}

    def refused(exc: Any) -> HttpResponse:
        messages.error(request, exc.message)
        return redirect(LIST)

    return act(
        request,
        lambda: services.category_set_active(category=category, active=active, by=request.user),
        message=done,
        then=LIST,
        refused=refused,
    )


@login_required
@require_POST
def category_deactivate(request: ActorRequest, category_id: int) -> HttpResponse:
    return _set_active(request, category_id, active=False)


@login_required
@require_POST
def category_reactivate(request: ActorRequest, category_id: int) -> HttpResponse:
    return _set_active(request, category_id, active=True)


@login_required
@require_http_methods(READ)
def category_history(request: ActorRequest, category_id: int) -> HttpResponse:
    category = _category(category_id)
    return render_history(
        request, category, title=category.name, back_url=reverse(LIST), breadcrumbs=_crumbs()
    )
