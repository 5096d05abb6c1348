import Foundation
import MinqingRules
import PostgresNIO

/// Keyset pagination in (created_at, id) order: stable under inserts, no OFFSET.
public struct PageRequest: Sendable {
    public static let defaultLimit = 50
    public static let maxLimit = 200

    public let limit: Int
    public let after: PageCursor?

    /// Validates `limit` (1…200) and decodes `cursor`, naming the parameter on failure.
    public init(limit: Int?, cursor: String?) throws(DomainError) {
        var validator = FieldValidator()
        let limit = limit ?? Self.defaultLimit
        validator.range(limit, "limit", 1...Self.maxLimit)
        var after: PageCursor?
        if let cursor {
            after = PageCursor(encoded: cursor)
            if after == nil { validator.add("cursor", "is not a cursor returned by this list") }
        }
        try validator.check()
        self.limit = limit
        self.after = after
    }
}

/// The position after the last row of a page: its creation time in microseconds since the Unix epoch
/// (read from PostgreSQL as an integer, so no floating-point rounding can repeat or skip a row) and its id.
public struct PageCursor: Sendable, Equatable {
    public let micros: Int64
    public let id: UUID

    public init(micros: Int64, id: UUID) {
        self.micros = micros
        self.id = id
    }

    /// Reads the `page_micros` and `id` columns every list query selects.
    public init(row: PostgresRow) throws {
        let columns = row.makeRandomAccess()
        micros = try columns.value("page_micros")
        id = try columns.value("id")
    }

    public init?(encoded: String) {
        guard let text = Base64URL.decode(encoded) else { return nil }
        let parts = text.split(separator: "|")
        guard parts.count == 2, let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1])) else { return nil }
        self.micros = micros
        self.id = id
    }

    public var encoded: String {
        Base64URL.encode("\(micros)|\(id.uuidString.lowercased())")
    }
}

/// One page of a list.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// Builds a page from `limit + 1` fetched rows: the extra row only tells that more exist.
    public init(rows: [PostgresRow], limit: Int, decode: (PostgresRow) throws -> Item) throws {
        let visible = rows.prefix(limit)
        items = try visible.map(decode)
        nextCursor = rows.count > limit ? try visible.last.map { try PageCursor(row: $0).encoded } : nil
    }
}

extension QueryBuilder {
    /// The column list entry every paged query selects for its cursor.
    public static func pageMicros(_ createdAt: String = "created_at") -> String {
        "(extract(epoch FROM \(createdAt)) * 1000000)::int8 AS page_micros"
    }

    /// Adds the keyset condition and returns the ORDER BY / LIMIT suffix for a page.
    public mutating func page(
        _ request: PageRequest, createdAt: String = "created_at", id: String = "id", newestFirst: Bool = false
    ) -> String {
        let comparison = newestFirst ? "<" : ">"
        let direction = newestFirst ? "DESC" : "ASC"
        if let after = request.after {
            let micros = bind(after.micros)
            let key = bind(after.id)
            condition(
                "(\(createdAt), \(id)) \(comparison) ('epoch'::timestamptz + \(micros)::int8 * interval '1 microsecond', \(key))"
            )
        }
        return "ORDER BY \(createdAt) \(direction), \(id) \(direction) LIMIT \(request.limit + 1)"
    }
}
