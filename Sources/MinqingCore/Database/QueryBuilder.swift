import Foundation
import MinqingRules
import PostgresNIO

/// Builds a statement whose WHERE clause depends on which filters a request gives, binding every value.
public struct QueryBuilder: Sendable {
    /// The statement before WHERE; may be set after binding values it refers to.
    public var base: String
    private var binds = PostgresBindings()
    private var conditions: [String] = []

    public init(_ base: String) {
        self.base = base
    }

    /// Binds a value and returns its placeholder (`$n`).
    public mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Binds a value or NULL; cast the placeholder where PostgreSQL cannot infer the NULL's type.
    public mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value?) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds a condition; `makeCondition` receives the placeholder of `value`.
    public mutating func filter<Value: PostgresDynamicTypeEncodable>(_ value: Value?, _ makeCondition: (String) -> String) {
        guard let value else { return }
        conditions.append(makeCondition(bind(value)))
    }

    public mutating func condition(_ text: String) {
        conditions.append(text)
    }

    /// "Overdue at `instant`" for the assignments aliased `alias` (`AssignmentStatus.isOverdue`): open and past
    /// the due time. The open set is bound, so the partial index `assignments_open_due` serves it.
    public mutating func overdue(_ alias: String = "a", at instant: Date) -> String {
        "(\(alias).status = ANY(\(bind(AssignmentStatus.open.rawValues))) AND \(alias).due_at < \(bind(instant)))"
    }

    /// The statement: base, `WHERE` conditions joined with AND, then `suffix` (ORDER BY, LIMIT).
    public func query(suffix: String) -> PostgresQuery {
        let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: base + whereClause + " " + suffix, binds: binds)
    }
}
