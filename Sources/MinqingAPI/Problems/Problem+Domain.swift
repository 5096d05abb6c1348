import HTTPTypes
import MinqingCore
import MinqingRules

extension Problem {
    /// The one mapping from domain refusals to HTTP.
    init(_ error: DomainError) {
        switch error {
        case .invalid(let errors):
            self = .validation(errors)
        case .notFound(let what):
            self = .notFound(what)
        case .unauthenticated(let detail):
            self.init(.unauthorized, code: "unauthenticated", detail: detail, headers: [.wwwAuthenticate: "Bearer"])
        case .forbidden(let detail):
            self.init(.forbidden, code: "forbidden", detail: detail)
        case .conflict(let code, let detail):
            self.init(.conflict, code: code, detail: detail)
        case .gone(let code, let detail):
            self.init(.gone, code: code, detail: detail)
        case .invalidTransition(let current, let allowed, let detail):
            self.init(.conflict, code: "invalid_transition", detail: detail)
            currentStatus = current
            allowedActions = allowed
        case .rateLimited(let retryAfter, let detail):
            self.init(.tooManyRequests, code: "rate_limited", detail: detail, headers: [.retryAfter: String(retryAfter)])
        }
    }
}
