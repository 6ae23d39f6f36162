# The two commands of the README: `make run` and `make test`.
# Each sets up whatever a fresh machine lacks (virtual environment, Python and npm
# packages, compiled translations, database, demo data, Chromium for browser tests).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
# Absolute links (the manage link in mails, feed URLs, the share box) must point at the
# port that `make run` serves on: without BASE_URL, it is derived from PORT.
BASE_URL ?= http://127.0.0.1:$(PORT)
export FLASK_APP := hubsite

.PHONY: run test setup db vendor translations chromium lint messages bench shots lighthouse icons clean

run: db
	BASE_URL="$(BASE_URL)" $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: setup chromium
	$(BIN)/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed vendor translations

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -c requirements.lock -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser libraries are served from static/vendor, filled from their npm packages.
vendor: node_modules/.installed
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
	cp node_modules/sortablejs/Sortable.min.js static/vendor/Sortable.min.js
	cp node_modules/idiomorph/dist/idiomorph.min.js static/vendor/idiomorph.min.js
	cp node_modules/jsqr/dist/jsQR.js static/vendor/jsQR.js

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d hubsite/translations 2>&1 | tail -n 1

db: setup
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo

# Debian's Chromium drives the browser tests (Playwright's own download does not work offline).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium); \
	  else sudo apt-get install -y -q chromium; fi; \
	fi

# Refresh the message catalogue after changing interface text.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext -o hubsite/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i hubsite/translations/messages.pot -d hubsite/translations

lint: $(VENV)/.installed
	$(BIN)/ruff check hubsite tests bench tools

bench: setup
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Screenshots of every page type at 360 and 1280 px into shots/, from a fresh demo site
# on a free port (started and stopped by the script), for people to look at.
shots: setup chromium
	$(BIN)/python -m tools.shots --out shots

# Lighthouse's four scores for the main pages, mobile and desktop (not part of `make test`).
LIGHTHOUSE_VERSION ?= 13.5.0
.lighthouse/node_modules/.bin/lighthouse:
	npm install --prefix .lighthouse --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: setup chromium .lighthouse/node_modules/.bin/lighthouse
	$(BIN)/python -m tools.lighthouse

# Redraw the PNG icons from the mark's shapes (static/img/mark.svg); commit the result.
icons: $(VENV)/.installed
	$(BIN)/python tools/icons.py

clean:
	rm -rf $(VENV) node_modules static/vendor .lighthouse
