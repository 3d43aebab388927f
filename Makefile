# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run test install lint check migrations-check pytest content-load content-reset content-dump bench superuser clean

# Reinstall only when pyproject.toml changes.
$(VENV)/installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/installed

run: install
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_content
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: install node_modules/axe-core/axe.min.js lint check migrations-check pytest

lint: install
	$(BIN)/ruff check .

check: install
	DJANGO_SETTINGS_MODULE=portal.test_settings $(MANAGE) check

migrations-check: install
	DJANGO_SETTINGS_MODULE=portal.test_settings $(MANAGE) makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

content-load: install
	DEBUG=1 $(MANAGE) load_content

# Discards content edits made in the admin (asks first).
content-reset: install
	DEBUG=1 $(MANAGE) reset_content

# Writes the database's content back to fixtures/ for review in git.
content-dump: install
	DEBUG=1 $(MANAGE) dump_content

superuser: install
	DEBUG=1 $(MANAGE) createsuperuser

bench: install
	$(BIN)/python benchmarks/page_weight.py

clean:
	rm -rf $(VENV) node_modules staticfiles
