import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension APIHandler {
    var rota: RotaStore { RotaStore(database: services.database, logger: logger) }

    func getStationRota(_ input: Operations.GetStationRota.Input) async throws -> Operations.GetStationRota.Output {
        let (caller, station) = (try self.caller, try pathID(input.path.id, "Station"))
        let month = try Self.month(input.query.month)
        // staff and leaders read their subtree's stations; a representative reads his own slots at any
        let scope = AccessPolicy.scope(of: caller)
        if scope.region != nil {
            guard scope.reaches(regionPath: try await regions.path(of: .stations, station)) else {
                throw DomainError.notFound("Station \(input.path.id)")
            }
        } else if try await regions.path(of: .stations, station) == nil {
            throw DomainError.notFound("Station \(input.path.id)")
        }
        let slots = try await rota.month(station: station, month: month, representative: scope.representative)
        return .ok(.init(body: .json(.init(station: station, month: month, slots: slots))))
    }

    func putStationRota(_ input: Operations.PutStationRota.Input) async throws -> Operations.PutStationRota.Output {
        let station = try pathID(input.path.id, "Station")
        let month = try Self.month(input.query.month)
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let slots = body.slots.enumerated().map { index, slot in
            let field = "slots[\(index)]"
            let from = DutySlot.minutes(slot.from), to = DutySlot.minutes(slot.to)
            if from == nil { v.add("\(field).from", "must be a local time HH:mm") }
            if to == nil { v.add("\(field).to", "must be a local time HH:mm") }
            return DutySlot(
                id: v.id(slot.id, "\(field).id"), date: v.date(slot.date, "\(field).date") ?? slot.date, from: from ?? 0, to: to ?? 0,
                representativeIDs: Self.ids(slot.representativeIds, "\(field).representative_ids", &v) ?? [])
        }
        try v.check()
        let written = try await rota.replace(station: station, month: month, with: slots, calendar: calendar, now: now)
        return .ok(.init(body: .json(.init(station: station, month: month, slots: written))))
    }

    func checkInRotaSlot(_ input: Operations.CheckInRotaSlot.Input) async throws -> Operations.CheckInRotaSlot.Output {
        let (caller, slot) = (try self.caller, try pathID(input.path.id, "Slot"))
        guard let representative = caller.representativeID else { throw DomainError.forbidden("Only representatives check in.") }
        try await rota.checkIn(slot, representative: representative, calendar: calendar, now: now)
        return .noContent(.init())
    }

    func recordRotaReception(_ input: Operations.RecordRotaReception.Input) async throws -> Operations.RecordRotaReception.Output {
        let (caller, slot) = (try self.caller, try pathID(input.path.id, "Slot"))
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        v.range(body.visitors, "visitors", 0...10_000)
        let note = v.optional(body.note, "note", max: 2000, multiline: true)
        try v.check()
        try await rota.recordReception(
            slot, visitors: body.visitors, note: note, representative: caller.role == .representative ? caller.representativeID : nil,
            now: now)
        return .noContent(.init())
    }

    /// `YYYY-MM` of a rota's query.
    private static func month(_ text: String) throws -> String {
        guard case .month? = Period(key: text) else { throw DomainError.invalid("month", "must be written YYYY-MM") }
        return text
    }
}

extension Components.Schemas.Rota {
    init(station: UUID, month: String, slots: [RotaStore.Slot]) {
        self.init(
            stationId: station.text, month: month,
            slots: slots.map { slot in
                .init(
                    id: slot.id.text, date: slot.date, from: DutySlot.clock(slot.from), to: DutySlot.clock(slot.to),
                    representativeIds: slot.representativeIDs.map(\.text),
                    checkIns: slot.checkIns.map { .init(representativeId: $0.representativeID.text, at: $0.at) }, visitors: slot.visitors,
                    note: slot.note, recordedAt: slot.recordedAt, submissions: slot.submissions)
            })
    }
}
