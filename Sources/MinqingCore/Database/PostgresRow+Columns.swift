import Foundation
import PostgresNIO

extension PostgresRandomAccessRow {
    /// Decodes a named column, naming it in the error.
    public func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}

/// Escapes `%`, `_` and `\` so user text is matched literally inside ILIKE patterns.
public func likePattern(containing text: String) -> String {
    let escaped = text.replacingOccurrences(of: "\\", with: "\\\\")
        .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    return "%\(escaped)%"
}
