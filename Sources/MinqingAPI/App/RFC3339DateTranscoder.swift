import Foundation
import OpenAPIRuntime

/// Reads RFC 3339 instants with or without fractional seconds (`2026-03-12T17:25:34.2Z` is what a browser's
/// `toISOString()` sends), in query parameters and JSON bodies alike; writes them without fractions, as
/// every response always has.
struct RFC3339DateTranscoder: DateTranscoder {
    /// An instant that is not RFC 3339; ``Problem/from(serverError:)`` names the parameter that carried it.
    struct Invalid: Error {
        let text: String
    }

    func encode(_ date: Date) throws -> String {
        date.formatted(.iso8601)
    }

    func decode(_ text: String) throws -> Date {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        throw Invalid(text: text)
    }
}
