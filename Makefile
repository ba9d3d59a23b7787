# The README's two commands: `make reports` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.govnet-installed
JOBS   ?=

.PHONY: reports test validate lint bench bench-quick clean lab strip docs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,distributed,docs]"
	touch $(STAMP)

## make reports: every case in data/cases/ -> reports/ (HTML site, tables, figures)
reports: $(STAMP)
	$(BIN)/govnet report --all --data data/cases --out reports $(if $(JOBS),-j $(JOBS),)

## make test: the whole test suite (doctests included)
test: $(STAMP)
	bash tests/setup_browser.sh || true
	bash tests/setup_r.sh || true
	$(BIN)/python -m pytest

## make lab: JupyterLab on the project, with the project's .venv as the "Python 3" kernel
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

## make docs: the documentation site (Sphinx) -> docs/_build/html, offline, warnings as errors
docs: $(STAMP)
	$(BIN)/python -m sphinx -b html -W --keep-going docs docs/_build/html

## make strip: remove outputs from every notebook (commit notebooks without outputs)
strip: $(STAMP)
	$(BIN)/jupyter nbconvert --clear-output --inplace notebooks/*.ipynb notebooks/tutorials/*.ipynb

validate: $(STAMP)
	$(BIN)/govnet validate data/cases/*/

lint: $(STAMP)
	$(BIN)/ruff check govnet tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-quick: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis docs/_build docs/tutorials
