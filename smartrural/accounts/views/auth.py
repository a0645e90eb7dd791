"""Login (password, then the second factor when the user has one), logout, passwords."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django_otp import user_has_device

from ..forms import LoginForm, ResetForm


class LoginView(auth_views.LoginView):
    """Password login. A user with a confirmed authenticator continues to the code step."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        auth_login(self.request, user)  # rotates the session key
        target = self.get_success_url()  # only a safe ``next``, else LOGIN_REDIRECT_URL
        if user_has_device(user):
            verify = reverse("accounts:2fa-verify")
            return HttpResponseRedirect(f"{verify}?{urlencode({'next': target})}")
        return HttpResponseRedirect(target)


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
