import Foundation
import MinqingRules
import PostgresNIO

/// A page request: how many rows, and after which row. The cursor is opaque to clients; it is decoded here
/// into its parts and typed against the list's `Keyset` when the query is built, so every malformed cursor,
/// whatever its shape, is a 422 naming `cursor`.
public struct PageRequest: Sendable {
    public static let defaultLimit = 50
    public static let maxLimit = 200

    public let limit: Int
    /// The last row's sort key as text parts; nil for the first page.
    let after: [String]?

    /// Validates `limit` (1…200) and the cursor's encoding, naming the parameter on failure.
    public init(limit: Int?, cursor: String?) throws(DomainError) {
        var validator = FieldValidator()
        let limit = limit ?? Self.defaultLimit
        validator.range(limit, "limit", 1...Self.maxLimit)
        var after: [String]?
        if let cursor {
            after = PageCursor.decode(cursor)
            if after == nil { validator.add("cursor", PageCursor.refusal) }
        }
        try validator.check()
        self.limit = limit
        self.after = after
    }
}

/// The order of a paged list, most significant key first. The last key must be unique, so the order is
/// total and a page ends exactly where the next begins (keyset pagination: stable under inserts, no OFFSET).
public struct Keyset: Sendable {
    public struct Key: Sendable {
        public enum Kind: Sendable { case timestamp, uuid, integer, boolean, text }

        let expression: String
        let kind: Kind
        let descending: Bool

        public init(_ expression: String, _ kind: Kind, descending: Bool = false) {
            self.expression = expression
            self.kind = kind
            self.descending = descending
        }
    }

    let keys: [Key]

    public init(_ keys: Key...) {
        precondition(!keys.isEmpty, "a keyset needs at least one key")
        self.keys = keys
    }

    /// Creation order with the id as tie-breaker, the order of most lists.
    public static func creation(_ createdAt: String = "created_at", id: String = "id", newestFirst: Bool = false) -> Keyset {
        Keyset(.init(createdAt, .timestamp, descending: newestFirst), .init(id, .uuid, descending: newestFirst))
    }

    /// The select-list entries the cursor is read from (`page_k0`, `page_k1`, …). A timestamp is selected
    /// as integer microseconds since the Unix epoch, so no floating-point rounding can repeat or skip a row.
    public var columns: String {
        keys.enumerated().map { index, key in
            switch key.kind {
            case .timestamp: "(extract(epoch FROM \(key.expression)) * 1000000)::int8 AS page_k\(index)"
            default: "\(key.expression) AS page_k\(index)"
            }
        }.joined(separator: ", ")
    }

    /// The cursor after `row`, which selected `columns`.
    func cursor(after row: PostgresRow) throws -> String {
        let columns = row.makeRandomAccess()
        let parts = try keys.indices.map { index -> String in
            let name = "page_k\(index)"
            switch keys[index].kind {
            case .timestamp, .integer: return String(try columns.value(name, as: Int64.self))
            case .uuid: return try columns.value(name, as: UUID.self).uuidString.lowercased()
            case .boolean: return String(try columns.value(name, as: Bool.self))
            case .text: return try columns.value(name, as: String.self)
            }
        }
        return PageCursor.encode(parts)
    }
}

/// The cursor's encoding: the sort key's parts joined by `|` (escaped inside text parts), base64url.
enum PageCursor {
    static let refusal = "is not a cursor returned by this list"
    /// Timestamps a cursor may carry: years 1 through 9999, so the SQL arithmetic cannot overflow.
    static let microsRange: ClosedRange<Int64> = -62_135_596_800_000_000...253_402_300_799_999_999

    static func encode(_ parts: [String]) -> String {
        Base64URL.encode(
            parts.map { $0.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "|", with: "%7C") }
                .joined(separator: "|"))
    }

    static func decode(_ encoded: String) -> [String]? {
        guard let text = Base64URL.decode(encoded) else { return nil }
        var parts: [String] = []
        for part in text.split(separator: "|", omittingEmptySubsequences: false) {
            guard let unescaped = String(part).removingPercentEncoding else { return nil }
            parts.append(unescaped)
        }
        return parts
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

    /// Builds a page from `limit + 1` fetched rows (the extra row only tells that more exist), which
    /// selected `keyset.columns`.
    public init(rows: [PostgresRow], limit: Int, keyset: Keyset, decode: (PostgresRow) throws -> Item) throws {
        let visible = rows.prefix(limit)
        items = try visible.map(decode)
        nextCursor = rows.count > limit ? try visible.last.map(keyset.cursor(after:)) : nil
    }
}

extension QueryBuilder {
    /// Adds the condition "after the cursor's row" and returns the ORDER BY / LIMIT suffix of a page.
    /// A cursor whose parts do not fit the keyset's kinds is refused, naming `cursor`.
    public mutating func page(_ request: PageRequest, _ keyset: Keyset) throws(DomainError) -> String {
        let order = keyset.keys.map { "\($0.expression) \($0.descending ? "DESC" : "ASC")" }.joined(separator: ", ")
        let suffix = "ORDER BY \(order) LIMIT \(request.limit + 1)"
        guard let parts = request.after else { return suffix }
        guard parts.count == keyset.keys.count else { throw .invalid("cursor", PageCursor.refusal) }
        var values: [String] = []
        for (key, part) in zip(keyset.keys, parts) {
            guard let value = bind(part, as: key.kind) else { throw .invalid("cursor", PageCursor.refusal) }
            values.append(value)
        }
        condition(Self.after(keyset.keys, values))
        return suffix
    }

    /// Binds one cursor part as its key's kind; nil when the text is not a value of that kind.
    private mutating func bind(_ part: String, as kind: Keyset.Key.Kind) -> String? {
        switch kind {
        case .timestamp:
            guard let micros = Int64(part), PageCursor.microsRange.contains(micros) else { return nil }
            return "('epoch'::timestamptz + \(bind(micros))::int8 * interval '1 microsecond')"
        case .integer:
            return Int64(part).map { "\(bind($0))::int8" }
        case .uuid:
            return UUID(uuidString: part).map { "\(bind($0))::uuid" }
        case .boolean:
            return Bool(part).map { "\(bind($0))::bool" }
        case .text:
            return part.unicodeScalars.contains { $0.value == 0 } ? nil : "\(bind(part))::text"
        }
    }

    /// "Comes after" in the keyset's order: one row comparison when every key runs the same way (so a
    /// composite index serves it), else the lexicographic expansion.
    private static func after(_ keys: [Keyset.Key], _ values: [String]) -> String {
        if Set(keys.map(\.descending)).count == 1 {
            let comparison = keys[0].descending ? "<" : ">"
            return "(\(keys.map(\.expression).joined(separator: ", "))) \(comparison) (\(values.joined(separator: ", ")))"
        }
        var condition = ""
        for (key, value) in zip(keys, values).reversed() {
            let strict = "\(key.expression) \(key.descending ? "<" : ">") \(value)"
            condition = condition.isEmpty ? strict : "(\(strict) OR (\(key.expression) = \(value) AND \(condition)))"
        }
        return condition
    }
}
