import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The one rule for the station and department trees: a parent must exist, and re-parenting must not
/// make a row its own ancestor. Re-parentings of one tree are serialized by a transaction advisory lock so
/// two concurrent moves cannot together form a cycle.
enum TreeCheck {
    enum Table: String {
        case stations, departments

        var noun: String { self == .stations ? "station" : "department" }
    }

    static func requireExists(
        _ table: Table, _ id: UUID, field: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query(
            PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table.rawValue) WHERE id = $1", binds: bindings(id)), logger: logger
        ).collect()
        if rows.isEmpty { throw DomainError.invalid(field, "does not refer to an existing \(table.noun)") }
    }

    static func requireAcyclic(
        _ table: Table, moving id: UUID, under parent: UUID, field: String, on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(table.rawValue)))", logger: logger)
        try await requireExists(table, parent, field: field, on: connection, logger: logger)
        var binds = PostgresBindings()
        binds.append(parent)
        binds.append(id)
        let sql = """
            WITH RECURSIVE up(id, parent_id) AS (
                SELECT id, parent_id FROM \(table.rawValue) WHERE id = $1
                UNION ALL
                SELECT t.id, t.parent_id FROM \(table.rawValue) t JOIN up ON t.id = up.parent_id
            )
            SELECT 1 FROM up WHERE id = $2 LIMIT 1
            """
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        if !rows.isEmpty { throw DomainError.invalid(field, "would make the \(table.noun) its own ancestor") }
    }

    private static func bindings(_ id: UUID) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(id)
        return binds
    }
}
