import Foundation
import OpenAPIRuntime

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// GeoReport v2's XML is the JSON document by the Spark convention (wiki.open311.org, "JSON and XML
/// Conversion"): an object's members become child elements, an array a wrapper whose items repeat under the
/// singular name, `null` an empty element. Serving XML as the JSON rendered this way keeps one model (the
/// generated types of `openapi.yaml`) for both formats. Foundation's XML tree does the escaping.
enum SparkXML {
    /// The singular element of each list the documents have.
    static let itemNames = [
        "services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute", "values": "value",
        "endpoints": "endpoint", "formats": "format",
    ]

    /// The XML document for a JSON document, under `root` (a top-level array's items are named after it).
    static func document(root: String, json: Data) throws -> String {
        let value = try JSONDecoder().decode(OpenAPIValueContainer.self, from: json)
        let element = XMLElement(name: root)
        fill(element, with: value.value, name: root)
        // the declaration as the standard asks for it (libxml2 would write encoding="utf-8" standalone="no")
        return #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + element.xmlString(options: [.nodePrettyPrint]) + "\n"
    }

    private static func fill(_ element: XMLElement, with value: (any Sendable)?, name: String) {
        switch value {
        case nil:
            break
        case let object as [String: (any Sendable)?]:
            for key in object.keys.sorted() {
                let child = XMLElement(name: key)
                fill(child, with: object[key] ?? nil, name: key)
                element.addChild(child)
            }
        case let array as [(any Sendable)?]:
            let item = itemNames[name] ?? name
            for member in array {
                let child = XMLElement(name: item)
                fill(child, with: member, name: item)
                element.addChild(child)
            }
        case let flag as Bool:
            element.stringValue = flag ? "true" : "false"
        case let text as String:
            element.stringValue = text
        case let number as Int:
            element.stringValue = String(number)
        case let number as Double:
            element.stringValue = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        default:
            element.stringValue = "\(value!)"
        }
    }
}
