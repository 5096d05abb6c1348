import Foundation
import MinqingCore
import MinqingOpenAPI
import OpenAPIRuntime

extension APIHandler {
    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        .ok(.init(body: .json(.init(status: .ok))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        let status: SchemaStatus
        do {
            status = try await withDeadline(.seconds(3)) { [services, logger] in
                try await SchemaGate.status(database: services.database, logger: logger)
            }
        } catch {
            logger.warning("readiness check failed", metadata: ["error": "\(String(reflecting: error))"])
            throw Problem(.serviceUnavailable, code: "database_unavailable", detail: "The database is not reachable.")
        }
        guard case .current(let version) = status else {
            throw Problem(.serviceUnavailable, code: "schema_not_current", detail: status.summary)
        }
        return .ok(.init(body: .json(.init(status: .ready, schemaVersion: version))))
    }

    func getMetrics(_ input: Operations.GetMetrics.Input) async throws -> Operations.GetMetrics.Output {
        .ok(.init(body: .plainText(HTTPBody(services.metrics.emitToBuffer()))))
    }
}

struct DeadlineExceeded: Error {}

/// Runs `body`, giving up after `limit`.
func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
