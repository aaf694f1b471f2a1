"""Known vulnerabilities in the site's locked dependencies, said plainly.

Runs pip-audit on requirements.lock (hashes required, no pip resolver: exactly the locked files),
prints one table of every package (its version, and any vulnerability with the versions that fix
it, or why it could not be checked), then one verdict line:

- exit 1 when any locked package has a known vulnerability;
- when some packages could not be checked (pip-audit asks the package index's JSON API for each
  version, and a mirror or an offline machine may not answer), a line saying how many and why;
  this is no pass, and exit 2 with ``--strict`` (``AUDIT_STRICT=1 make audit``), otherwise 0 so
  the rest of CI still runs where the vulnerability database cannot be reached;
- exit 0 with "no known vulnerabilities" only when every package was checked;
- exit 3 when pip-audit itself failed (its own message is shown).

usage: python .ci/audit.py [--strict] [--pip-audit PATH] [REQUIREMENTS]
"""

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_pip_audit(pip_audit, requirements):
    command = [
        str(pip_audit),
        "-r",
        str(requirements),
        "--require-hashes",
        "--disable-pip",
        "--format",
        "json",
        "--progress-spinner",
        "off",
    ]
    # pip-audit exits 1 when it finds a vulnerability; only its JSON says what happened.
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)  # noqa: S603
    try:
        return json.loads(result.stdout), result
    except json.JSONDecodeError:
        return None, result


def why(skip_reason, name):
    """The reason with the package's own name and version taken out (so like reasons group),
    and that version: "Dependency not found on PyPI …: django (5.2.19)"."""
    match = re.search(rf":\s*{re.escape(name)}\s*\(([^)]*)\)\s*$", skip_reason, flags=re.I)
    if match is None:
        return skip_reason.strip(), ""
    return skip_reason[: match.start()].strip(), match.group(1)


def table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        lines.append(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        )
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="?", default=ROOT / "requirements.lock")
    parser.add_argument("--strict", action="store_true", help="Fail when any package is unchecked.")
    parser.add_argument("--pip-audit", default=Path(sys.executable).parent / "pip-audit")
    args = parser.parse_args(argv)

    report, result = run_pip_audit(args.pip_audit, args.requirements)
    if report is None:
        print(f"pip-audit failed (exit {result.returncode}):", file=sys.stderr)
        print(result.stderr.strip() or result.stdout.strip(), file=sys.stderr)
        return 3

    dependencies = report.get("dependencies", [])
    vulnerable, unchecked = [], []
    rows = [("Name", "Version", "Vulnerability", "Fixed in / not checked because")]
    for dependency in sorted(dependencies, key=lambda d: d["name"]):
        name = dependency["name"]
        if "skip_reason" in dependency:
            reason, version = why(dependency["skip_reason"], name)
            unchecked.append(reason)
            rows.append((name, dependency.get("version", version), "NOT CHECKED", reason))
            continue
        vulns = dependency.get("vulns", [])
        if vulns:
            vulnerable.append(name)
        for vuln in vulns:
            ids = ", ".join([vuln["id"], *vuln.get("aliases", [])])
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fix released"
            rows.append((name, dependency["version"], ids, fixed))
        if not vulns:
            rows.append((name, dependency["version"], "none known", ""))
    print(table(rows))
    print()

    total = len(dependencies)
    if vulnerable:
        print(
            f"pip-audit: FAILED: {len(vulnerable)} of {total} locked packages have known "
            f"vulnerabilities ({', '.join(vulnerable)}): upgrade them (make lock UPGRADE=1)."
        )
    if unchecked:
        reasons = "; ".join(f"{count} × {reason}" for reason, count in Counter(unchecked).items())
        print(
            f"pip-audit: NOT A PASS: {len(unchecked)} of {total} locked packages could not be "
            f"checked ({reasons}): their vulnerabilities are unknown, not absent. pip-audit reads "
            "each version's page of the PyPI JSON API (pypi.org/pypi/<name>/<version>/json); a "
            "package index or mirror that does not serve it, or no network, leaves it unchecked."
        )
    if vulnerable:
        return 1
    if unchecked:
        return 2 if args.strict else 0
    print(f"pip-audit: no known vulnerabilities in the {total} locked packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
