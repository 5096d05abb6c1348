import Foundation

/// Collects every field error of one request so a client learns about all of them at once.
///
/// Text is trimmed; control characters other than newline are refused everywhere.
public struct FieldValidator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func add(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    public func check() throws(DomainError) {
        if !errors.isEmpty { throw .invalid(errors) }
    }

    /// A required text: trimmed, `min`…`max` characters, no control characters.
    public mutating func required(_ value: String, _ field: String, min: Int = 1, max: Int, multiline: Bool = false) -> String {
        optional(value, field, min: min, max: max, multiline: multiline, emptyIsError: true) ?? ""
    }

    /// An optional text: nil stays nil; an empty string after trimming becomes nil.
    public mutating func optional(
        _ value: String?, _ field: String, min: Int = 0, max: Int, multiline: Bool = false, emptyIsError: Bool = false
    ) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if emptyIsError || min > 0 { add(field, "must not be empty") }
            return nil
        }
        if Self.containsControl(trimmed, multiline: multiline) {
            add(field, "must not contain control characters")
            return nil
        }
        if trimmed.count < min {
            add(field, "must be at least \(min) characters")
        } else if trimmed.count > max {
            add(field, "must be at most \(max) characters")
        }
        return trimmed
    }

    public mutating func range<T: Comparable>(_ value: T?, _ field: String, _ bounds: ClosedRange<T>) {
        guard let value, !bounds.contains(value) else { return }
        add(field, "must be between \(bounds.lowerBound) and \(bounds.upperBound)")
    }

    /// An opaque id in a request body; nil (with an error) when it cannot be one of ours.
    public mutating func id(_ value: String?, _ field: String) -> UUID? {
        guard let value else { return nil }
        guard let id = UUID(uuidString: value) else {
            add(field, "does not refer to an existing record")
            return nil
        }
        return id
    }

    /// An http(s) URL.
    public mutating func url(_ value: String?, _ field: String, max: Int) -> String? {
        guard let text = optional(value, field, max: max) else { return nil }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            add(field, "must be an http(s) URL")
            return nil
        }
        return text
    }

    /// A contact phone of a station, department or representative: digits with + - ( ) and spaces.
    public mutating func contactPhone(_ value: String?, _ field: String) -> String? {
        guard let text = optional(value, field, min: 3, max: 30) else { return nil }
        let allowed = Set("0123456789+-() ")
        guard text.allSatisfy({ allowed.contains($0) }), text.contains(where: \.isNumber) else {
            add(field, "must be a phone number (digits, +, -, parentheses, spaces)")
            return nil
        }
        return text
    }

    /// A calendar date written `YYYY-MM-DD`.
    public mutating func date(_ value: String?, _ field: String) -> String? {
        guard let value else { return nil }
        let parts = value.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day),
            DateComponents(calendar: Calendar(identifier: .gregorian), year: year, month: month, day: day).isValidDate
        else {
            add(field, "must be a date written YYYY-MM-DD")
            return nil
        }
        return value
    }

    /// Whether `text` holds a control character (line breaks allowed when `multiline`): the one definition the
    /// fields, the paths and queries, and passwords share.
    public static func containsControl(_ text: String, multiline: Bool = false) -> Bool {
        // ASCII text (every path and most queries) is judged by its bytes: C0 controls and DEL
        var ascii = true
        for byte in text.utf8 {
            if byte >= 0x80 {
                ascii = false
                break
            }
            if byte < 0x20 || byte == 0x7F {
                if multiline && (byte == 0x0A || byte == 0x0D) { continue }
                return true
            }
        }
        return ascii ? false : text.unicodeScalars.contains { isForbiddenControl($0, multiline: multiline) }
    }

    static func isForbiddenControl(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        if multiline && (scalar == "\n" || scalar == "\r") { return false }
        // the control category (Cc) is exactly C0, DEL and C1; compared by value, it costs no property lookup
        return scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
