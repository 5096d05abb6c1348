import Foundation

/// The typed content of a report snapshot. The worker's jobs build it, `ReportStore` keeps it as JSON, and
/// the API reads it back as the same type: the coding keys are the stored format, so every version ever
/// written stays readable (a field added later must be optional).
public protocol ReportData: Codable, Sendable {
    associatedtype DepartmentRow: ReportDepartmentRow
    static var kind: ReportStore.Kind { get }
    /// One row (or sheet) per department, the unit a department's scope is cut along.
    var departments: [DepartmentRow] { get set }
    /// The report without the parts only staff read (`AccessPolicy.seesIntakeSummary`).
    func withoutStaffParts() -> Self
}

/// A report's per-department part.
public protocol ReportDepartmentRow: Codable, Sendable {
    var departmentID: UUID { get }
}

extension ReportData {
    public func withoutStaffParts() -> Self { self }

    /// The report with only the departments `keep` admits (a department sees its own rows, not the others').
    public func departments(where keep: (UUID) -> Bool) -> Self {
        var copy = self
        copy.departments = departments.filter { keep($0.departmentID) }
        return copy
    }

    /// The stored JSON: ISO 8601 instants, keys as the coding keys spell them.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(json: String) throws -> Self {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Self.self, from: Data(json.utf8))
    }
}
