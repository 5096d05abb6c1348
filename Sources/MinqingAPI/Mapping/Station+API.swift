import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.Station {
    init(_ station: Station) {
        self.init(
            id: station.id.text, name: station.name, level: .init(rawValue: station.level.rawValue)!,
            parentId: station.parentID?.text, regionId: station.regionID.text, category: .init(rawValue: station.category.rawValue)!,
            address: station.address, latitude: station.latitude, longitude: station.longitude,
            receptionSchedule: station.receptionSchedule.map(Components.Schemas.ReceptionSchedule.init),
            phone: station.phone, active: station.active, createdAt: station.createdAt, updatedAt: station.updatedAt
        )
    }
}

extension Components.Schemas.ReceptionSchedule {
    init(_ schedule: ReceptionSchedule) {
        self.init(
            frequency: .init(rawValue: schedule.frequency.rawValue)!, dayOfMonth: schedule.dayOfMonth,
            weekday: schedule.weekday, note: schedule.note
        )
    }

    func validated(_ validator: inout FieldValidator, field: String) -> ReceptionSchedule {
        validator.range(dayOfMonth, "\(field).day_of_month", 1...31)
        validator.range(weekday, "\(field).weekday", 1...7)
        if frequency == .monthly && weekday != nil { validator.add("\(field).weekday", "is only for weekly schedules") }
        if frequency == .weekly && dayOfMonth != nil { validator.add("\(field).day_of_month", "is only for monthly schedules") }
        let note = validator.optional(note, "\(field).note", max: 200)
        return ReceptionSchedule(
            frequency: .init(rawValue: frequency.rawValue)!, dayOfMonth: dayOfMonth, weekday: weekday, note: note
        )
    }
}

extension StationChanges {
    init(validating input: Components.Schemas.StationInput) throws {
        try self.init(
            validatingName: input.name, level: input.level, parentID: input.parentId, category: input.category,
            address: input.address, latitude: input.latitude, longitude: input.longitude,
            schedule: input.receptionSchedule, phone: input.phone, active: input.active, region: input.regionId
        )
    }

    init(validating patch: Components.Schemas.StationPatch) throws {
        try self.init(
            validatingName: patch.name, level: patch.level, parentID: patch.parentId, category: patch.category,
            address: patch.address, latitude: patch.latitude, longitude: patch.longitude,
            schedule: patch.receptionSchedule, phone: patch.phone, active: patch.active, region: patch.regionId
        )
    }

    private init(
        validatingName name: String?, level: Components.Schemas.StationLevel?, parentID: String?,
        category: Components.Schemas.StationCategory?, address: String?, latitude: Double?, longitude: Double?,
        schedule: Components.Schemas.ReceptionSchedule?, phone: String?, active: Bool?, region: String?
    ) throws {
        var v = FieldValidator()
        self.init(
            name: v.optional(name, "name", min: 1, max: 100),
            level: level.flatMap { Station.Level(rawValue: $0.rawValue) },
            parentID: v.id(parentID, "parent_id"),
            category: category.flatMap { Station.Category(rawValue: $0.rawValue) },
            address: v.optional(address, "address", max: 200),
            latitude: latitude, longitude: longitude,
            receptionSchedule: schedule?.validated(&v, field: "reception_schedule"),
            phone: v.contactPhone(phone, "phone"), active: active, regionID: v.id(region, "region_id")
        )
        v.range(latitude, "latitude", -90...90)
        v.range(longitude, "longitude", -180...180)
        if (latitude == nil) != (longitude == nil) {
            v.add(latitude == nil ? "latitude" : "longitude", "latitude and longitude go together")
        }
        try v.check()
    }
}
