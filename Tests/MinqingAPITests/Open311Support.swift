import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reading the Open311 facade's answers: JSON arrays, and XML through Foundation's XML parser (libxml2).
enum Open311Support {
    /// An `application/x-www-form-urlencoded` body, UTF-8, as a 311 client sends it.
    static func form(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ pairs: [(String, String)]) async throws -> APIResult {
        try await client.call(
            .post, path, raw: form(pairs), contentType: "application/x-www-form-urlencoded; charset=utf-8")
    }

    static func array(_ result: APIResult) -> [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: result.body) as? [[String: Any]]) ?? []
    }

    /// The parsed document; records an issue when it is not well-formed XML with the UTF-8 declaration.
    static func xml(_ result: APIResult) throws -> XMLElement {
        #expect(result.text.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?>"#), "\(result.text.prefix(80))")
        #expect(result.headers[.contentType] == "text/xml; charset=utf-8")
        let document = try XMLDocument(data: result.body, options: [])
        return try #require(document.rootElement())
    }

    /// The text of the first descendant at `path` ("endpoints/endpoint/url").
    static func text(_ element: XMLElement, _ path: String) -> String? {
        (try? element.nodes(forXPath: path))?.first?.stringValue
    }

    static func children(_ element: XMLElement, _ name: String) -> [XMLElement] {
        element.elements(forName: name)
    }
}
