# The two commands of the README. Each sets up everything it needs on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Install sharecheck and check the bundled fixtures. Some fixtures carry blockers on purpose, so
# sharecheck exits 1 here; the demo fails only if the check could not run (exit 2).
demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	$(BIN)/sharecheck check fixtures/; status=$$?; \
	if [ $$status -eq 1 ]; then echo "(exit 1: the fixtures include proposals with blockers, as designed)"; fi; \
	[ $$status -le 1 ]

# Install with test tools, then lint, type-check and run the test suite.
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# Regenerate the rule catalogue (docs/rules.md) from the bundled rules and their test cases;
# the test suite fails while it is out of date.
docs: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/sharecheck rules docs --output docs/rules.md
