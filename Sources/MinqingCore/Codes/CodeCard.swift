import Foundation
import MinqingRules

/// What a scanned code shows: the code with its representative (for representative codes), its activity
/// (for activity codes) and its station.
public struct CodeCard: Sendable {
    public let code: Code
    public let representative: Representative?
    public let station: Station
    public let activity: ActivityRecord?
    /// When an activity code files into its activity (``ActivityCodeWindow``); nil: always, while active.
    public let window: ClosedRange<Date>?
    /// The next duty slot at the station (of the representative, on his code) not yet over when loaded.
    public let nextDuty: Duty?

    public struct Duty: Sendable {
        public let slot: RotaStore.Slot
        /// The names of the representatives on duty, in the slot's order.
        public let names: [String]
    }

    public init(
        code: Code, representative: Representative?, station: Station, activity: ActivityRecord? = nil,
        window: ClosedRange<Date>? = nil, nextDuty: Duty? = nil
    ) {
        (self.code, self.representative, self.station, self.activity, self.window) = (code, representative, station, activity, window)
        self.nextDuty = nextDuty
    }

    /// Loads an active code's card; unknown → notFound, revoked, or an activity code outside its window or of
    /// a cancelled activity → gone (the page then shows the station's phone).
    public static func load(
        _ text: String, codes: CodeStore, representatives: RepresentativeStore, stations: StationStore, activities: ActivityStore,
        rota: RotaStore, window policy: ActivityCodeWindow, now: Date
    ) async throws -> CodeCard {
        guard let code = try await codes.find(text) else { throw DomainError.notFound("Code \(text)") }
        guard code.status == .active else {
            throw DomainError.gone(code: "code_revoked", detail: "This code was withdrawn; ask the station for a current one.")
        }
        let representative = try await code.representativeID.asyncMap { try await representatives.find($0) } ?? nil
        guard let station = try await stations.find(code.stationID) else { throw DomainError.notFound("Code \(text)") }
        guard let activityID = code.activityID else {
            let slot = try await rota.next(station: station.id, representative: code.representativeID, now: now)
            let duty = try await slot.asyncMap { slot in
                let found = try await representatives.find(slot.representativeIDs)
                return Duty(slot: slot, names: slot.representativeIDs.compactMap { found[$0]?.name })
            }
            return CodeCard(code: code, representative: representative, station: station, nextDuty: duty)
        }
        guard let activity = try await activities.find(activityID) else { throw DomainError.notFound("Code \(text)") }
        try policy.check(startsAt: activity.startsAt, endsAt: activity.endsAt, cancelled: activity.status == .cancelled, now: now)
        return CodeCard(
            code: code, representative: representative, station: station, activity: activity,
            window: policy.range(startsAt: activity.startsAt, endsAt: activity.endsAt))
    }

    /// Whether the card may still be served from memory at `now` (an activity code's window may close, the
    /// next duty slot may be over).
    public func isOpen(at now: Date) -> Bool { (window?.contains(now) ?? true) && (nextDuty.map { now < $0.slot.endsAt } ?? true) }
}

extension Optional {
    public func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
