#!/usr/bin/env bash
# `make test`: installs what is missing, checks the formatting (`make lint`), starts a throwaway PostgreSQL
# cluster, runs `swift test` against it.
source "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/.."

ensure_packages --for-tests
log "swift format lint (configuration: .swift-format)"
"$(dirname "$0")/lint.sh"
dir=$(cluster_home "$PWD/.local/test-postgres-$$" "/var/tmp/minqing-test-postgres-$$")
port=$(free_port)
cleanup() { cluster_stop "$dir"; rm -rf "$dir"; }
trap cleanup EXIT
MINQING_PG_FSYNC=off cluster_start "$dir" "$port"

export MINQING_TEST_DATABASE_URL="postgres://minqing@127.0.0.1:$port/postgres?sslmode=disable"
log "swift test (database $MINQING_TEST_DATABASE_URL)"
swift build --build-tests "$@"
swift test --skip-build "$@"
log "fuzzing the API against openapi.yaml (${FUZZ_EXAMPLES:-10} examples per operation; make fuzz goes deeper)"
EXAMPLES=${FUZZ_EXAMPLES:-10} "$(dirname "$0")/fuzz.sh"
