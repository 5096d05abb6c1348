import Foundation

/// A people's representative (人大代表).
public struct Representative: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable { case national, provincial, city, county, township }

    public var id: UUID
    public var name: String
    public var level: Level
    public var sector: String?
    public var homeStationID: UUID
    /// The congress that elected him.
    public var regionID: UUID
    /// Further stations besides the home station.
    public var stationIDs: [UUID]
    public var bio: String?
    public var photoURL: String?
    /// Private contact: shown to admins and the representative only.
    public var phone: String?
    public var termEndsOn: String?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

extension Representative.Level {
    /// 全国人大代表 … 乡镇人大代表.
    public var chineseTitle: String {
        switch self {
        case .national: "全国人大代表"
        case .provincial: "省人大代表"
        case .city: "市人大代表"
        case .county: "区县人大代表"
        case .township: "乡镇（街道）人大代表"
        }
    }
}

public struct RepresentativeChanges: Sendable {
    public var name: String?
    public var level: Representative.Level?
    public var sector: String?
    public var homeStationID: UUID?
    public var stationIDs: [UUID]?
    public var bio: String?
    public var photoURL: String?
    public var phone: String?
    public var termEndsOn: String?
    public var active: Bool?
    /// Required on create.
    public var regionID: UUID?

    public init(
        name: String? = nil, level: Representative.Level? = nil, sector: String? = nil, homeStationID: UUID? = nil,
        stationIDs: [UUID]? = nil, bio: String? = nil, photoURL: String? = nil, phone: String? = nil,
        termEndsOn: String? = nil, active: Bool? = nil, regionID: UUID? = nil
    ) {
        self.regionID = regionID
        self.name = name
        self.level = level
        self.sector = sector
        self.homeStationID = homeStationID
        self.stationIDs = stationIDs
        self.bio = bio
        self.photoURL = photoURL
        self.phone = phone
        self.termEndsOn = termEndsOn
        self.active = active
    }
}

public struct RepresentativeFilter: Sendable {
    public var stationID: UUID?
    public var level: Representative.Level?
    public var nameContains: String?
    public var active: Bool?
    public var region: RegionFilter?

    public init(
        stationID: UUID? = nil, level: Representative.Level? = nil, nameContains: String? = nil, active: Bool? = nil,
        region: RegionFilter? = nil
    ) {
        self.region = region
        self.stationID = stationID
        self.level = level
        self.nameContains = nameContains
        self.active = active
    }
}
