# The book's commands. `make book` and `make test` are the two that the README starts with.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CHAPTER ?=

.PHONY: book test test-portable install execute check html bench lock clean

# An isolated environment with the exact versions of constraints.txt and the package (editable).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[book]"
	touch $@

install: $(STAMP)

## Build the whole book: install, execute every chapter afresh at the default scale, build the HTML.
book: execute html

## Run every test: unit tests, pair checks, nbval over every chapter, the book build (-W).
test: install
	$(PY) -m pytest tests book --nbval-lax -ra

## nbval again with torch's portable CPU kernels (no AVX) and one thread: a checked cell that prints
## float noise fails here. Run it before submitting any change to a chapter.
test-portable: install
	ATEN_CPU_CAPABILITY=default OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
	  $(PY) -m pytest book --nbval-lax -ra

## Re-execute one chapter (CHAPTER=book/x.md) or all of them, refreshing each .ipynb from its .md.
execute: install
	$(PY) scripts/chapters.py execute $(CHAPTER)

## Check that every .ipynb matches its .md and was executed top to bottom without errors.
check: install
	$(PY) scripts/chapters.py check

html: install
	$(VENV)/bin/jupyter-book build --all -W -n --keep-going .
	@echo "The book: $(CURDIR)/_build/html/index.html"

## Refresh constraints.txt from the current environment.
lock: install
	(echo "# Exact versions of every package in the book and test environment (pip freeze, Python 3.11, x86-64)."; \
	 echo '# Used as a constraints file: `pip install -c constraints.txt -e ".[book]"`. Refresh with `make lock`.'; \
	 $(PY) -m pip freeze --exclude-editable) > constraints.txt

clean:
	rm -rf _build
