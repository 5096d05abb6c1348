import Hummingbird
import MinqingCore
import MinqingRules
import OpenAPIRuntime

/// Turns every error into an RFC 9457 problem response (on the Open311 facade, a GeoReport error): the one
/// place errors are mapped.
///
/// Unknown route → 404, known route with another method → 405 (with `Allow`), Hummingbird's HTTP
/// errors keep their status, the generated layer's request errors become 400/415/422, anything else is
/// logged at error level and answered 500 with the request id and nothing internal.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = problem(for: error, request: request, context: context)
            // the Open311 facade's errors are GeoReport v2's, in the format its path asks for
            if request.uri.path.hasPrefix("/open311/") { return Open311Error.response(for: problem, path: request.uri.path) }
            return ProblemDocument.response(for: problem, requestID: RequestScope.current.requestID)
        }
    }

    private func problem(for error: any Error, request: Request, context: Context) -> Problem {
        let underlying = (error as? ServerError)?.underlyingError ?? error
        if underlying.isDatabaseUnavailable {
            RequestScope.current.logger.warning("database unavailable", metadata: ["error": "\(String(reflecting: underlying))"])
            return .databaseUnavailable
        }
        if underlying.isRefusedInput {
            RequestScope.current.logger.notice("database refused the input", metadata: ["error": "\(String(reflecting: underlying))"])
            return Problem(.badRequest, code: "invalid_input", detail: "The request contains characters or text that cannot be stored.")
        }
        switch error {
        case let problem as Problem:
            return problem
        case let domain as DomainError:
            return Problem(domain)
        case let serverError as ServerError:
            if let problem = Problem.from(serverError: serverError) { return problem }
            return internalError(serverError.underlyingError, context: context)
        case let httpError as HTTPError:
            return problem(for: httpError, request: request)
        default:
            return internalError(error, context: context)
        }
    }

    private func problem(for error: HTTPError, request: Request) -> Problem {
        switch error.status {
        case .notFound:
            let allowed = routes.methods(matching: request.uri.path)
            guard !allowed.isEmpty else {
                return Problem(.notFound, code: "route_not_found", detail: "No route matches \(request.uri.path).")
            }
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            return Problem(
                .methodNotAllowed, code: "method_not_allowed",
                detail: "\(request.method) is not allowed on \(request.uri.path); allowed: \(allow).",
                headers: [.allow: allow]
            )
        case .contentTooLarge:
            return Problem(.contentTooLarge, code: "body_too_large", detail: error.body ?? "The request body is too large.")
        default:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            return Problem(error.status, code: code, detail: error.body ?? error.status.reasonPhrase)
        }
    }

    private func internalError(_ error: any Error, context: Context) -> Problem {
        let scope = RequestScope.current
        scope.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
        return .internalError(requestID: scope.requestID)
    }
}
