"""User management for the province office and district officers, through the access gates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed
from smartrural.core.history import render_history
from smartrural.core.page_forms import submit

from ..access import access_user_for_user, users_for_manager
from ..forms import UserCreateForm, UserEditForm, UserFilterForm
from ..models import UnitAssignment, User
from ..services import (
    user_create,
    user_deactivate,
    user_edit,
    user_invite,
    user_reactivate,
)
from .account import unit_links

PAGE_SIZE = 25


def _manager(request: ActorRequest) -> User:
    """The logged-in user if they manage users; 403 for everyone else."""
    user = request.user
    if not user.can_manage_users:
        raise PermissionDenied(_("You cannot manage user accounts."))
    return user


def _can_write(manager: User, user_id: int) -> bool:
    try:
        access_user_for_user(manager, user_id, write=True)
    except PermissionDenied:
        return False
    return True


def _with_units(qs: QuerySet[User]) -> QuerySet[User]:
    assignments = UnitAssignment.objects.select_related("unit").order_by("unit__path")
    return qs.prefetch_related(Prefetch("assignments", queryset=assignments))


@login_required
def user_list(request: ActorRequest) -> HttpResponse:
    manager = _manager(request)
    form = UserFilterForm(request.GET or None)
    qs = users_for_manager(manager)
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            qs = qs.filter(
                Q(username__icontains=q)
                | Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(email__icontains=q)
            )
        if form.cleaned_data["role"]:
            qs = qs.filter(role=form.cleaned_data["role"])
        if form.cleaned_data["active"]:
            qs = qs.filter(is_active=form.cleaned_data["active"] == "yes")
    page = Paginator(_with_units(qs.order_by("username")), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/user_list.html", {"form": form, "page": page})


@login_required
def user_add(request: ActorRequest) -> HttpResponse:
    manager = _manager(request)
    form = UserCreateForm(request.POST or None, manager=manager)

    def create(data: dict[str, Any]) -> Any:
        user = user_create(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
            units=data["units"],
            password=data["password"] or None,
            by=manager,
        )
        if data["invite"]:
            user_invite(user=user, domain=request.get_host(), use_https=request.is_secure())
        return user

    def created(_user: User) -> str:
        if form.cleaned_data["invite"]:
            return _("Account created; an invitation went to %(email)s.") % form.cleaned_data
        return _("Account created.")

    done, status = submit(
        request,
        form,
        create,
        message=created,
        then=lambda user: reverse("accounts:user-detail", args=[user.pk]),
    )
    if done is not None:
        return done
    return render(request, "accounts/user_form.html", {"form": form, "adding": True}, status=status)


@login_required
def user_detail(request: ActorRequest, user_id: int) -> HttpResponse:
    manager = _manager(request)
    target = access_user_for_user(manager, user_id)
    context = {
        "target": target,
        "units": unit_links(target),
        "can_write": _can_write(manager, user_id),
        "is_self": target.pk == manager.pk,
    }
    return render(request, "accounts/user_detail.html", context)


@login_required
def user_edit_view(request: ActorRequest, user_id: int) -> HttpResponse:
    manager = _manager(request)
    target = access_user_for_user(manager, user_id, write=True)
    current = [a.unit for a in target.assignments.select_related("unit").order_by("unit__path")]
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": target.role,
        "units": ", ".join(u.code for u in current),
        "version": target.version,
    }
    form = UserEditForm(request.POST or None, initial=initial, manager=manager, keep=current)
    done, status = submit(
        request,
        form,
        lambda data: user_edit(
            user=target,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
            units=data["units"],
            version=data["version"],
            by=manager,
        ),
        message=_("Changes saved."),
        then=reverse("accounts:user-detail", args=[target.pk]),
    )
    if done is not None:
        return done
    context = {"form": form, "target": target, "adding": False}
    return render(request, "accounts/user_form.html", context, status=status)


def _set_active(
    request: ActorRequest, user_id: int, service: Callable[..., Any], done: str
) -> HttpResponse:
    manager = _manager(request)
    target = access_user_for_user(manager, user_id, write=True)
    try:
        service(user=target, by=manager)
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("accounts:user-detail", user_id=target.pk)


@login_required
@require_POST
def user_deactivate_view(request: ActorRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, user_deactivate, _("The account is deactivated."))


@login_required
@require_POST
def user_reactivate_view(request: ActorRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, user_reactivate, _("The account is active again."))


@login_required
def user_history(request: ActorRequest, user_id: int) -> HttpResponse:
    manager = _manager(request)
    target = access_user_for_user(manager, user_id)
    detail = reverse("accounts:user-detail", kwargs={"user_id": target.pk})
    return render_history(
        request,
        target,
        title=target.display_name,
        back_url=detail,
        breadcrumbs=[
            (reverse("accounts:user-list"), _("Users")),
            (detail, target.display_name),
        ],
    )
