import Foundation
import MinqingCore

extension JSONValue {
    /// Parses JSON text into a value, for comparing JSON documents regardless of key order.
    public static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
