# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install install-dev run serve test test-servers lint typecheck browser-deps node-deps nginx-deps clean

# Two stamps: the runtime set (requirements.txt, all that `make run` and `make serve` install)
# and the development set on top of it (requirements-dev.txt: tests, checks, benchmarks), which
# `make test` and `make lint` install. Each is redone when its requirement files change.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py bootstrap --port $(PORT)
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production mode on this machine: nginx (deploy/nginx.conf) on 127.0.0.1:$(PORT), buffering
# requests and responses, in front of gunicorn with one worker per core on a unix socket in
# var/run/; hashed static files served by whitenoise through nginx. Both run in the foreground
# (deploy/serve.py) with their pid, temporary and log files in var/, and stop together.
# SECRET_KEY comes from the environment; when it is not set, one is generated into
# var/serve-secret-key on the first run (mode 600) and reused, so sessions survive a restart.
# Plain HTTP on loopback: the HTTPS redirect and secure cookies are off unless you set them (a
# real deployment leaves them on; see README "Production"). nginx appends the client's address
# to X-Forwarded-For, hence TRUSTED_PROXY_COUNT=1.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
SERVE_ENV = POLICYBUILDER_ENV=production \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-false}" \
	SESSION_COOKIE_SECURE="$${SESSION_COOKIE_SECURE:-false}" \
	CSRF_COOKIE_SECURE="$${CSRF_COOKIE_SECURE:-false}" \
	TRUSTED_PROXY_COUNT="$${TRUSTED_PROXY_COUNT:-1}" \
	SECURE_PROXY_SSL_HEADER="$${SECURE_PROXY_SSL_HEADER:-X-Forwarded-Proto}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/serve-secret-key)}"

serve: install nginx-deps
	@mkdir -p var
	@test -n "$$SECRET_KEY" || test -s var/serve-secret-key || { \
	  umask 077; $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/serve-secret-key; \
	  echo "Generated SECRET_KEY into var/serve-secret-key (set SECRET_KEY to use your own)"; }
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py bootstrap --port $(PORT)
	$(SERVE_ENV) $(PY) deploy/serve.py run --port $(PORT) --workers $(WORKERS) --var var

# Debian's nginx, the buffering proxy of `make serve` and of the deployment tests. (On a machine
# booted with systemd the package also starts its own default site on port 80; this project
# does not use it: `systemctl disable --now nginx` if you do not want it.)
nginx-deps:
	@test -x /usr/sbin/nginx || command -v nginx >/dev/null || { \
	  echo "Installing Debian's nginx for make serve"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }

# Debian's Chromium drives the browser tests (Playwright cannot download a browser here).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The differential test's independent evaluator, @cloud-copilot/iam-simulate, at the versions
# pinned in tests/differential/package-lock.json; reinstalled when the lock file changes.
# axe-core for the accessibility test (tests/browser/test_accessibility_axe.py), pinned the same way
# in tests/browser/package-lock.json. oidc-provider, the OpenID Connect provider that the single
# sign-on tests start on loopback (tests/oidc/provider.mjs), pinned in tests/oidc/package-lock.json.
node-deps:
	@test tests/differential/node_modules/.package-lock.json -nt tests/differential/package-lock.json \
	  || (cd tests/differential && npm ci --no-audit --no-fund --loglevel=error)
	@test tests/browser/node_modules/.package-lock.json -nt tests/browser/package-lock.json \
	  || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
	@test tests/oidc/node_modules/.package-lock.json -nt tests/oidc/package-lock.json \
	  || (cd tests/oidc && npm ci --no-audit --no-fund --loglevel=error)

# The same checks run as git hooks: `.venv/bin/pre-commit install` (see .pre-commit-config.yaml).
lint: install-dev
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djade --check --target-version 5.2 $$(find templates -name '*.html')

# mypy with django-stubs over policybuilder/ (pyproject's [tool.mypy]).
typecheck: install-dev
	$(VENV)/bin/mypy

test: install-dev browser-deps node-deps nginx-deps lint typecheck
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest

# Several app servers on one PostgreSQL behind nginx (tests/deployment/test_two_servers.py):
# needs DATABASE_URL=postgres://... whose role may create a database; .ci/run runs it in its
# PostgreSQL phase. `make test` leaves these tests out (pyproject's addopts).
test-servers: install-dev nginx-deps
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; *) \
	  echo "make test-servers needs DATABASE_URL=postgres://... (see .ci/run)" >&2; exit 2;; esac
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest -m two_servers tests/deployment/test_two_servers.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .mypy_cache
