import MinqingCore
import MinqingOpenAPI
import MinqingRules

extension Components.Schemas.User {
    init(_ user: User) {
        self.init(
            id: user.id.text, username: user.username, role: .init(rawValue: user.role.rawValue)!,
            representativeId: user.representativeID?.text, observerId: user.observerID?.text,
            departmentId: user.departmentID?.text, regionId: user.regionID?.text, active: user.active, createdAt: user.createdAt
        )
    }
}
