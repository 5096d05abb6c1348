import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime
import Synchronization

/// The (method, path template) pairs the generated server registered; answers "which methods does
/// this path allow" so an unmatched method is a 405, not a 404.
final class RouteTable: Sendable {
    private let entries = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    func add(method: HTTPRequest.Method, path: String) {
        let segments = path.split(separator: "/")
        entries.withLock { $0.append((method, segments)) }
    }

    func methods(matching path: String) -> Set<HTTPRequest.Method> {
        let requested = path.split(separator: "/")
        return entries.withLock { entries in
            Set(entries.filter { Self.matches(template: $0.segments, path: requested) }.map(\.method))
        }
    }

    private static func matches(template: [Substring], path: [Substring]) -> Bool {
        guard template.count == path.count else { return false }
        return zip(template, path).allSatisfy { pattern, segment in
            pattern.hasPrefix("{") || pattern.hasPrefix(":") || pattern == segment
        }
    }
}

/// A `ServerTransport` that records every registration in a ``RouteTable`` and forwards it to the router.
struct RecordingTransport: ServerTransport {
    let router: Router<AppRequestContext>
    let table: RouteTable

    func register(
        _ handler: @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?),
        method: HTTPRequest.Method,
        path: String
    ) throws {
        table.add(method: method, path: path)
        try router.register(handler, method: method, path: path)
    }
}
