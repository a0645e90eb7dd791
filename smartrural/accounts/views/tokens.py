"""The API tokens of one's own account: create (the plain token shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartrural.accounts.actor import ActorRequest

from ..decorators import officials_only
from ..forms import TokenCreateForm
from ..models import ApiToken
from ..tokens import api_token_create, api_token_revoke
from .account import account_context


@officials_only
@login_required
@require_POST
def token_create(request: ActorRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        context = account_context(request, token_form=form)
        return render(request, "accounts/account.html", context, status=422)
    user = request.user
    token, raw = api_token_create(user=user, name=form.cleaned_data["name"])
    # The plain token is shown in this response only; it is never stored.
    response = render(request, "accounts/token_created.html", {"token": token, "raw": raw})
    response["Cache-Control"] = "no-store"
    return response


@officials_only
@login_required
@require_POST
def token_revoke(request: ActorRequest, token_id: int) -> HttpResponse:
    user = request.user
    token = ApiToken.objects.filter(user=user, pk=token_id).first()  # own tokens only
    if token is None:
        raise Http404(_("No such token."))
    api_token_revoke(token=token)
    messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("accounts:account")
