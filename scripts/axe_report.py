#!/usr/bin/env python3
"""Accessibility figures per page: runs the browser's accessibility test
(tests/e2e/test_accessibility.py, axe-core with the WCAG 2.0/2.1 A and AA rules) and prints, for
every page it audited, the address, the language, the role, the number of violations (elements),
the rules that failed, the number of rules passed and the number that need a person's review
(on a desk, 1280 px wide, and for some roles on a phone, 360 px).

    .venv/bin/python scripts/axe_report.py                  # every role, both languages
    .venv/bin/python scripts/axe_report.py -k "founder"     # pytest's -k: some roles only
    .venv/bin/python scripts/axe_report.py --json out.jsonl # the rows as JSON lines as well

Needs what the test needs: axe-core (`make axe`), Debian's Chromium, a database (DATABASE_URL,
or SQLite). Exits with the test's status: 0 when no page has a violation.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEST = "tests/e2e/test_accessibility.py::test_no_page_has_an_accessibility_violation"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="pytest -k expression (e.g. 'founder and nl')")
    parser.add_argument("--workers", default=os.environ.get("TEST_WORKERS", "2"),
                        help="pytest-xdist processes (default 2; 0 runs in one process)")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        env = {**os.environ, "AXE_REPORT": directory}
        env.setdefault("CONCORDIA_ALLOW_INSECURE_KEY", "1")
        command = [sys.executable, "-m", "pytest", TEST, "-q", "-p", "no:cacheprovider",
                   "-n", args.workers, "--tb=no"]
        if args.k:
            command += ["-k", args.k]
        status = subprocess.run(command, cwd=REPO, env=env, check=False).returncode  # noqa: S603
        rows = [json.loads(line) for path in sorted(Path(directory).glob("*.jsonl"))
                for line in path.read_text(encoding="utf-8").splitlines()]

    if args.json:
        args.json.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    print()
    print(f"{'url':<58} {'lang':<4} {'width':>5} {'role':<15} {'violations':>10} {'passes':>6} "
          f"{'review':>6}  rules")
    for row in sorted(rows, key=lambda r: (r["url"], r["language"], r["width"], r["actor"])):
        print(f"{row['url']:<58} {row['language']:<4} {row['width']:>5} {row['actor']:<15} "
              f"{row['violations']:>10} {row['passes']:>6} {row['incomplete']:>6}  "
              f"{' '.join(row['rules'])}")
    pages = {(r["url"], r["language"]) for r in rows}
    print(f"\n{len(rows)} audits of {len(pages)} pages (address and language): "
          f"{sum(r['violations'] for r in rows)} violations on "
          f"{sum(1 for r in rows if r['violations'])} audits; "
          f"{sum(r['passes'] for r in rows)} rules passed; "
          f"{sum(r['incomplete'] for r in rows)} rules need a person's review.")
    if not rows:
        print("No page was audited (is axe-core installed? `make axe`)", file=sys.stderr)
        return status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
