# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: run serve test test-postgres install lint typecheck check deploy-check migrations-check pytest \
	content-load content-reset content-dump content-po content-po-import i18n-status messages messages-compile demo backup restore \
	bench superuser clean

# Reinstall only when pyproject.toml changes.
$(VENV)/installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

# The test tools from npm: axe-core (browser tests) and vnu-jar (the Nu HTML Checker, needs Java).
node_modules/installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/installed

run: install
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) createcachetable
	DEBUG=1 $(MANAGE) load_content
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: install node_modules/installed lint typecheck check deploy-check migrations-check pytest

# The suite again on PostgreSQL: DATABASE_URL=postgres://user:pass@host/db make test-postgres
test-postgres: install node_modules/installed
	test -n "$(DATABASE_URL)" || (echo "set DATABASE_URL to a PostgreSQL database" && false)
	DATABASE_URL=$(DATABASE_URL) $(BIN)/pytest $(PYTEST_ARGS)

# Production: collect static files, migrate, load content into an empty database, serve with
# gunicorn. Needs SECRET_KEY and ALLOWED_HOSTS (see README); DEBUG stays off.
serve: install
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) load_content
	$(BIN)/gunicorn portal.wsgi --config gunicorn.conf.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs on the files [tool.mypy] names: the planner's services and selectors.
typecheck: install
	$(BIN)/mypy

check: install
	DJANGO_SETTINGS_MODULE=portal.test_settings $(MANAGE) check

# The production settings pass Django's deployment checklist (throwaway key, never used).
deploy-check: install
	SECRET_KEY=deploy-check-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	DEBUG=0 ALLOWED_HOSTS=portal.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

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

# The content's texts for translators: locale/content/<language>.po, translations kept, those
# whose English changed marked fuzzy.
content-po: install
	DEBUG=1 $(MANAGE) content_po

# Per language: interface and content translated, stale translations, whether offered.
i18n-status: install
	DEBUG=1 $(MANAGE) i18n_status

# Translations back from locale/content/<language>.po into the database (make content-load does
# this for a fresh install); a translation whose English changed since is left out.
content-po-import: install
	DEBUG=1 $(MANAGE) content_po_import

# The interface's catalogues, locale/<language>/LC_MESSAGES/django.po. `make messages` extracts
# the strings again and compiles: a developer's step that needs GNU gettext (apt-get install
# gettext); translations are kept, a changed string turns fuzzy. `make messages-compile` turns
# the .po files into the committed .mo files with polib, no gettext needed;
# tests/portal/test_catalogues.py fails when a .mo and its .po disagree.
I18N_LANGUAGES := ru kk ky tg tk uz

messages: install
	DJANGO_SETTINGS_MODULE=portal.test_settings $(MANAGE) makemessages \
		$(addprefix -l ,$(I18N_LANGUAGES)) --add-location=file --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests \
		--ignore=benchmarks --ignore='*.egg-info'
	$(MAKE) messages-compile

messages-compile: install
	$(BIN)/python -c 'import pathlib, polib; [polib.pofile(str(po)).save_as_mofile(str(po.with_suffix(".mo"))) for po in sorted(pathlib.Path("locale").glob("*/LC_MESSAGES/*.po"))]'

# Demo users and a demo network for trying the planner locally (refuses unless DEBUG=1).
demo: install
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) createcachetable
	DEBUG=1 $(MANAGE) load_content
	DEBUG=1 $(MANAGE) demo

# Backups of the database: SQLite's online backup or pg_dump, into backups/.
backup: install
	$(MANAGE) backup_database

# Restore a backup: make restore FILE=backups/<file>
restore: install
	test -n "$(FILE)" || (echo "usage: make restore FILE=backups/<file>" && false)
	$(MANAGE) restore_database "$(FILE)"

superuser: install
	DEBUG=1 $(MANAGE) createsuperuser

bench: install
	$(BIN)/python benchmarks/page_weight.py

clean:
	rm -rf $(VENV) node_modules staticfiles
