# The book's commands. `make book` and `make test` are the two that the README starts with.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CHAPTER ?=
# The browser test drives Debian's Chromium; set CHROMIUM=/path/to/chromium to use another one.
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

.PHONY: book test test-portable install chromium execute check html pages binder-check colab-check bench lock clean

# An isolated environment with the exact versions of constraints.txt and the package (editable).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[book]"
	touch $@

install: $(STAMP)

## Build the whole book: install, execute every chapter afresh at the default scale, build the HTML.
book: execute html

## Run every test: unit tests, pair checks, nbval over every chapter, the book build (-W), and the
## built book in headless Chromium (screenshots in _build/screenshots/).
test: install chromium
	$(PY) -m pytest tests book --nbval-lax -ra

## nbval again with torch's portable CPU kernels (no AVX) and one thread: a checked cell that prints
## float noise fails here. Run it before submitting any change to a chapter.
test-portable: install
	ATEN_CPU_CAPABILITY=default OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
	  $(PY) -m pytest book --nbval-lax -ra

## Headless Chromium for the browser test: Debian's package, installed when missing (as root).
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser test (apt-get) ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser test needs Chromium at $(CHROMIUM). Install it as root (Debian/Ubuntu:" >&2; \
	  echo "'sudo apt-get install chromium'), or point CHROMIUM=/path/to/chromium at one." >&2; exit 1; \
	fi

## Re-execute one chapter (CHAPTER=book/x.md) or all of them, refreshing each .ipynb from its .md.
execute: install
	$(PY) scripts/chapters.py execute $(CHAPTER)

## Check that every .ipynb matches its .md and was executed top to bottom without errors.
check: install
	$(PY) scripts/chapters.py check

html: install
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going .
	@echo "The book: $(CURDIR)/_build/html/index.html"

## Check the pages of _build/html (after `make html`) in headless Chromium; screenshots in _build/screenshots/.
pages: install chromium
	$(PY) scripts/book_pages.py _build/html --screenshots _build/screenshots

## Every chapter (or CHAPTER=book/<name>.md) in a venv made only from binder/ (runtime.txt's Python from
## pyenv, requirements.txt, postBuild): seconds, peak memory, pass/fail (launch/README.md).
binder-check: install
	$(PY) scripts/launch_checks.py binder $(CHAPTER)

## Every chapter (or CHAPTER=...) in Colab's runtime: pyenv's Python 3.13 (COLAB_PYTHON) with the versions of
## launch/colab-runtime.txt; each chapter's install cell from this checkout's HEAD, then all its cells.
COLAB_PYTHON ?= /root/.pyenv/versions/3.13.0/bin/python3
colab-check: install
	$(PY) scripts/launch_checks.py colab $(CHAPTER) --python $(COLAB_PYTHON)

## Refresh constraints.txt from the current environment.
lock: install
	(echo "# Exact versions of every package in the book and test environment (pip freeze, Python 3.11, x86-64)."; \
	 echo '# Used as a constraints file: `pip install -c constraints.txt -e ".[book]"`. Refresh with `make lock`.'; \
	 $(PY) -m pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf _build
