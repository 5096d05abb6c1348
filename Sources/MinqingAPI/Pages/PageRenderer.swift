import Crypto
import Foundation
import Hummingbird
import Mustache

/// The templates and static assets of the resident pages, loaded once from the bundle's `Templates` folder.
struct PageRenderer: Sendable {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// A static file served under `/assets/`, with a content hash for cache busting.
    struct Asset: Sendable {
        let bytes: ByteBuffer
        let contentType: String
        let version: String
    }

    let library: MustacheLibrary
    let assets: [String: Asset]

    /// `/assets/site.css?v=…`
    func assetPath(_ name: String) -> String {
        "/assets/\(name)" + (assets[name].map { "?v=\($0.version)" } ?? "")
    }

    static func load() throws -> PageRenderer {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw LoadError(description: "the Templates resource folder is missing from the bundle")
        }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for file in files where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            do {
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            } catch {
                throw LoadError(description: "template \(file) does not parse: \(error)")
            }
        }
        var assets: [String: Asset] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml"]
        let assetFolder = folder.appendingPathComponent("assets")
        for file in (try? FileManager.default.contentsOfDirectory(atPath: assetFolder.path)) ?? [] {
            guard let type = types[(file as NSString).pathExtension] else { continue }
            let data = try Data(contentsOf: assetFolder.appendingPathComponent(file))
            let version = SHA256.hash(data: data).prefix(6).map { String(format: "%02x", $0) }.joined()
            assets[file] = Asset(bytes: ByteBuffer(bytes: data), contentType: type, version: version)
        }
        return PageRenderer(library: library, assets: assets)
    }

    /// Renders a page; a missing template is a programming error caught by the page tests.
    func render(_ template: String, _ view: Any) -> String {
        library.render(view, withTemplate: template) ?? "<!doctype html><title>Error</title><p>template \(template) missing</p>"
    }
}
