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

.PHONY: serve-edge varnish nginx audit deploy-check backup restore run serve serve-command bench bench-faults bench-article wrk seed-scale bench-scale test check lint migrate demo install install-test lock clean images-bench bench-import test-deps-browser browser-system-packages

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Every version comes from a lock file with hashes (`make lock` writes them from pyproject.toml):
# requirements.lock for the site, requirements-test.lock for the site and the `test` extra, the
# same versions for the packages both hold. The project itself is installed without dependencies
# (by .installed, which .installed-test builds on).
# pip is pinned, so every machine installs with the same pip.
PIP_VERSION := 26.3

$(VENV)/.installed: $(VENV)/bin/python requirements.lock pyproject.toml
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.lock pyproject.toml
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## Write requirements-test.lock, then requirements.lock held to its versions, from pyproject.toml:
## versions already locked are kept unless pyproject.toml rules them out; UPGRADE=1 moves every
## package to the newest version pyproject.toml allows.
UV := $(VENV)/bin/uv
LOCK_COMPILE = $(UV) pip compile pyproject.toml --quiet --generate-hashes --universal \
	--python-version 3.11 $(if $(filter 1,$(UPGRADE)),--upgrade)
$(UV): | $(VENV)/bin/python
	$(PY) -m pip install --quiet uv

lock: $(UV)
	$(LOCK_COMPILE) --extra test -o requirements-test.lock
	$(LOCK_COMPILE) --constraint requirements-test.lock -o requirements.lock

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo --port $(PORT)

## The site's database and photos in one archive under var/backups/ (README, "Backup and
## restore"); `make restore FILE=…` puts one back (FORCE=1 replaces a site that holds anything).
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "make restore FILE=path/to/backup.tar.gz" >&2; exit 1; }
	$(PY) manage.py restore "$(FILE)" $(if $(filter 1,$(FORCE)),--force)

# The background worker (README, "Background work"), started beside the server by `make run` and
# `make serve` and stopped with it: RQ's with REDIS_URL, the database's otherwise. No autoreload,
# so a stop lets the job in hand finish (restart `make run` after changing a job's code).
WORKER_INTERVAL ?= 1
WORKER_CMD = $(PY) manage.py $(if $(REDIS_URL),rqworker --with-scheduler default,db_worker \
	--no-reload --interval $(WORKER_INTERVAL))
# The servers and the worker a target starts each run in a process group of their own (setsid,
# which takes their children too), listed in $$groups, and stop with the target however it is
# stopped: Ctrl-C, or a TERM sent to make alone, as a process manager sends it (make passes it to
# the shell). The shell waits for them with `wait`, which a signal interrupts at once; a server
# in the foreground would hold the trap off until it exited by itself. While they stop, a second
# signal (a second Ctrl-C, or make passing on a TERM sent to its whole group) is ignored: it would
# end the shell before them.
STOP_ALL = trap 'trap "" INT TERM; kill -- $$groups 2>/dev/null; wait' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM

## Serve the demo newsroom on http://127.0.0.1:$(PORT) with Django's development server, and run
## its background jobs.
run: demo
	$(STOP_ALL); setsid $(WORKER_CMD) & groups="-$$!"; \
	setsid $(PY) manage.py runserver 127.0.0.1:$(PORT) & server=$$!; groups="$$groups -$$server"; \
	wait $$server

## Serve the demo newsroom like production (DEBUG off, compressed fingerprinted static files,
## the page cache) on http://127.0.0.1:$(PORT), same database and photos as `make run`, with the
## background worker.
## Plain HTTP on loopback: the key kept in var/secret_key, no HTTPS redirect, email printed by
## the worker (no mail server here; EMAIL_BACKEND and EMAIL_HOST pick a real one).
## Granian by default (2 workers: one a core), through its ASGI interface so that request bodies
## arrive on the event loop with a deadline and a slow client holds no thread (newsroom/serving.py);
## SERVER=gunicorn for gunicorn (newsroom/gunicorn.conf.py; not for a server open to the internet).
## A Granian worker now and then hangs on its way out after a TERM (seen here in about one stop in
## three, with or without requests); one that has not stopped 10 s after it was asked is killed.
SERVER ?= granian
WORKERS ?= 2
SERVE_ENV = DJANGO_ENV=production SECRET_KEY="$$(cat $${NEWSROOM_VAR_DIR:-var}/secret_key)" \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SERVE_MEDIA=1 \
	EMAIL_BACKEND="$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}"
ifeq ($(SERVER),gunicorn)
SERVE_CMD = $(VENV)/bin/gunicorn newsroom.wsgi -c newsroom/gunicorn.conf.py --workers $(WORKERS)
else
SERVE_CMD = $(VENV)/bin/granian --interface asgi --host 127.0.0.1 --port $(PORT) \
	--workers $(WORKERS) --no-ws --respawn-failed-workers --workers-kill-timeout 10 \
	--log-level warning newsroom.asgi:application
endif
## APP_SERVERS=2 (or more) starts that many app servers, on PORT, PORT+1, …, over one database,
## cache and photo store, as several machines run behind a load balancer (with DATABASE_URL and
## REDIS_URL, what machines share): an edit saved through one is what every other serves next.
APP_SERVERS ?= 1
serve: demo
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(STOP_ALL); $(SERVE_ENV) setsid $(WORKER_CMD) & groups="-$$!"; \
	for n in $$(seq 1 $$(( $(APP_SERVERS) - 1 ))); do \
		port=$$(( $(PORT) + n )); echo "App server $$((n + 1)): http://127.0.0.1:$$port/"; \
		$(SERVE_ENV) PORT=$$port setsid $(subst --port $(PORT),--port $$port,$(SERVE_CMD)) & \
		groups="$$groups -$$!"; \
	done; \
	echo "App server 1: http://127.0.0.1:$(PORT)/"; \
	$(SERVE_ENV) PORT=$(PORT) setsid $(SERVE_CMD) & server=$$!; groups="$$groups -$$server"; \
	wait $$server

## Varnish in front of the app servers, as a newsroom runs behind a CDN (README, "Running at
## scale"): Varnish on http://127.0.0.1:$(PORT), EDGE_APP_SERVERS app servers (2) on the ports
## after it, the same data as `make run`. newsroom/edge/newsroom.vcl is the configuration;
## `manage.py edge_config` writes the site's part (app servers, who may purge, personal cookies).
EDGE_APP_SERVERS ?= 2
EDGE_DIR = $(abspath $(or $(NEWSROOM_VAR_DIR),var))/edge
# The app servers behind it: the reader's address from Varnish's X-Forwarded-For, pages tagged
# for xkey and kept a day, every change purged by tag (the worker looks for jobs 4 times a second).
EDGE_ENV = COMMENTS_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR PAGE_CACHE_TAG_HEADERS=xkey \
	PAGE_CACHE_PURGE=varnish PAGE_CACHE_PURGE_VARNISH_URLS=http://127.0.0.1:$(PORT) \
	PAGE_CACHE_SHARED_MAX_AGE=86400
serve-edge: demo varnish
	$(PY) manage.py edge_config --out $(EDGE_DIR)/edge-site.vcl \
		$(foreach n,$(shell seq 1 $(EDGE_APP_SERVERS)),--backend 127.0.0.1:$(shell expr $(PORT) + $(n)))
	$(STOP_ALL); $(EDGE_ENV) setsid $(MAKE) --no-print-directory serve PORT=$$(( $(PORT) + 1 )) \
		APP_SERVERS=$(EDGE_APP_SERVERS) WORKER_INTERVAL=0.25 & groups="-$$!"; \
	echo "Varnish: http://127.0.0.1:$(PORT)/ in front of $(EDGE_APP_SERVERS) app servers"; \
	setsid $(VARNISHD) -F -a 127.0.0.1:$(PORT) -f $(CURDIR)/newsroom/edge/newsroom.vcl \
		-p vcl_path=$(EDGE_DIR):$(CURDIR)/newsroom/edge -n $(EDGE_DIR)/varnishd -s malloc,256m & \
		varnish=$$!; groups="$$groups -$$varnish"; \
	wait $$varnish

# Debian's varnish and varnish-modules (vmod xkey), for `make serve-edge` and the edge tests.
VARNISHD := $(or $(shell command -v varnishd 2>/dev/null),/usr/sbin/varnishd)
varnish:
	@if test -x $(VARNISHD) && test -n "$$(find /usr/lib -name libvmod_xkey.so 2>/dev/null)"; then \
	  echo "varnish and varnish-modules are installed"; \
	else \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    varnish varnish-modules && \
	  { $(SUDO) service varnish stop >/dev/null 2>&1 || true; }; \
	fi

# Debian's nginx (nginx-light: static files, gzip_static), for `make bench` to serve the cached
# article page from a file beside Varnish. The service Debian starts on port 80 is stopped.
NGINX := $(or $(shell command -v nginx 2>/dev/null),/usr/sbin/nginx)
nginx:
	@if test -x $(NGINX); then \
	  echo "nginx is installed"; \
	else \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    nginx-light && \
	  { $(SUDO) service nginx stop >/dev/null 2>&1 || true; }; \
	fi

# The server command alone, for the tests that start the site as `make serve` does.
serve-command:
	@echo '$(SERVE_CMD)'

## Benchmark on loopback (wrk): cached and uncached pages, the bare-view floor, comment posting,
## the slow-clients, churn and live scenarios (BENCH_ARGS=--live-only alone),
## worker memory. Its own data under var/bench-data; PEERS=1 adds WordPress and Wagtail.
## The benchmark is an app of its own (newsroom/bench), installed only by its settings.
BENCH_SETTINGS := DJANGO_SETTINGS_MODULE=newsroom.bench.settings
BENCH_PORT ?= 8083
BENCH_VAR ?= var/bench-data
PEERS_DIR ?= ../shared/peers
## It then runs the churn scenario again through Varnish in front of an app server (as `make
## serve-edge` runs them), and serves the cached article page through Varnish and through nginx
## from the same gzip bytes on disk, side by side (newsroom/bench/edge.py).
bench: install wrk varnish nginx
	$(BENCH_SETTINGS) SERVER=$(SERVER) NEWSROOM_VAR_DIR=$(BENCH_VAR) BENCH_VARNISHD=$(VARNISHD) BENCH_NGINX=$(NGINX) \
		$(PY) manage.py bench --port $(BENCH_PORT) $(if $(PEERS),--peers $(PEERS_DIR)) $(BENCH_ARGS)

## The site through a Redis outage: its own Redis, stopped mid-run and started again; every page
## must still answer 200, and pages must be stored again without a restart.
bench-faults: install wrk
	$(BENCH_SETTINGS) SERVER=$(SERVER) NEWSROOM_VAR_DIR=$(BENCH_VAR) $(PY) manage.py bench --port $(BENCH_PORT) \
		--redis-fault $(BENCH_ARGS)

wrk:
	@command -v wrk >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk \
		|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; } \
		|| { echo "make bench needs wrk: apt-get install -y wrk" >&2; exit 1; }

## 100,000 articles, 20,000 photos, 1,000,000 comments on PostgreSQL (SCALE_DATABASE_URL),
## times SCALE (SCALE=10: a million articles), each size in a database of its own
## (newsroom_scale, newsroom_scale10, …). Prints its progress, time taken and peak memory.
SCALE ?= 1
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_scale$(filter-out 1,$(SCALE))
DEMO_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
SCALE_VAR ?= var/scale
seed-scale: install
	$(BENCH_SETTINGS) DATABASE_URL=$(SCALE_DATABASE_URL) NEWSROOM_VAR_DIR=$(SCALE_VAR) \
		$(PY) manage.py seed_scale --create-database --scale $(SCALE)

## Uncached latency on the demo data and on the archive at scale: both served at once, measured
## in turn round after round (BENCH_ARGS="--rounds 5 --duration 10" for longer runs).
bench-scale: seed-scale wrk
	$(BENCH_SETTINGS) DATABASE_URL=$(DEMO_DATABASE_URL) NEWSROOM_VAR_DIR=$(SCALE_VAR) \
		$(PY) manage.py bench \
		--port $(BENCH_PORT) --create-database --against $(SCALE_DATABASE_URL) \
		--duration 5 --warmup 2 $(BENCH_ARGS)

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## Every check: lint, migrations in step with the models, the whole test suite. The browser
## tests run when Chromium is here and are reported as skipped otherwise; `make test-deps-browser`
## installs what they need. The suite runs on TEST_WORKERS processes (pytest-xdist), a test
## module to each in turn, in the order collected: browser tests last on every worker (see
## tests/browser/conftest.py), so not reordered by size. TEST_WORKERS=0 runs it in this one.
TEST_WORKERS ?= 2
test: install-test $(NODE_TOOLS)
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

## Django's deployment checks (`check --deploy`) on the production settings as a deployment
## gets them: DJANGO_ENV=production, a secret key made for the run, a host name, HTTPS redirect
## and HSTS at their defaults. Any warning fails.
DEPLOY_CHECK_ENV = DJANGO_ENV=production ALLOWED_HOSTS=newsroom.example \
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"
deploy-check: install
	$(DEPLOY_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING

## Known vulnerabilities in requirements.lock (pip-audit): fails on any; says how many packages
## could not be checked, and why (AUDIT_STRICT=1 fails on those too).
audit: install-test
	$(PY) .ci/audit.py $(if $(filter 1,$(AUDIT_STRICT)),--strict) requirements.lock

## Rendition sizes of the demo lead photo, the time to process a 24-megapixel JPEG, and the
## peak and idle memory of a process taking three such uploads at once.
## How long importing a 10,000-post WordPress export with 100,000 comments takes, and its memory.
bench-import: install
	$(BENCH_SETTINGS) $(PY) manage.py import_bench $(BENCH_ARGS)

images-bench: install
	$(BENCH_SETTINGS) $(PY) manage.py images_bench

## Median render time of the demo flagship article page in one process (DEBUG off).
bench-article: demo
	$(BENCH_SETTINGS) DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	$(BENCH_SETTINGS) DEBUG=0 $(PY) manage.py bench_article_page $(BENCH_ARGS)

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
