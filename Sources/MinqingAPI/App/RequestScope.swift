import Logging

/// What a handler behind the generated OpenAPI layer knows about its request. The generated protocol
/// does not pass Hummingbird's context, so ``RequestLoggingMiddleware`` binds this task-local.
public struct RequestScope: Sendable {
    public let requestID: String
    public let logger: Logger
    public let clientAddress: String
    /// The raw `Authorization` header; resolved to a user only by handlers that need one.
    public let authorization: String?

    @TaskLocal public static var current = RequestScope(
        requestID: "-", logger: Logger(label: "minqing.api"), clientAddress: "unknown", authorization: nil
    )
}
