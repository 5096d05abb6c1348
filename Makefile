# The two commands of README.md's first section, and a few helpers.
.PHONY: run test build spec-check clean-db

run:
	./scripts/run.sh

test:
	./scripts/test.sh

build:
	swift build

spec-check:
	python3 -m openapi_spec_validator openapi.yaml

clean-db:
	rm -rf .local/postgres

# The resident pages in headless Chromium with JavaScript on and off; screenshots to docs/screenshots/.
.PHONY: browser-test
browser-test:
	./scripts/browser-test.sh
