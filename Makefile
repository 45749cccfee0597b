# The README's two set-up commands: `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test lint serve system-test-deps clean

# A copy of sitegen, not an editable install: a leader who switches to a branch under review and runs
# `sitegen review` must run the code installed from main, not the branch's generator/ (SPEC §8).
# Re-run `make site` on main after pulling to update it. `make test` (the technical unit's
# development) installs it editable instead.
$(VENV)/.installed: pyproject.toml $(shell git ls-files generator 2>/dev/null)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# Built from a copy outside the tree: setuptools leaves build/lib and build/bdist.* where it builds,
	@# and build/ is the site's output folder (sitegen refuses to write into a folder it did not make).
	rm -rf $(VENV)/src && mkdir -p $(VENV)/src && cp -r pyproject.toml generator $(VENV)/src/
	$(BIN)/pip install -q $(VENV)/src
	rm -rf $(VENV)/src
	touch $@

site: $(VENV)/.installed
	$(BIN)/sitegen build
	@echo
	@echo "网站已生成到 build/。本地查看：$(BIN)/sitegen serve  然后用浏览器打开 http://127.0.0.1:8000/"
	@echo "（或：$(BIN)/python -m http.server -d build 8000）"

serve: $(VENV)/.installed
	$(BIN)/sitegen serve

$(VENV)/.test-installed: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# Debian's Chromium for the browser tests, a Chinese font (without one the browser tests would judge
# pages drawn as empty boxes, and the secrecy tests' PDFs need it) and a Java runtime for the Nu HTML Checker;
# installed only where missing. Never a browser download by a test tool.
system-test-deps:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }
	@ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk; }

# Lint, format and types first (seconds), then every test. Settings: pyproject.toml.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The editable install leaves generator/ uncompiled, and where PYTHONDONTWRITEBYTECODE is set every sitegen
# the tests start compiled it again (a quarter of a second each): its bytecode is written once here (a regular
# install, `make site`'s, has pip write it), checked against each source's hash when imported (an edit of the
# same size within the same second would pass a check of the mtime and run the old code; -f replaces those).
test: lint system-test-deps
	$(BIN)/python -m compileall -q -f --invalidation-mode checked-hash generator
	$(BIN)/python -m pytest -n auto

clean:
	rm -rf build .venv .pytest_cache
