"""The demo newsroom that ``make run`` loads, made of the parts each app brings.

``manage.py load_demo`` goes through the installed apps in ``INSTALLED_APPS`` order and calls
``load_demo(demo)`` on each app config that has one: the articles app loads sections, reporters,
photos, articles and the demo editor's login; the comments app, after it, the reader comments
and the editor's place among the moderators. Each part is idempotent (whatever is already there
is left alone) and tells ``demo`` what to print.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Login:
    label: str  # "demo editor"
    username: str
    password: str


@dataclass
class Demo:
    """What one load shares between the apps' parts."""

    now: datetime
    counts: list[str] = field(default_factory=list)  # "6 sections", "16 articles (0 new)"
    logins: list[Login] = field(default_factory=list)
    users: dict = field(default_factory=dict)  # role ("editor") -> the demo user

    def count(self, text):
        self.counts.append(text)

    def login(self, label, user, password, *, role):
        self.users[role] = user
        self.logins.append(Login(label, user.get_username(), password))
