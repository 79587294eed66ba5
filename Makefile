# The two commands of the README. Each sets up everything it needs on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# durable-rules 2.0.28 (its last release) builds on Python 3.13+ but does not import there: it calls
# PyEval_CallObject, which 3.13 removed. Its setup.py overwrites CFLAGS, not CPPFLAGS, so this define
# maps the call to its successor; --no-cache-dir stops pip reusing a broken wheel it cached earlier.
# Only on 3.13+, and only while durable-rules does not import; 3.11 and 3.12 install it as usual.
DURABLE_313 = CPPFLAGS='-DPyEval_CallObject(f,a)=PyObject_CallObject(f,a)' $(BIN)/python -m pip install \
	--quiet --no-cache-dir --force-reinstall --no-deps 'durable-rules>=2.0.28,<2.1'
.PHONY: durable
durable: $(BIN)/python
	@want=$$($(PYTHON) -c 'import sys; print(*sys.version_info[:2], sep=".")'); \
	have=$$($(BIN)/python -c 'import sys; print(*sys.version_info[:2], sep=".")'); \
	if [ "$$want" != "$$have" ]; then \
	  echo "$(VENV) holds Python $$have but PYTHON=$(PYTHON) is $$want: remove $(VENV), or pass VENV=.venv-$$want" >&2; \
	  exit 2; \
	fi
	@if $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 13))' \
	  && ! $(BIN)/python -c 'import durable.engine' 2>/dev/null; then \
	  echo "Python 3.13+: building durable-rules with PyEval_CallObject mapped to PyObject_CallObject"; \
	  $(DURABLE_313) && $(BIN)/python -c 'import durable.engine'; \
	fi

# Install sharecheck and check the bundled fixtures. Some fixtures carry blockers on purpose, so
# sharecheck exits 1 here; the demo fails only if the check could not run (exit 2).
demo: durable
	$(BIN)/python -m pip install --quiet .
	$(BIN)/sharecheck check fixtures/; status=$$?; \
	if [ $$status -eq 1 ]; then echo "(exit 1: the fixtures include proposals with blockers, as designed)"; fi; \
	[ $$status -le 1 ]

# Install with test tools, then lint, type-check and run the test suite.
test: durable
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# Regenerate the rule catalogue (docs/rules.md) from the bundled rules and their test cases;
# the test suite fails while it is out of date.
docs: durable
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/sharecheck rules docs --output docs/rules.md
