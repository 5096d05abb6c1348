import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.Representative {
    /// `showContact` is true only for admins and the representative himself.
    init(_ representative: Representative, showContact: Bool) {
        self.init(
            id: representative.id.text, name: representative.name, level: .init(rawValue: representative.level.rawValue)!,
            sector: representative.sector, homeStationId: representative.homeStationID.text,
            regionId: representative.regionID.text,
            stationIds: representative.stationIDs.map(\.text), bio: representative.bio, photoUrl: representative.photoURL,
            phone: showContact ? representative.phone : nil, termEndsOn: representative.termEndsOn,
            active: representative.active, createdAt: representative.createdAt, updatedAt: representative.updatedAt
        )
    }
}

extension RepresentativeChanges {
    init(validating input: Components.Schemas.RepresentativeInput) throws {
        try self.init(
            validatingName: input.name, level: input.level, sector: input.sector, home: input.homeStationId,
            stations: input.stationIds, bio: input.bio, photo: input.photoUrl, phone: input.phone,
            termEndsOn: input.termEndsOn, active: input.active, region: input.regionId)
    }

    init(validating patch: Components.Schemas.RepresentativePatch) throws {
        try self.init(
            validatingName: patch.name, level: patch.level, sector: patch.sector, home: patch.homeStationId,
            stations: patch.stationIds, bio: patch.bio, photo: patch.photoUrl, phone: patch.phone,
            termEndsOn: patch.termEndsOn, active: patch.active, region: patch.regionId)
    }

    private init(
        validatingName name: String?, level: Components.Schemas.RepresentativeLevel?, sector: String?,
        home: String?, stations: [String]?, bio: String?, photo: String?, phone: String?, termEndsOn: String?,
        active: Bool?, region: String?
    ) throws {
        var v = FieldValidator()
        if let stations, stations.count > 20 { v.add("station_ids", "must list at most 20 stations") }
        self.init(
            name: v.optional(name, "name", min: 1, max: 50), level: level.flatMap { Representative.Level(rawValue: $0.rawValue) },
            sector: v.optional(sector, "sector", max: 100), homeStationID: v.id(home, "home_station_id"),
            stationIDs: stations.map { list in list.enumerated().compactMap { v.id($1, "station_ids[\($0)]") } },
            bio: v.optional(bio, "bio", max: 1000, multiline: true), photoURL: v.url(photo, "photo_url", max: 500),
            phone: v.contactPhone(phone, "phone"), termEndsOn: v.date(termEndsOn, "term_ends_on"), active: active,
            regionID: v.id(region, "region_id")
        )
        try v.check()
    }
}
