"""Two-factor authentication with an authenticator app (TOTP, django-otp)."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from smartrural.accounts.actor import ActorRequest
from smartrural.core.errors import ValidationFailed

from ..forms import CodeForm
from ..services import totp_device_confirm, totp_device_start, totp_disable, totp_required_for


def _next_url(request: ActorRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:account")


def _secret(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
def setup(request: ActorRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:account")
    device = totp_device_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            totp_device_confirm(device=device, token=form.cleaned_data["code"])
        except ValidationFailed as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return HttpResponseRedirect(_next_url(request))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR code"))
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "secret": _secret(device),
        "required": totp_required_for(user),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/2fa_setup.html", context)


@login_required
def verify(request: ActorRequest) -> HttpResponse:
    user = request.user
    if not user_has_device(user):
        return redirect("accounts:2fa-setup")
    if user.is_verified():  # type: ignore[attr-defined]  # added by django_otp's OTPMiddleware
        return HttpResponseRedirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = next(
            (
                d
                for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                if d.verify_token(form.cleaned_data["code"])
            ),
            None,
        )
        if device is not None:
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        form.add_error("code", _("The code is wrong or has expired."))
    context = {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))}
    return render(request, "accounts/2fa_verify.html", context)


@login_required
@require_POST
def disable(request: ActorRequest) -> HttpResponse:
    user = request.user
    if totp_required_for(user):
        raise PermissionDenied(_("Two-factor authentication is required for your account."))
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the 6-digit code to turn two-factor authentication off."))
        return redirect("accounts:account")
    try:
        totp_disable(user=user, token=form.cleaned_data["code"])
    except ValidationFailed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:account")
