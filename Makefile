# Everything the project needs is installed from PyPI into .venv by this file.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= untoc-kg.db

.PHONY: setup demo test clean gazetteer docs

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# The SPARQL page's editor (YASGUI), from npm at the versions web-assets/package-lock.json pins,
# served by `untoc-kg serve` from /static/yasgui/. Without npm the page is a plain form and says so.
web-assets/node_modules/.package-lock.json: web-assets/package.json web-assets/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd web-assets && npm ci --no-audit --no-fund --ignore-scripts; \
	else \
	  echo "npm was not found: the SPARQL page will be a plain form (install Node.js and npm, then make setup, for YASGUI)"; \
	fi

setup: $(BIN)/.installed web-assets/node_modules/.package-lock.json

# The main job on the embedded store: load the sample reports, validate, answer the flagship question.
demo: setup
	$(BIN)/untoc-kg --store $(STORE) load samples/
	$(BIN)/untoc-kg --store $(STORE) validate
	$(BIN)/untoc-kg --store $(STORE) query states-on-topic

test: setup
	$(BIN)/python -m pytest -q

# Rebuild loaders/gazetteer/states.tsv from pycountry, CLDR (babel) and the reviewed overrides.
gazetteer: setup
	$(BIN)/python scripts/build_gazetteer.py

# HTML documentation of ontology/ (pyLODE), into site/ontology/; `untoc-kg serve` shows it at /ontology.
docs: setup
	$(BIN)/untoc-kg docs -o site/ontology

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache build dist *.egg-info site web-assets/node_modules
