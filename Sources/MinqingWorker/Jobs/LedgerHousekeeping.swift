import Foundation

/// Daily: deletes succeeded ledger rows of frequent (`latest_only`) kinds older than `retention`.
/// Their cursors keep their place, so nothing is re-run; monthly, quarterly and annual rows are kept.
enum LedgerHousekeeping {
    static let name = "ledger_housekeeping"

    static func kind(pruning kinds: [String], retention: TimeInterval = 90 * 86_400) -> JobKind {
        JobKind(name: name, schedule: .every(seconds: 86_400), policy: .latestOnly) { context, connection in
            let removed = try await Ledger.prune(
                kinds: kinds + [name], finishedBefore: context.clock.now().addingTimeInterval(-retention),
                on: connection, logger: context.logger
            )
            context.logger.info("pruned ledger", metadata: ["rows": "\(removed)"])
        }
    }
}
