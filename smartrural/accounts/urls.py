from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.account, name="account"),
    path("users/", views.account, name="user-list"),
    path("2fa/verify/", views.account, name="2fa-verify"),
    path("2fa/setup/", views.account, name="2fa-setup"),
]
