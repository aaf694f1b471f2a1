"""CI's dependency audit (.ci/audit.py) fails on a known vulnerability and never reports a pass
for packages it could not check."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parents[2] / ".ci" / "audit.py"

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "pillow",
    "version": "11.0.0",
    "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["11.0.1"], "aliases": ["CVE-2099-1"]}],
}
UNCHECKED = {
    "name": "nh3",
    "skip_reason": "Dependency not found on PyPI and could not be audited: nh3 (0.3.2)",
}


def audit(tmp_path, dependencies, *args, exit_code=0, stdout=None):
    """Run .ci/audit.py against a stand-in pip-audit that answers with ``dependencies``."""
    answer = stdout if stdout is not None else json.dumps({"dependencies": dependencies})
    fake = tmp_path / "pip-audit"
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nsys.stdout.write({answer!r})\n"
        "sys.stderr.write('pip-audit: could not reach the index')\n"
        f"sys.exit({exit_code})\n"
    )
    fake.chmod(0o755)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(AUDIT), "--pip-audit", str(fake), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("dependencies", "args", "code", "verdict"),
    [
        ([CLEAN], [], 0, "no known vulnerabilities in the 1 locked packages"),
        ([CLEAN, VULNERABLE], [], 1, "FAILED: 1 of 2 locked packages have known vulnerabilities"),
        ([CLEAN, UNCHECKED], [], 0, "NOT A PASS: 1 of 2 locked packages could not be checked"),
        ([CLEAN, UNCHECKED], ["--strict"], 2, "NOT A PASS: 1 of 2 locked packages"),
        ([VULNERABLE, UNCHECKED], [], 1, "FAILED: 1 of 2"),
    ],
)
def test_audit_verdict_says_what_was_found_and_what_was_not_checked(
    tmp_path, dependencies, args, code, verdict
):
    result = audit(tmp_path, dependencies, *args)
    assert result.returncode == code, result.stdout + result.stderr
    assert verdict in result.stdout
    if any("skip_reason" in d for d in dependencies):
        assert "no known vulnerabilities" not in result.stdout
        assert re.search(r"^nh3\s+0\.3\.2\s+NOT CHECKED", result.stdout, re.M)
        assert "1 × Dependency not found on PyPI and could not be audited" in result.stdout
    if VULNERABLE in dependencies:
        assert re.search(
            r"^pillow\s+11\.0\.0\s+PYSEC-2099-1, CVE-2099-1\s+11\.0\.1", result.stdout, re.M
        )


def test_audit_fails_when_pip_audit_itself_fails(tmp_path):
    result = audit(tmp_path, [], exit_code=1, stdout="Traceback (most recent call last): …")
    assert result.returncode == 3
    assert "pip-audit failed (exit 1)" in result.stderr
    assert "could not reach the index" in result.stderr
