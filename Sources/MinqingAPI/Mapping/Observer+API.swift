import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.Observer {
    init(_ observer: Observer) {
        self.init(
            id: observer.id.text, name: observer.name, roleText: observer.roleText,
            representativeId: observer.representativeID.text, stationId: observer.stationID.text,
            active: observer.active, createdAt: observer.createdAt, updatedAt: observer.updatedAt
        )
    }
}

extension ObserverChanges {
    init(validating input: Components.Schemas.ObserverInput) throws {
        try self.init(
            validatingName: input.name, roleText: input.roleText, representative: input.representativeId,
            station: input.stationId, active: input.active)
    }

    init(validating patch: Components.Schemas.ObserverPatch) throws {
        try self.init(
            validatingName: patch.name, roleText: patch.roleText, representative: patch.representativeId,
            station: patch.stationId, active: patch.active)
    }

    private init(
        validatingName name: String?, roleText: String?, representative: String?, station: String?,
        active: Bool?
    ) throws {
        var v = FieldValidator()
        self.init(
            name: v.optional(name, "name", min: 1, max: 50), roleText: v.optional(roleText, "role_text", max: 100),
            representativeID: v.id(representative, "representative_id"), stationID: v.id(station, "station_id"),
            active: active
        )
        try v.check()
    }
}
