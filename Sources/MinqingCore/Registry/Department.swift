import Foundation

/// A handling unit (承办单位); the tree (village → township → county → city) is used for escalation.
public struct Department: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable, Comparable {
        case village, township, county, city

        /// Village is the lowest level, city the highest.
        public var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    public var id: UUID
    public var name: String
    public var level: Level
    public var parentID: UUID?
    /// The government level it belongs to.
    public var regionID: UUID
    public var contactPerson: String?
    public var phone: String?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

public struct DepartmentChanges: Sendable {
    public var name: String?
    public var level: Department.Level?
    public var parentID: UUID?
    public var contactPerson: String?
    public var phone: String?
    public var active: Bool?
    /// Required on create.
    public var regionID: UUID?

    public init(
        name: String? = nil, level: Department.Level? = nil, parentID: UUID? = nil,
        contactPerson: String? = nil, phone: String? = nil, active: Bool? = nil, regionID: UUID? = nil
    ) {
        self.regionID = regionID
        self.name = name
        self.level = level
        self.parentID = parentID
        self.contactPerson = contactPerson
        self.phone = phone
        self.active = active
    }
}

public struct DepartmentFilter: Sendable {
    public var parentID: UUID?
    public var level: Department.Level?
    public var nameContains: String?
    public var active: Bool?
    public var region: RegionFilter?

    public init(
        parentID: UUID? = nil, level: Department.Level? = nil, nameContains: String? = nil, active: Bool? = nil,
        region: RegionFilter? = nil
    ) {
        self.region = region
        self.parentID = parentID
        self.level = level
        self.nameContains = nameContains
        self.active = active
    }
}
