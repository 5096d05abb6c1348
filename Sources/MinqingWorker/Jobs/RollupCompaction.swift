import Foundation
import MinqingCore
import PostgresNIO

/// Every minute: folds the deltas the triggers appended into the insight rollups (``Rollups``), so the
/// reads over long periods sum a few rows per day. Reads are exact whether or not it ran: they add the
/// deltas not yet folded.
enum RollupCompaction {
    static let name = "rollup_compaction"

    static func kind() -> JobKind {
        JobKind(name: name, schedule: .every(seconds: 60), policy: .latestOnly) { context, connection in
            let folded = try await Rollups.compact(on: connection, logger: context.logger)
            if folded > 0 { context.logger.debug("folded rollup deltas", metadata: ["deltas": "\(folded)"]) }
        }
    }
}
