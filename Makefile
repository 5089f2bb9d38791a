# ppsp-analysis: two commands on a fresh machine.
#   make demo   create .venv, install, run the whole job on the embedded demo -> reports/
#   make test   run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: demo test bench lint demo-data clean

demo: $(STAMP)
	$(BIN)/ppsp demo --data data/demo --out reports

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check ppsp_analysis tests bench

demo-data: $(STAMP)
	$(BIN)/ppsp demo-data --out data/demo

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	bash scripts/install-system-deps.sh
	touch $(STAMP)

clean:
	rm -rf $(VENV) reports/20* .pytest_cache
