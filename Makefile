# Every target sets up its own virtualenv with the pinned dependencies (requirements.txt).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STORYLINE := $(VENV)/bin/storyline
DEMO_DB ?= build/demo.db

.PHONY: venv demo test bench bench-check train clean

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

venv: $(VENV)/.installed

demo: venv  ## ingest the example corpus and print its stories
	mkdir -p build
	$(STORYLINE) ingest examples/ --db $(DEMO_DB)
	$(STORYLINE) stories --db $(DEMO_DB)

test: venv  ## the test suite (browser tests need Debian's chromium and chromium-driver)
	$(PY) -m pytest -q

bench-check: venv  ## accuracy floors on ../shared/data (STORYLINE_DATA overrides the path)
	$(PY) bench/run_all.py --check

bench: venv  ## every benchmark with its figures and speeds
	$(PY) bench/run_all.py

train: venv  ## rebuild the shipped stance model from ../shared/data/fnc1
	$(PY) -m storyline.compare.stance_train

clean:
	rm -rf build .pytest_cache
