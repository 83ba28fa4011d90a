# Two commands for a newcomer: `make run` and `make test`. Both make (or reuse) .venv,
# install the project with its dev extras, then do their job.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The demo commune: Xã Yên Xuân, Nghệ An (official code 17380).
DEMO_COMMUNE ?= 17380
DEMO_HOUSEHOLDS ?= 2000
DEMO_DB ?= demo/xhht-demo.sqlite

.PHONY: run test setup demo lint bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "XHHT cần Python 3.11 trở lên (đang có: $$($(PYTHON) --version 2>&1)). Cài python3.11, hoặc: make PYTHON=python3.11 ..."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
	  { echo "Thiếu gói venv của Python. Trên Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

$(DEMO_DB): | $(STAMP)
	@mkdir -p $(dir $(DEMO_DB))
	$(VENV)/bin/xhht init --commune $(DEMO_COMMUNE) --db $(DEMO_DB).tmp
	$(VENV)/bin/xhht demo --households $(DEMO_HOUSEHOLDS) --seed 1 --db $(DEMO_DB).tmp
	@mv $(DEMO_DB).tmp $(DEMO_DB)

demo: $(DEMO_DB)

# Opens the program on the demo commune (until the window exists, prints its figures).
run: $(STAMP) $(DEMO_DB)
	$(VENV)/bin/xhht --db $(DEMO_DB) || $(VENV)/bin/xhht stats --db $(DEMO_DB)

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/lint-imports

bench: $(STAMP)
	$(PY) bench/register.py

clean:
	rm -rf $(VENV) demo .pytest_cache .hypothesis build *.egg-info
