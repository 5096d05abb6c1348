import Foundation
import HTTPTypes
import MinqingCore
import Synchronization

/// Active codes' cards for a few seconds (MINQING_CODE_CACHE_SECONDS), so that a scanned code costs no query
/// while its poster is being scanned, together with the lookup's own answer once the handler has given it
/// (``CodeLookupRecorder``, repeated by ``CodeLookupFastPath``). Issuing or revoking a code through this process empties the cache; on
/// other replicas, and after edits of the representative, station or rota, a card may be that many seconds old.
/// Filing never trusts it: intake reads the code's status in its own transaction.
final class CodeCardCache: Sendable {
    /// The answer `lookupCode` gave for a card: its head and its body's bytes.
    struct Lookup: Sendable {
        let head: HTTPResponse
        let body: [UInt8]
    }

    private struct Entry {
        let card: CodeCard
        var lookup: Lookup?
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
        if let entry = entries.withLock({ $0[code] }), entry.expires > now, entry.card.isOpen(at: Date()) { return entry.card }
        let card = try await load()
        entries.withLock { entries in
            if entries.count >= capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= capacity { entries.removeAll() }
            entries[code] = Entry(card: card, expires: now + lifetime)
        }
        return card
    }

    /// The lookup answer kept with `code`'s card, while the card is fresh.
    func lookup(_ code: String) -> (card: CodeCard, lookup: Lookup)? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[code], entry.expires > now, entry.card.isOpen(at: Date()), let lookup = entry.lookup else {
                return nil
            }
            return (entry.card, lookup)
        }
    }

    /// Keeps the handler's answer with the card it was made from (and only while that card is cached).
    func keep(_ lookup: Lookup, for code: String) {
        entries.withLock { entries in entries[code]?.lookup = lookup }
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
