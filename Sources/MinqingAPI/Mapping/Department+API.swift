import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.Department {
    init(_ department: Department) {
        self.init(
            id: department.id.text, name: department.name, level: .init(rawValue: department.level.rawValue)!,
            parentId: department.parentID?.text, regionId: department.regionID.text, contactPerson: department.contactPerson,
            phone: department.phone,
            active: department.active, createdAt: department.createdAt, updatedAt: department.updatedAt
        )
    }
}

extension DepartmentChanges {
    init(validating input: Components.Schemas.DepartmentInput) throws {
        try self.init(
            validatingName: input.name, level: input.level, parentID: input.parentId,
            contactPerson: input.contactPerson, phone: input.phone, active: input.active, region: input.regionId)
    }

    init(validating patch: Components.Schemas.DepartmentPatch) throws {
        try self.init(
            validatingName: patch.name, level: patch.level, parentID: patch.parentId,
            contactPerson: patch.contactPerson, phone: patch.phone, active: patch.active, region: patch.regionId)
    }

    private init(
        validatingName name: String?, level: Components.Schemas.DepartmentLevel?, parentID: String?,
        contactPerson: String?, phone: String?, active: Bool?, region: String?
    ) throws {
        var v = FieldValidator()
        self.init(
            name: v.optional(name, "name", min: 1, max: 100), level: level.flatMap { Department.Level(rawValue: $0.rawValue) },
            parentID: v.id(parentID, "parent_id"), contactPerson: v.optional(contactPerson, "contact_person", max: 50),
            phone: v.contactPhone(phone, "phone"), active: active, regionID: v.id(region, "region_id")
        )
        try v.check()
    }
}
