import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.Region {
    init(_ region: Region) {
        self.init(
            id: region.id.text, name: region.name, level: .init(rawValue: region.level.rawValue)!,
            parentId: region.parentID?.text, divisionCode: region.divisionCode, path: region.path.map(\.text),
            createdAt: region.createdAt, updatedAt: region.updatedAt
        )
    }
}

extension RegionChanges {
    init(validating input: Components.Schemas.RegionInput) throws {
        try self.init(validatingName: input.name, level: input.level, parentID: input.parentId, divisionCode: input.divisionCode)
    }

    init(validating patch: Components.Schemas.RegionPatch) throws {
        try self.init(validatingName: patch.name, level: patch.level, parentID: patch.parentId, divisionCode: patch.divisionCode)
    }

    private init(
        validatingName name: String?, level: Components.Schemas.RegionLevel?, parentID: String?, divisionCode: String?
    ) throws {
        var v = FieldValidator()
        if let divisionCode, !RegionLevel.isDivisionCode(divisionCode) {
            v.add("division_code", "must be 6 digits (down to a county) or 9 (a township)")
        }
        self.init(
            name: v.optional(name, "name", min: 1, max: 100), level: level.flatMap { RegionLevel(rawValue: $0.rawValue) },
            parentID: v.id(parentID, "parent_id"), divisionCode: divisionCode
        )
        try v.check()
    }
}
