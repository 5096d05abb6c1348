#!/usr/bin/env bash
# `make lint`: the toolchain's formatter in strict lint mode over every Swift file of the package, with the
# committed configuration (.swift-format). `make format` rewrites the files instead.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format lint --strict --parallel --recursive Package.swift Sources Tests bench/baseline
