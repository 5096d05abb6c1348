import Foundation
import MinqingRules

/// A page request for lists whose sort key is not (created_at, uuid): the cursor carries the sort key of
/// the last row as text parts (e.g. a flag, microseconds and an id), opaque to clients.
public struct KeysetRequest: Sendable {
    public let limit: Int
    /// The last row's sort key, `parts` strings; nil for the first page.
    public let after: [String]?

    /// Validates `limit` (1…200) and decodes `cursor`, naming the parameter on failure.
    public init(limit: Int?, cursor: String?, parts: Int) throws(DomainError) {
        var validator = FieldValidator()
        let limit = limit ?? PageRequest.defaultLimit
        validator.range(limit, "limit", 1...PageRequest.maxLimit)
        var after: [String]?
        if let cursor {
            after = Self.decode(cursor).flatMap { $0.count == parts ? $0 : nil }
            if after == nil { validator.add("cursor", "is not a cursor returned by this list") }
        }
        try validator.check()
        self.limit = limit
        self.after = after
    }

    public static func encode(_ parts: [String]) -> String {
        Base64URL.encode(parts.joined(separator: "|"))
    }

    static func decode(_ encoded: String) -> [String]? {
        guard let text = Base64URL.decode(encoded) else { return nil }
        return text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }
}
