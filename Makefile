# Concordia: build, run and test. Everything it needs comes from package registries
# (PyPI, Debian, npm); nothing downloads a Python, a binary or a browser of its own.
#
#   make run             install, translate, migrate, load the demo, serve on 127.0.0.1:8000
#                        with the task worker beside it (Ctrl-C stops both)
#   make test            strict types (mypy), then the test suite (SQLite, or DATABASE_URL)
#   make test-postgres   the test suite on PostgreSQL (a local server, or a throwaway cluster)
#   make lint            ruff check and mypy (strict types)
#   make messages        update the Dutch message catalogue (concordia/locale/nl)
#   make bench           the benchmarks (bench/run.py)
#
# Variables: PYTEST_ARGS (e.g. PYTEST_ARGS="-x -k invitations"), TEST_WORKERS (default 2),
# DATABASE_URL, ADDR (runserver address), PYTHON (a Python 3.12 to use), UV (a uv binary to use), SKIP_SYSTEM_DEPS=1.

SHELL := /bin/bash
.DEFAULT_GOAL := help

BOOTSTRAP := scripts/bootstrap.sh
VENV_PY := .venv/bin/python
MANAGE := $(VENV_PY) manage.py

UV_VERSION ?= 0.13.9
SPECTRAL_VERSION ?= 6.16.3
# The Nu HTML Checker (npm vnu-jar), run with Debian's Java by the HTML validity test.
VNU_VERSION ?= 26.9.27
# axe-core (npm), injected into Debian's Chromium by the accessibility test.
AXE_VERSION ?= 4.14.1
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?=
# Test processes (pytest-xdist); the machines have two cores. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
# 1: pytest's "no tests collected" (exit 5) counts as success; .ci/run sets it.
ALLOW_NO_TESTS ?= 0

# What the app itself needs at run time: WeasyPrint (PDF) renders with Pango and HarfBuzz.
RUN_DEBIAN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBIAN_PACKAGES := $(RUN_DEBIAN_PACKAGES) chromium graphviz default-jre-headless
I18N_IGNORE := --ignore .venv --ignore .cache --ignore node_modules --ignore staticfiles \
	--ignore tests --ignore bench

export UV_VERSION SPECTRAL_VERSION VNU_VERSION AXE_VERSION
export UV_PYTHON_DOWNLOADS := never

.PHONY: help run test test-postgres lint messages compilemessages bench deps deps-dev \
	run-system-deps test-system-deps spectral vnu axe

help:
	@sed -n 's/^#   make /  make /p' $(firstword $(MAKEFILE_LIST))

## Dependencies ##################################################################################

# Runtime packages only; --inexact keeps the dev tools that `make test` installed.
deps:
	@$(BOOTSTRAP) sync --no-dev --inexact

deps-dev:
	@$(BOOTSTRAP) sync --group dev

run-system-deps:
	@$(BOOTSTRAP) apt $(RUN_DEBIAN_PACKAGES)

test-system-deps:
	@$(BOOTSTRAP) apt $(TEST_DEBIAN_PACKAGES)

spectral:
	@$(BOOTSTRAP) spectral

vnu:
	@$(BOOTSTRAP) vnu

axe:
	@$(BOOTSTRAP) axe

compilemessages:
	@$(BOOTSTRAP) gettext
	@$(MANAGE) compilemessages $(I18N_IGNORE) -v 0

## Run ###########################################################################################

# Development and tests only (never exported to other targets, so a production start without
# SECRET_KEY refuses): settings fall back to the public development key. The message catalogue
# targets load the settings too, and serve nothing.
run test compilemessages messages: export CONCORDIA_ALLOW_INSECURE_KEY ?= 1

run: export DEBUG ?= true
# The links in mails and the log-in address printed by demo_load point at the server started.
run: export SITE_URL ?= http://$(ADDR)
run: deps run-system-deps compilemessages
	$(MANAGE) migrate --noinput
	$(MANAGE) demo_load
	@scripts/run-dev.sh $(ADDR)

## Test ##########################################################################################

test: export SPECTRAL ?= $(abspath .cache/spectral/node_modules/.bin/spectral)
test: export VNU_JAR ?= $(abspath .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar)
test: export AXE_JS ?= $(abspath .cache/axe/node_modules/axe-core/axe.min.js)
test: export CHROMIUM_PATH ?= $(shell command -v chromium 2>/dev/null || echo /usr/bin/chromium)
test: deps-dev test-system-deps spectral vnu axe compilemessages
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "==> Database: $$(sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$$DATABASE_URL")"; \
	else \
		echo "==> Database: SQLite (DATABASE_URL unset)"; \
	fi
	@echo "==> Types: mypy (strict, settings in pyproject.toml)"
	@$(VENV_PY) -m mypy
	@rc=0; $(VENV_PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ] && [ "$(ALLOW_NO_TESTS)" = 1 ]; then rc=0; fi; \
	exit $$rc

test-postgres:
	@scripts/with-postgres.sh $(MAKE) --no-print-directory test

## Other #########################################################################################

lint: deps-dev
	$(VENV_PY) -m ruff check .
	$(VENV_PY) -m mypy

messages: deps
	@$(BOOTSTRAP) gettext
	$(MANAGE) makemessages -l nl $(I18N_IGNORE)

bench: deps-dev
	$(VENV_PY) bench/run.py --data-dir .cache/bench
	$(VENV_PY) bench/report_pdf.py
