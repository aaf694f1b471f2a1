"""Admin login throttling: the page a locked-out editor sees, and the log of logins and lockouts.

django-axes counts failed logins in the database (``AccessAttempt`` rows, one per account,
address and browser) and refuses a login once an account, or an address, has reached
``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME``. What it does not say is which of
the two tripped and when the refusal lifts; ``lockout_response`` works that out from the same
rows, so the editor reads "Try again after 10:42." rather than "try again later".
"""

import logging

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.backends import ModelBackend
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger(__name__)

MESSAGES = {
    "username": "Too many failed logins for this account.",
    "ip_address": "Too many failed logins from your network address.",
}


class LoginBackend(AxesStandaloneBackend, ModelBackend):
    """Django's own login and permissions, with django-axes' lockout check in front of the
    password check: a locked-out account or address learns nothing from guessing on.

    One backend, so permission lookups (``User.objects.with_perm``) need not name one. Axes needs
    the request, so every login goes through a login form (``client.login`` is refused)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        # Raises PermissionDenied while locked out, which ends Django's login at once.
        AxesStandaloneBackend.authenticate(self, request, username, password, **kwargs)
        return ModelBackend.authenticate(self, request, username, password, **kwargs)


def lifts_at(field, value, now=None):
    """When logins for ``field`` (``"username"`` or ``"ip_address"``) equal to ``value`` are
    allowed again, or None if they are allowed now.

    Each failure counts for the cool-off time after it was recorded; the lockout lifts once the
    failures still counting drop below the limit, that is when enough of the oldest have aged."""
    if not value:
        return None
    now = now or timezone.now()
    cooloff = settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(
        **{field: value}, attempt_time__gte=now - cooloff
    ).order_by("attempt_time")
    counted = [(a.attempt_time, a.failures_since_start) for a in attempts]
    remaining = sum(failures for _, failures in counted)
    limit = settings.AXES_FAILURE_LIMIT
    if remaining < limit:
        return None
    for attempt_time, failures in counted:
        remaining -= failures
        if remaining < limit:
            return attempt_time + cooloff
    return None  # not reached: the loop ends with nothing remaining


def lockout(username, ip_address):
    """(field, time it lifts) for the lockout that refuses this login, the account's first
    when both apply and the later one lifts last; None if neither applies."""
    found = [
        (field, when)
        for field, value in (("username", username), ("ip_address", ip_address))
        if (when := lifts_at(field, value)) is not None
    ]
    return max(found, key=lambda item: item[1]) if found else None


def lockout_response(request, original_response=None, credentials=None):
    """The admin login page saying why the login was refused and when to try again (429).

    Called by ``axes.middleware.AxesMiddleware`` for every refused login."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    ip_address = getattr(request, "axes_ip_address", None)
    found = lockout(username, ip_address)
    field, until = found or ("username", timezone.now() + settings.AXES_COOLOFF_TIME)
    until = timezone.localtime(until)
    context = {
        **admin.site.each_context(request),
        "title": "Login refused",
        "message": MESSAGES[field],
        "until": until,
        "now_date": timezone.localdate().strftime("%Y%m%d"),
        "login_url": request.get_full_path(),
    }
    response = render(request, "admin/lockout.html", context, status=429)
    seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "private, no-store"
    return response


def log_login(sender, request, user, **kwargs):
    """A successful login, with the address it came from."""
    logger.info(
        "Login by %r from %s.",
        user.get_username(),
        getattr(request, "axes_ip_address", None) if request else None,
    )


def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """A login refused for too many failures (the one that reached the limit, and each try
    while locked out)."""
    field, until = lockout(username, ip_address) or (None, None)
    logger.warning(
        "Login for %r from %s refused: %s Locked until %s.",
        username,
        ip_address,
        MESSAGES.get(field, "Too many failed logins."),
        timezone.localtime(until).isoformat(timespec="seconds") if until else "the cool-off ends",
    )


def connect_signals():
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(log_login, dispatch_uid="newsroom.logins.log_login")
    user_locked_out.connect(log_lockout, dispatch_uid="newsroom.logins.log_lockout")
