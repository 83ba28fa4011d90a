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
# Qt's Vietnamese, compiled from its .ts (generated, not committed; setup.py does the same for a wheel).
TS := desktop/resources/translations/qtbase_vi.ts
QM := $(TS:.ts=.qm)

.PHONY: run test setup wheel demo lint bench bench-gui bench-sync bench-titles bench-spreadsheets screenshots samples qt-deps test-deps clean

setup: $(STAMP) $(QM)

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
	  { echo "XHHT cần Python 3.11 trở lên (đang có: $$($(PYTHON) --version 2>&1)). Cài python3.11, hoặc: make PYTHON=python3.11 ..."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || \
	  { echo "Thiếu gói venv của Python. Trên Debian/Ubuntu: apt-get install python3-venv"; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

$(QM): $(TS) | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $(TS) -qm $(QM)

# The wheel a commune PC installs, into dist/ (fonts, criteria sets and the .qm inside).
wheel: $(STAMP)
	rm -rf build
	$(PY) -m pip wheel . --no-deps -w dist

$(DEMO_DB): | $(STAMP)
	@mkdir -p $(dir $(DEMO_DB))
	$(VENV)/bin/xhht init --commune $(DEMO_COMMUNE) --db $(DEMO_DB).tmp
	$(VENV)/bin/xhht demo --households $(DEMO_HOUSEHOLDS) --seed 1 --db $(DEMO_DB).tmp
	@mv $(DEMO_DB).tmp $(DEMO_DB)

demo: $(DEMO_DB)

# Debian libraries Qt needs (offscreen and under Xvfb); installed when root, else named.
QT_DEBS := libgl1 libegl1 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0 libdbus-1-3 \
  libx11-xcb1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0 libxcb-randr0 libxcb-render-util0 \
  libxcb-shape0 libxcb-xkb1 libxcb-xfixes0 libxcb-icccm4 libxcb-keysyms1
XVFB_DEBS := xvfb xauth

qt-deps:
	@missing=$$(for p in $(QT_DEBS) $(if $(WITH_XVFB),$(XVFB_DEBS)); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v dpkg >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài thư viện hệ thống cho Qt: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Cần cài các gói hệ thống cho Qt: sudo apt-get install $$missing"; exit 1; fi; fi

# What the sync tests start for real: a throwaway PostgreSQL (initdb + pg_ctl, as the
# province server may run on it) and headless Chromium for the province's web page.
TEST_DEBS := postgresql chromium fonts-noto-core

test-deps:
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v dpkg >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài gói hệ thống cho kiểm thử đồng bộ: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Kiểm thử đồng bộ cần: sudo apt-get install $$missing (thiếu thì các kiểm thử đó được bỏ qua)"; fi; fi

# Opens the program on the demo commune.
run: $(STAMP) $(QM) $(DEMO_DB) qt-deps
	$(VENV)/bin/xhht --db $(DEMO_DB)

# PNGs of each main page of the real window under Xvfb, into docs/screenshots/.
screenshots: $(STAMP) $(QM) $(DEMO_DB)
	@$(MAKE) --no-print-directory qt-deps WITH_XVFB=1
	QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" $(PY) scripts/screenshots.py --db $(DEMO_DB) --out docs/screenshots
	@$(MAKE) --no-print-directory test-deps
	XHHT_SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest -q tests/province/test_web_page.py -k chromium

# Sample decision and certificates (PDF + PNG) into docs/samples/, to look at.
samples: $(STAMP)
	$(PY) scripts/print_samples.py

bench-gui: $(STAMP) $(QM) qt-deps
	QT_QPA_PLATFORM=offscreen $(PY) bench/gui.py

test: $(STAMP) $(QM) qt-deps test-deps
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/register.py

# Evaluate every title of a year and print 1,000 certificates on a 20,000-household commune.
bench-titles: $(STAMP)
	$(PY) bench/titles.py

# Push, compare and restore a 20,000-household commune through a local province server.
bench-sync: $(STAMP)
	$(PY) bench/sync.py

# Export the lists and write the yearly report of a 20,000-household commune.
bench-spreadsheets: $(STAMP)
	$(PY) bench/spreadsheets.py

clean:
	rm -rf $(VENV) demo .pytest_cache .hypothesis build dist *.egg-info $(QM)
