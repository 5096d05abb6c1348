import Foundation
import NIOCore

/// An `application/x-www-form-urlencoded` body as posted by a plain HTML form.
struct FormBody: Sendable {
    private var values: [String: [String]] = [:]

    init(_ buffer: ByteBuffer) {
        self.init(String(buffer: buffer))
    }

    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            guard !name.isEmpty else { continue }
            values[name, default: []].append(parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of a field; nil when it was not posted.
    subscript(_ name: String) -> String? { values[name]?.first }

    /// Whether a checkbox was ticked (posted with any value).
    func isChecked(_ name: String) -> Bool { values[name] != nil }

    /// `+` is a space; a malformed percent sequence keeps its raw text.
    static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Encodes fields in the same format (tests and redirects).
    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._*")
        return fields.map { name, value in
            let encode = { (text: String) in
                (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
            }
            return "\(encode(name))=\(encode(value))"
        }.joined(separator: "&")
    }
}
