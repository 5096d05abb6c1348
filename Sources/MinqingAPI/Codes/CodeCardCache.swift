import MinqingCore
import Synchronization

/// Active codes' cards for a few seconds (MINQING_CODE_CACHE_SECONDS), so that a scanned code costs no query
/// while its poster is being scanned. Issuing or revoking a code through this process empties the cache; on
/// other replicas, and after edits of the representative or station, a card may be that many seconds old.
/// Filing never trusts it: intake reads the code's status in its own transaction.
final class CodeCardCache: Sendable {
    private struct Entry {
        let card: CodeCard
        let expires: ContinuousClock.Instant
    }

    private let entries = Mutex([String: Entry]())
    let lifetime: Duration
    let capacity: Int

    init(lifetime: Duration, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached card of `code`, or the one `load` returns (unknown and withdrawn codes are not cached).
    func card(_ code: String, load: () async throws -> CodeCard) async throws -> CodeCard {
        guard lifetime > .zero else { return try await load() }
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[code] }), entry.expires > now { return entry.card }
        let card = try await load()
        entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll() }
            entries[code] = Entry(card: card, expires: now + lifetime)
        }
        return card
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
