# The two commands of README.md's first section, and a few helpers.
.PHONY: run test build lint format fuzz spec-check clean-db reliability bench-intake bench-codes

run:
	./scripts/run.sh

test:
	./scripts/test.sh

build:
	swift build

# The toolchain's formatter with .swift-format: `lint` checks (make test runs it first), `format` rewrites.
lint:
	./scripts/lint.sh

format:
	swift format format --in-place --parallel --recursive Package.swift Sources Tests bench/baseline

# schemathesis against openapi.yaml and a live API (no 5xx, every response as the spec says). make test runs
# a short pass (FUZZ_EXAMPLES, default 10 per operation); this one goes deeper.
fuzz:
	EXAMPLES=$${EXAMPLES:-100} ./scripts/fuzz.sh

# Release builds under load and faults (bench/reliability/run.sh; about 20 minutes; figures in docs/RELIABILITY.md).
reliability:
	./bench/reliability/run.sh

# The speed targets (bench/*/run.sh; figures in docs/PERFORMANCE.md).
bench-intake:
	./bench/intake/run.sh

bench-codes:
	./bench/codes/run.sh

spec-check:
	python3 -m openapi_spec_validator openapi.yaml

clean-db:
	rm -rf .local/postgres

# The resident pages in headless Chromium with JavaScript on and off; screenshots to docs/screenshots/.
.PHONY: browser-test
browser-test:
	./scripts/browser-test.sh
