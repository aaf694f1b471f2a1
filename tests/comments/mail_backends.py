"""Mail servers that misbehave, for the notification tests."""

import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


class SlowBackend(EmailBackend):
    delay = 1.5

    def send_messages(self, messages):
        time.sleep(self.delay)
        return super().send_messages(messages)


class FlakyBackend(EmailBackend):
    """Drops the connection for the first ``failures`` batches, then delivers to the outbox."""

    failures = 1

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
