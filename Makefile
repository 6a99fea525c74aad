# Leizu: `make run` sets up and serves the demo; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/leizu
export LEIZU_DATA_DIR ?= $(CURDIR)/var

.PHONY: run setup install test test-sqlite test-postgres lint messages bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

setup: install
	mkdir -p $(LEIZU_DATA_DIR)
	LEIZU_DEMO=1 $(PY) manage.py migrate --noinput --verbosity 0
	LEIZU_DEMO=1 $(PY) manage.py demo
	LEIZU_DEMO=1 $(PY) manage.py collectstatic --noinput --verbosity 0

# The worker (manage.py worker: db_worker that waits out a locked database and starts the
# recurring sweep) is restarted whenever it exits; the sweep resumes what a dead one left.
run: setup
	@echo "Serving Leizu on http://127.0.0.1:8000 with a background-task worker (Ctrl+C stops both)"
	@( trap 'kill $$pid 2>/dev/null; exit 0' INT TERM; \
	  while true; do \
	    LEIZU_DEMO=1 LEIZU_DEBUG=1 $(PY) manage.py worker --queue-name '*' --verbosity 0 & pid=$$!; \
	    wait $$pid; echo "background-task worker stopped (exit $$?); restarting it" >&2; sleep 2; \
	  done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	LEIZU_DEMO=1 LEIZU_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) tools/testrun.py

test-sqlite: install
	LEIZU_TEST_DATABASE_URL= $(PY) tools/testrun.py --sqlite-only

lint: install
	$(VENV)/bin/ruff check .
	LEIZU_DEBUG=1 $(VENV)/bin/mypy leizu

# Strings of leizu/ and templates/ (as tests/test_translations.py extracts them); compiled for
# the project only, not for the packages in .venv.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l ru -l kk -l uz -l en --no-obsolete \
		--ignore=.venv --ignore=var --ignore=static --ignore=bench --ignore=tools \
		--ignore=tests --ignore='*/tests' --ignore=leizu/talent/engine
	cd leizu/.. && $(PY) manage.py compilemessages --locale zh_Hans --locale ru --locale kk --locale uz --locale en --ignore=.venv

bench: install
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) var
