from __future__ import annotations

from django.urls import path

from .decorators import officials_only
from .views import account, auth, tokens, twofactor, users

app_name = "accounts"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("password-change/", auth.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password-change/done/",
        auth.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("me/", account.account, name="account"),
    path("me/tokens/", tokens.token_create, name="token-create"),
    path("me/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token-revoke"),
    path("2fa/setup/", twofactor.setup, name="2fa-setup"),
    path("2fa/verify/", twofactor.verify, name="2fa-verify"),
    path("2fa/disable/", twofactor.disable, name="2fa-disable"),
    # User management is the officials' (a resident is no manager of anyone: 404, not 403).
    path("users/", officials_only(users.user_list), name="user-list"),
    path("users/add/", officials_only(users.user_add), name="user-add"),
    path("users/<int:user_id>/", officials_only(users.user_detail), name="user-detail"),
    path("users/<int:user_id>/edit/", officials_only(users.user_edit_view), name="user-edit"),
    path(
        "users/<int:user_id>/deactivate/",
        officials_only(users.user_deactivate_view),
        name="user-deactivate",
    ),
    path(
        "users/<int:user_id>/reactivate/",
        officials_only(users.user_reactivate_view),
        name="user-reactivate",
    ),
    path("users/<int:user_id>/history/", officials_only(users.user_history), name="user-history"),
]
