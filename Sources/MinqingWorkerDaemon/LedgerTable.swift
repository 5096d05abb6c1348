import Foundation
import MinqingWorker

/// Plain-text table of ledger rows for `minqing-worker status`.
enum LedgerTable {
    /// The schedule cursors, marking any that stand ahead of the real time (an operator's future `tick`:
    /// a running daemon enqueues nothing for that kind until then).
    static func render(cursors: [(kind: String, lastNominalAt: Date)], now: Date) -> String {
        guard !cursors.isEmpty else { return "(no schedule cursors yet)" }
        let width = cursors.map(\.kind.count).max() ?? 0
        return "CURSORS\n"
            + cursors.map { cursor in
                let ahead = cursor.lastNominalAt > now ? "  AHEAD of now: nothing new is enqueued for this kind until then" : ""
                return cursor.kind.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + cursor.lastNominalAt.formatted(.iso8601)
                    + ahead
            }.joined(separator: "\n")
    }

    static func render(_ entries: [LedgerEntry]) -> String {
        guard !entries.isEmpty else { return "(the ledger is empty)" }
        let header = ["KIND", "PERIOD", "STATE", "ATTEMPTS", "NOMINAL", "FINISHED", "LAST ERROR"]
        let rows = entries.map { entry in
            [
                entry.kind, entry.periodKey, entry.state.rawValue, "\(entry.attempt)/\(entry.maxAttempts)",
                entry.nominalAt.formatted(.iso8601), entry.finishedAt?.formatted(.iso8601) ?? "-",
                String((entry.lastError ?? "-").prefix(80)),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
