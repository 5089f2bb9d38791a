# ppsp-analysis: two commands on a fresh machine.
#   make demo   create .venv, install, run the whole job on the embedded demo -> reports/
#   make test   run the test suite
#   make lab    JupyterLab on this repository (kernel installed), opening notebooks/eksplorasi.ipynb
#   make upgrade  refresh uv.lock (newest versions the bounds in pyproject.toml allow), run the suite
# Installs are locked: uv.lock pins every package for every platform; uv (pinned below) installs it.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed
TEST_STAMP = $(VENV)/.test-system-deps
UV_VERSION = 0.13.9
# uv installs into $(VENV) with the Python that created it; it never downloads an interpreter.
export UV_PROJECT_ENVIRONMENT = $(VENV)
export UV_PYTHON_DOWNLOADS = never
# compile .pyc at install, as pip does: the first import of every kernel and worker is not slowed
export UV_COMPILE_BYTECODE = 1

.PHONY: demo test bench lint demo-data clean upgrade lock lab

demo: $(STAMP)
	$(BIN)/ppsp demo --data data/demo --out reports

# The suite on TEST_WORKERS processes (pytest-xdist); a file's tests stay on one worker, so its
# module fixtures (the demo runs) are made once. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: $(STAMP) $(TEST_STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

# JupyterLab on the repository with the project's kernel (installed by $(STAMP)). As root (as on
# the project's machines) Jupyter needs --allow-root; a normal user does not. LAB_ARGS adds
# options, e.g. make lab LAB_ARGS="--no-browser --port 8890". When the Indonesian language
# pack (jupyterlab-language-pack-id-ID) is installed, JupyterLab opens in Bahasa Indonesia
# unless the user's own settings say otherwise (overrides.json of this environment only).
LAB_ROOT = $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
LAB_SETTINGS = $(VENV)/share/jupyter/lab/settings
lab: $(STAMP)
	@if $(BIN)/python -c "import importlib.util as u, sys; sys.exit(u.find_spec('jupyterlab_language_pack_id_ID') is None)" \
	    && [ ! -e $(LAB_SETTINGS)/overrides.json ]; then \
	  mkdir -p $(LAB_SETTINGS) && \
	  echo '{"@jupyterlab/translation-extension:plugin": {"locale": "id_ID"}}' > $(LAB_SETTINGS)/overrides.json; \
	fi
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(LAB_ROOT) $(LAB_ARGS) notebooks/eksplorasi.ipynb

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

lint: $(STAMP)
	$(BIN)/ruff check ppsp_analysis tests bench

demo-data: $(STAMP)
	$(BIN)/ppsp demo-data --out data/demo

$(STAMP): pyproject.toml uv.lock scripts/install-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q uv==$(UV_VERSION)
	$(BIN)/uv sync -q --frozen --inexact --extra dev --python $(BIN)/python
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	bash scripts/install-system-deps.sh
	touch $(STAMP)

# System packages only the tests use (QGIS for the GeoPackage style check); never for `make demo`.
$(TEST_STAMP): scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh --test
	touch $(TEST_STAMP)

lock: $(STAMP)
	$(BIN)/uv lock --python $(BIN)/python
	$(BIN)/python scripts/sync_environment.py

upgrade: $(STAMP)
	$(BIN)/uv lock --upgrade --python $(BIN)/python
	$(BIN)/python scripts/sync_environment.py
	$(BIN)/uv sync -q --frozen --inexact --extra dev --python $(BIN)/python
	$(MAKE) test

clean:
	rm -rf $(VENV) reports/20* .pytest_cache
