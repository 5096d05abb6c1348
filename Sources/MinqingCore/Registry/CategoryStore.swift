import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// The category taxonomy (28 defaults seeded by migration 0002).
public struct CategoryStore: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    public func all() async throws -> [Category] {
        try await database.query("SELECT code, name, position, active FROM categories ORDER BY position, code", logger: logger)
            .map(Self.decode)
    }

    public func find(_ code: String) async throws -> Category? {
        try await database.query("SELECT code, name, position, active FROM categories WHERE code = \(code)", logger: logger)
            .first.map(Self.decode)
    }

    public func create(_ category: Category, now: Date) async throws -> Category {
        do {
            let rows = try await database.write(
                """
                INSERT INTO categories (code, name, position, active, created_at, updated_at)
                VALUES (\(category.code), \(category.name), \(category.position), \(category.active), \(now), \(now))
                RETURNING code, name, position, active
                """,
                logger: logger
            )
            return try Self.decode(rows[0])
        } catch let error as PSQLError where error.isUniqueViolation {
            throw DomainError.conflict(code: "conflict", detail: "A category with this code or name exists already.")
        }
    }

    public func update(_ code: String, name: String?, position: Int?, active: Bool?, now: Date) async throws -> Category {
        do {
            let rows = try await database.write(
                """
                UPDATE categories SET name = COALESCE(\(name), name), position = COALESCE(\(position), position),
                       active = COALESCE(\(active), active), updated_at = \(now)
                WHERE code = \(code)
                RETURNING code, name, position, active
                """,
                logger: logger
            )
            guard let row = rows.first else { throw DomainError.notFound("Category \(code)") }
            return try Self.decode(row)
        } catch let error as PSQLError where error.isUniqueViolation {
            throw DomainError.conflict(code: "conflict", detail: "Another category has this name.")
        }
    }

    static func decode(_ row: PostgresRow) throws -> Category {
        let (code, name, position, active) = try row.decode((String, String, Int, Bool).self)
        return Category(code: code, name: name, position: position, active: active)
    }
}
