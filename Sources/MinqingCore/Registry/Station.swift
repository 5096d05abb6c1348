import Foundation
import MinqingRules
import PostgresNIO

/// A liaison station (代表联络站) or point in the "1+3+N" tree.
public struct Station: Sendable, Equatable {
    public enum Level: String, Sendable, CaseIterable { case hub, centre, station, point }
    public enum Category: String, Sendable, CaseIterable {
        case industry, livelihood, international, commonProsperity = "common_prosperity", talent, school, community,
            enterprise, other
    }

    public var id: UUID
    public var name: String
    public var level: Level
    public var parentID: UUID?
    public var regionID: UUID
    public var category: Category
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var receptionSchedule: ReceptionSchedule?
    public var phone: String?
    public var active: Bool
    public var createdAt: Date
    public var updatedAt: Date
}

/// When a station receives residents: monthly on a day, weekly on a weekday, or irregularly; with a note.
public struct ReceptionSchedule: Sendable, Equatable, Codable, PostgresCodable {
    public enum Frequency: String, Sendable, Codable { case monthly, weekly, irregular }

    public var frequency: Frequency
    public var dayOfMonth: Int?
    /// 1 = Monday … 7 = Sunday.
    public var weekday: Int?
    public var note: String?

    public init(frequency: Frequency, dayOfMonth: Int? = nil, weekday: Int? = nil, note: String? = nil) {
        self.frequency = frequency
        self.dayOfMonth = dayOfMonth
        self.weekday = weekday
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case frequency, note, weekday
        case dayOfMonth = "day_of_month"
    }

    /// The next reception day from `today` on (``ReceptionDay``); nil when irregular.
    public func nextDay(from today: WorkingCalendar.Day, in local: LocalCalendar) -> WorkingCalendar.Day? {
        switch frequency {
        case .monthly: ReceptionDay.next(dayOfMonth: dayOfMonth, weekday: nil, from: today, in: local)
        case .weekly: ReceptionDay.next(dayOfMonth: nil, weekday: weekday, from: today, in: local)
        case .irregular: nil
        }
    }

    /// In plain Chinese for posters and pages: 每月10日接待 / 每周三接待.
    public var chineseDescription: String {
        let days = ["一", "二", "三", "四", "五", "六", "日"]
        let base: String =
            switch frequency {
            case .monthly: dayOfMonth.map { "每月\($0)日接待" } ?? "每月接待"
            case .weekly: weekday.map { "每周\(days[max(0, min(6, $0 - 1))])接待" } ?? "每周接待"
            case .irregular: "不定期接待"
            }
        return [base, note].compactMap { $0 }.joined(separator: " · ")
    }
}

/// What a create or update of a station may set; nil leaves a field as it is (on update).
public struct StationChanges: Sendable {
    public var name: String?
    public var level: Station.Level?
    public var parentID: UUID?
    public var category: Station.Category?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var receptionSchedule: ReceptionSchedule?
    public var phone: String?
    public var active: Bool?
    /// Required on create; a station's region lies within its parent station's.
    public var regionID: UUID?

    public init(
        name: String? = nil, level: Station.Level? = nil, parentID: UUID? = nil, category: Station.Category? = nil,
        address: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        receptionSchedule: ReceptionSchedule? = nil, phone: String? = nil, active: Bool? = nil, regionID: UUID? = nil
    ) {
        self.regionID = regionID
        self.name = name
        self.level = level
        self.parentID = parentID
        self.category = category
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.receptionSchedule = receptionSchedule
        self.phone = phone
        self.active = active
    }
}

public struct StationFilter: Sendable {
    public var parentID: UUID?
    public var level: Station.Level?
    public var category: Station.Category?
    public var nameContains: String?
    public var active: Bool?
    public var region: RegionFilter?

    public init(
        parentID: UUID? = nil, level: Station.Level? = nil, category: Station.Category? = nil,
        nameContains: String? = nil, active: Bool? = nil, region: RegionFilter? = nil
    ) {
        self.region = region
        self.parentID = parentID
        self.level = level
        self.category = category
        self.nameContains = nameContains
        self.active = active
    }
}
