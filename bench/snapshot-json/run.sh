#!/usr/bin/env bash
# Encoding a monthly snapshot: Foundation's JSONEncoder on the typed MonthlySheet against the hand-written
# JSONValue writer the snapshots used before, on the same 150,000 items (2,000 departments × 75), optimised
# build, best of 3. The types are taken from Sources as they are, so the figures follow the code.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  cat <<'SWIFT'
import Foundation
public enum AssignmentStatus: String, Sendable, Codable { case pending, acknowledged, replied, returned, escalated }
public protocol ReportDepartmentRow: Codable, Sendable { var departmentID: UUID { get } }
public protocol ReportData: Codable, Sendable { associatedtype DepartmentRow: ReportDepartmentRow; var departments: [DepartmentRow] { get set } }
public enum ReportStore { public enum Kind { case monthly } }
SWIFT
  sed -e '/^import/d' -e '/public static let kind/d' -e '/withoutStaffParts/,+4d' "$root/Sources/MinqingCore/Reports/MonthlySheet.swift"
  sed -n '/^public indirect enum JSONValue/,/^}/p' "$root/Sources/MinqingCore/Rhythm/Notification.swift"
  sed -e '/^import/d' "$root/Sources/MinqingCore/Rhythm/JSONValueText.swift"
  cat "$root/bench/snapshot-json/measure.swift"
} > "$work/main.swift"
swiftc -O "$work/main.swift" -o "$work/measure"
"$work/measure"
