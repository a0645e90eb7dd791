# SmartRural: `make demo` serves the demo province; `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SMARTRURAL := $(BIN)/smartrural

.PHONY: install demo test test-postgres bench messages messages-update runtime-deps system-deps _debian-deps clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages the product uses: gettext (compiled translations), Pango and DejaVu fonts (PDF
# reports with Vietnamese text), espeak-ng (Vietnamese text-to-speech for loudspeaker bulletins)
# and ffmpeg (bulletin audio: probe and encode to MP3); the tests also use Chromium (end-to-end
# page tests). Installed only when missing and when we may (root).
runtime-deps:
	@$(MAKE) --no-print-directory _debian-deps BROWSER=

system-deps:
	@$(MAKE) --no-print-directory _debian-deps BROWSER=chromium

_debian-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -z "$(BROWSER)" ] || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing="$$missing ffmpeg"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing (Debian packages)"; exit 1; fi; \
	fi

messages: $(STAMP)
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; } || \
	  { echo "Please install gettext (Debian package) to compile translations"; exit 1; }
	DJANGO_SETTINGS_MODULE=config.settings.test $(SMARTRURAL) compilemessages --ignore=.venv --ignore=var -v 0

install: $(STAMP) messages

# After changing user-facing strings: refresh the catalogue, then translate what is new.
messages-update: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.test $(SMARTRURAL) makemessages -l vi --no-obsolete \
	  --ignore=.venv --ignore=var --ignore=bench --ignore='*/tests/*' --ignore='smartrural/e2e/*'

demo: install runtime-deps
	$(SMARTRURAL) demo

test: install system-deps
	tools/check-translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/mypy config smartrural bench
	DATABASE_URL= $(BIN)/pytest -q -n 2 --dist loadfile

test-postgres: install system-deps
	@[ -n "$$DATABASE_URL" ] || { echo "DATABASE_URL=postgres://... is required (or: scripts/postgres-test.sh run make test-postgres)"; exit 1; }
	$(BIN)/pytest -q -n 2 --dist loadfile

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
