import Foundation
import MinqingRules

/// The area of one people's congress (省、市、县/区、乡镇/街道): what staff and leaders work on, and where
/// stations, departments, representatives and submissions belong.
public struct Region: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var level: RegionLevel
    public var parentID: UUID?
    /// 行政区划代码, unique when given.
    public var divisionCode: String?
    /// The ids from the root down to this region, itself last.
    public var path: [UUID]
    public var createdAt: Date
    public var updatedAt: Date
}

public struct RegionChanges: Sendable {
    public var name: String?
    public var level: RegionLevel?
    public var parentID: UUID?
    public var divisionCode: String?

    public init(name: String? = nil, level: RegionLevel? = nil, parentID: UUID? = nil, divisionCode: String? = nil) {
        self.name = name
        self.level = level
        self.parentID = parentID
        self.divisionCode = divisionCode
    }
}

/// A list filter on a region column: that region only, or with `within` its whole subtree.
public struct RegionFilter: Sendable, Equatable {
    public var id: UUID
    public var within: Bool

    public init(id: UUID, within: Bool) {
        self.id = id
        self.within = within
    }

    public init?(id: UUID?, within: Bool?) {
        guard let id else { return nil }
        self.init(id: id, within: within ?? false)
    }
}
