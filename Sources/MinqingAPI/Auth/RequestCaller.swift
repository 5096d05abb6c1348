import MinqingRules

/// The caller ``AuthorizationMiddleware`` admitted to the current operation; `nil` for an operation open
/// to anyone (or when no token was sent to one that identifies callers when it can).
enum RequestCaller {
    @TaskLocal static var current: User?
}
