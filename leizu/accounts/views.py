import time
from typing import Any, cast

import segno
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from leizu.accounts import selectors, services
from leizu.accounts.forms import (
    AcceptForm,
    CodeForm,
    InvitationForm,
    LoginForm,
    PasswordAgainForm,
    PasswordChangeForm,
    PasswordResetForm,
    TokenForm,
)
from leizu.accounts.models import User
from leizu.core.access import actor_for
from leizu.core.errors import ServiceError
from leizu.core.pages import form_error
from leizu.core.redirects import safe_next

# How long a password confirmed on the two-factor step opens the authenticator key.
TOTP_SETUP_PASSWORD_SECONDS = 10 * 60
_TOTP_SETUP_PASSWORD_AT = "leizu_totp_setup_password_at"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        language = form.get_user().preferred_language
        if language:
            # The same cookie as Django's set_language view sets, with the same flags.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
            )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:  # type: ignore[override]
        try:
            services.user_password_change(
                user=form.user, password=form.cleaned_data["new_password1"]
            )
        except ServiceError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)  # this session stays signed in
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:  # type: ignore[override]
        if services.password_reset_allowed(
            email=form.cleaned_data["email"], ip_address=get_client_ip_address(self.request)
        ):
            return super().form_valid(form)
        # The same answer as when the e-mail goes out: the page tells nothing about the address.
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    # post_reset_login stays False: the new password alone must not pass the two-factor step.
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.user_password_reset(
                user=form.user, password=form.cleaned_data["new_password1"]
            )
        except ServiceError as exc:
            form_error(form, exc)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _user(request: HttpRequest) -> User:
    """The signed-in user of a login_required view."""
    return cast(User, request.user)


def _totp_setup_password_fresh(request: HttpRequest) -> bool:
    """The password was confirmed on the two-factor step in this session, minutes ago."""
    confirmed_at = request.session.get(_TOTP_SETUP_PASSWORD_AT)
    return confirmed_at is not None and time.time() - confirmed_at < TOTP_SETUP_PASSWORD_SECONDS


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app (first time) or confirm the code after the password.

    Setting up shows the authenticator's secret key, so it asks for the password again first:
    a session without the password (a stolen cookie) must not be able to read the key.
    """
    user = _user(request)
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is None and not _totp_setup_password_fresh(request):
        # A code posted after the confirmation expired shows the password step afresh.
        data = request.POST if "password" in request.POST else None
        password_form = PasswordAgainForm(data, request=request, user=user)
        if password_form.is_valid():
            request.session[_TOTP_SETUP_PASSWORD_AT] = time.time()
            query = urlencode({"next": safe_next(request)})
            return redirect(reverse("accounts:two_factor") + "?" + query)
        return render(
            request,
            "accounts/two_factor.html",
            {"password_form": password_form, "setup": True, "next": safe_next(request)},
        )
    device = confirmed or services.totp_device_for_setup(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        ok = (
            device.verify_token(token)
            if confirmed
            else services.totp_confirm(user=user, device=device, token=token)
        )
        if ok:
            request.session.pop(_TOTP_SETUP_PASSWORD_AT, None)
            otp_login(request, device)
            return redirect(safe_next(request))
        form.add_error("token", _("The code is wrong or has expired. Try the current code."))
    context = {"form": form, "setup": confirmed is None, "next": safe_next(request)}
    if confirmed is None:
        qr = segno.make(device.config_url, error="m")
        context["qr_svg"] = qr.svg_inline(scale=4)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    institutions = selectors.invitable_institutions(actor=actor)
    if not institutions.exists():
        raise PermissionDenied
    form = InvitationForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(by=actor, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The invitation was sent."))
            return redirect("accounts:invitations")
    return render(
        request,
        "accounts/invitations.html",
        {"form": form, "invitations": selectors.invitation_list(actor=actor)[:100]},
    )


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(raw_token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    signed_in = request.user if request.user.is_authenticated else None
    form = AcceptForm(request.POST or None) if signed_in is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user = services.invitation_accept(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
                user=signed_in,  # type: ignore[arg-type]
            )
        except ServiceError as exc:
            if form is None:
                messages.error(request, str(exc.message))
                return redirect("core:home")
            form_error(form, exc)
        else:
            if signed_in is None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Leizu."))
            return redirect("core:home")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(
            user=_user(request), name=form.cleaned_data["name"]
        )
        form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": selectors.api_token_list(user=_user(request)),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.api_token_get(user=_user(request), pk=pk)
    services.api_token_revoke(user=_user(request), token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")
