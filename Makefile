# Newsroom: `make run` serves the demo newsroom, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run serve bench seed-scale test check lint migrate demo install install-test clean

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

## Serve the demo newsroom like production (gunicorn, DEBUG off, compressed fingerprinted static
## files, the page cache) on http://127.0.0.1:$(PORT), same database and photos as `make run`.
## Plain HTTP on loopback: the key from var/secret_key, no HTTPS redirect.
SERVE_ENV = DJANGO_ENV=production SECRET_KEY="$$(cat var/secret_key)" \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SERVE_MEDIA=1
serve: demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(SERVE_ENV) PORT=$(PORT) $(VENV)/bin/gunicorn newsroom.wsgi -c newsroom/gunicorn.conf.py

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Every check: lint, migrations in step with the models, the whole test suite.
test: install-test
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var
