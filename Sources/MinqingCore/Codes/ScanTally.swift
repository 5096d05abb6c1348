import Foundation
import MinqingRules
import Synchronization

/// Scans counted in memory and written to `code_scans` in batches, so that a public code lookup writes
/// nothing itself. The API flushes every few seconds and once more on a graceful shutdown; a process that is
/// killed loses the scans counted since its last flush.
public final class ScanTally: Sendable {
    public struct Key: Hashable, Sendable {
        public let code: String
        /// The local day, `yyyy-mm-dd`.
        public let day: String
    }

    private struct State {
        var pending: [Key: Int] = [:]
        /// The batch a flush is writing: still counted by ``unwritten(_:)`` until it commits.
        var writing: [Key: Int] = [:]
        /// The local day of the latest scan, so that a scan costs no calendar arithmetic.
        var today: (start: Date, end: Date, key: String)?
    }

    private let state = Mutex(State())
    private let calendar: LocalCalendar

    public init(calendar: LocalCalendar) {
        self.calendar = calendar
    }

    /// Counts one scan of `code` on the local day of `now`.
    public func count(_ code: String, at now: Date) {
        state.withLock { state in
            if state.today.map({ $0.start <= now && now < $0.end }) != true {
                let (start, end) = calendar.dayBounds(of: now)
                let (year, month, day) = calendar.ymd(now)
                state.today = (start, end, WorkingCalendar.Day(year: year, month: month, day: day).key)
            }
            state.pending[Key(code: code, day: state.today!.key), default: 0] += 1
        }
    }

    /// This process's scans of `code` that are not in the database yet, by day.
    public func unwritten(_ code: String) -> [String: Int] {
        state.withLock { state in
            var days: [String: Int] = [:]
            for (key, scans) in state.pending.merging(state.writing, uniquingKeysWith: +) where key.code == code {
                days[key.day, default: 0] += scans
            }
            return days
        }
    }

    /// Writes every scan counted so far in one statement and returns how many. When the write fails, the
    /// scans stay counted for the next flush. A flush that finds another one writing does nothing.
    @discardableResult
    public func flush(to store: CodeStore) async throws -> Int {
        let batch = state.withLock { state -> [Key: Int] in
            guard state.writing.isEmpty else { return [:] }
            (state.writing, state.pending) = (state.pending, [:])
            return state.writing
        }
        guard !batch.isEmpty else { return 0 }
        do {
            try await store.addScans(batch)
            state.withLock { $0.writing = [:] }
        } catch {
            state.withLock { state in
                state.pending.merge(state.writing, uniquingKeysWith: +)
                state.writing = [:]
            }
            throw error
        }
        return batch.values.reduce(0, +)
    }
}
