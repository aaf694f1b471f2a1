"""The browser and the checkers the browser tests drive, where to find them, and how to run them.

Installed by ``make test-deps-browser``: Debian's Chromium and Java from apt, axe-core, the Nu
HTML Checker (vnu-jar) and Lighthouse from npm (``package.json``).
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
NODE_MODULES = BASE_DIR / "node_modules"
INSTALL_COMMAND = "make test-deps-browser"
# Set by .ci/run: a missing browser or checker fails the run instead of skipping its tests.
REQUIRE_ENV = "NEWSROOM_REQUIRE_BROWSER"

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every host but this machine fails to resolve: a page that reaches for another host fails fast
# and visibly instead of waiting on a network that is not there.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"

# What the checks measured, for the end of the test run's output: {heading: [lines]}.
MEASURED = pytest.StashKey[dict]()


def record(config, heading, line):
    config.stash.setdefault(MEASURED, {}).setdefault(heading, []).append(line)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class Tool:
    label: str
    path: Path | None
    needs: tuple = ()
    install: str = f"install the browser test tools with `{INSTALL_COMMAND}`"

    def missing(self):
        """What is missing, or an empty string when the tool and what it runs on are there."""
        for tool in self.needs:
            if tool.missing():
                return tool.missing()
        if self.path is None or not Path(self.path).exists():
            return f"{self.label} not found"
        return ""


def _which(name):
    found = shutil.which(name)
    return Path(found) if found else None


CHROMIUM = Tool("Chromium", _which("chromium"))
JAVA = Tool("Java", _which("java"))
NODE = Tool("Node.js", _which("node"))
AXE = Tool("axe-core", NODE_MODULES / "axe-core" / "axe.min.js")
VNU = Tool("The Nu HTML Checker", NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar", (JAVA,))
# Varnish with the xkey module (Debian's varnish-modules), for the site behind Varnish.
VARNISH = Tool(
    "Varnish",
    _which("varnishd") or Path("/usr/sbin/varnishd"),
    (
        Tool(
            "Varnish's xkey module",
            next(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"), None),
            install="install it with `make varnish`",
        ),
    ),
    install="install it with `make varnish`",
)
LIGHTHOUSE = Tool(
    "Lighthouse",
    NODE_MODULES / "lighthouse" / "cli" / "index.js",
    (NODE, CHROMIUM),
)


def require(tool):
    """Skip the test, saying how to install ``tool``, unless the run requires it: then fail."""
    missing = tool.missing()
    if not missing:
        return tool.path
    message = f"{missing}: {tool.install}"
    if os.environ.get(REQUIRE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}:
        pytest.fail(f"{message} ({REQUIRE_ENV} is set, so these tests must run)", pytrace=False)
    pytest.skip(message)


def axe_results(page, axe_source):
    """Run axe-core's WCAG 2.2 A and AA rules on what ``page`` shows now.

    The script is evaluated through the DevTools protocol, so the page's own
    Content-Security-Policy stays on while it runs. It runs on the page as a reader sees it,
    its web fonts loaded (the body editor's buttons are icons of a font: axe reads them as
    icons only once the font is in, and a busy machine can fire `load` before that)."""
    page.evaluate("async () => { await document.fonts.ready; }")
    page.evaluate(axe_source)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['html'][:160]}" for node in violation["nodes"])
    return "\n".join(lines)


def vnu_errors(paths):
    """Errors the Nu HTML Checker finds in the HTML files ``paths`` (unique names), by file
    name, from one run of the checker: the JVM takes seconds to start."""
    result = subprocess.run(  # noqa: S603
        [
            str(JAVA.path),
            "-jar",
            str(VNU.path),
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {Path(path).name: [] for path in paths}
    for message in json.loads(result.stdout)["messages"]:
        name = message.get("url", "").rsplit("/", 1)[-1]
        if name not in errors:
            raise AssertionError(f"the Nu HTML Checker could not check a file: {message}")
        errors[name].append(message)
    return errors


def describe_vnu(messages):
    return "\n".join(
        f"    line {m.get('lastLine', '?')}: {m['message']}\n      {m.get('extract', '').strip()}"
        for m in messages
    )


def run_lighthouse(url, output, attempts=3):
    """Lighthouse (mobile, its default) on ``url``; returns its report as a dict.

    Lighthouse sometimes fails to record its trace of the page load (a runtime error that itself
    says "Please run Lighthouse again"); such a run measured nothing and is run again.
    """
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM.path)}
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    for _ in range(attempts - 1):
        result = _lighthouse(url, output, env, flags)
        if "Please run Lighthouse again" not in result.stderr:
            break
    else:
        result = _lighthouse(url, output, env, flags)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(Path(output).read_text())


def _lighthouse(url, output, env, flags):
    return subprocess.run(  # noqa: S603
        [
            str(NODE.path),
            str(LIGHTHOUSE.path),
            url,
            f"--chrome-flags={flags}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
