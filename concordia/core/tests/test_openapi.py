"""The OpenAPI document passes the Dutch API Design Rules (ADR) Spectral ruleset without errors.

Spectral comes from npm (`make spectral` installs it under .cache/spectral); the SPECTRAL
environment variable may point at another executable. A missing Spectral fails the test: the
rules are part of the definition of done, not optional.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(settings.BASE_DIR)
RULESET = REPO / "tests" / "validator-data" / "adr" / "adr-2.2.0-rc.1.spectral.yml"
DEFAULT_SPECTRAL = REPO / ".cache" / "spectral" / "node_modules" / ".bin" / "spectral"
ERROR = 0  # Spectral severities: 0 error, 1 warning, 2 info, 3 hint


def spectral_executable() -> Path:
    path = Path(os.environ.get("SPECTRAL") or DEFAULT_SPECTRAL)
    if not path.is_absolute():
        path = REPO / path
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"Spectral not found at {path}. Install it with `make spectral`, or set "
                    "SPECTRAL to a spectral executable.", pytrace=False)
    return path


@pytest.fixture
def openapi_document(client, world) -> dict:
    client.force_login(world.founder)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_openapi_version_is_3_1(openapi_document):
    assert openapi_document["openapi"].startswith("3.1")


@pytest.mark.django_db
def test_openapi_document_passes_the_adr_ruleset(openapi_document, tmp_path):
    # given the document as served, on disk
    spectral = spectral_executable()
    assert RULESET.is_file(), RULESET
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(openapi_document, indent=2), encoding="utf-8")

    # when Spectral lints it with the ADR ruleset
    result = subprocess.run(  # noqa: S603 - fixed executable and arguments
        [str(spectral), "lint", "-r", str(RULESET), "--format", "json", str(document)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)

    # then it ran, and reported no error-level findings
    assert result.stdout.strip(), f"Spectral printed nothing (exit {result.returncode}):\n" \
                                  f"{result.stderr}"
    findings = json.loads(result.stdout)
    errors = [f for f in findings if f["severity"] == ERROR]
    report = "\n".join(f"{f['code']} at {'.'.join(map(str, f['path']))}: {f['message']}"
                       for f in errors)
    print(report)
    assert errors == [], f"{len(errors)} ADR error(s):\n{report}"
