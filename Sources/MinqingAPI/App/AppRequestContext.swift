import Hummingbird
import Logging
import NIOCore

/// Per-request context: Hummingbird's core storage plus the peer address (for rate limits and logs).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
