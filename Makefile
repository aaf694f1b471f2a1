# Newsroom: `make run` serves the demo newsroom, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Browser tests: Debian's Chromium and Java (for the Nu HTML Checker), and the npm tools pinned in
# package.json (axe-core, vnu-jar, Lighthouse). apt needs root: CI runs as root; elsewhere sudo.
BROWSER_APT_PACKAGES := chromium default-jre-headless
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# npm tools are installed by `make test` too, wherever npm is (cheap once done).
NODE_TOOLS := $(if $(shell command -v npm 2>/dev/null),node_modules/.installed)

.PHONY: run test check lint migrate demo install install-test clean images-bench test-deps-browser browser-system-packages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Serve the demo newsroom on http://127.0.0.1:$(PORT) with Django's development server.
run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Every check: lint, migrations in step with the models, the whole test suite. The browser
## tests run when Chromium is here and are reported as skipped otherwise; `make test-deps-browser`
## installs what they need.
test: install-test $(NODE_TOOLS)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

## Rendition sizes of the demo lead photo and the time to process a 24-megapixel JPEG.
images-bench: install
	$(PY) manage.py images_bench

## Install everything the browser tests need (Chromium, Java, axe-core, vnu-jar, Lighthouse).
test-deps-browser: browser-system-packages node_modules/.installed

browser-system-packages:
	@if command -v chromium >/dev/null && command -v java >/dev/null && command -v npm >/dev/null; then \
	  echo "chromium, java and npm are installed"; \
	else \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    $(BROWSER_APT_PACKAGES) $$(command -v npm >/dev/null || echo nodejs npm); \
	fi

# --ignore-scripts: vnu-jar's install script would download a Java; Debian's is used instead.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

clean:
	rm -rf $(VENV) var node_modules
