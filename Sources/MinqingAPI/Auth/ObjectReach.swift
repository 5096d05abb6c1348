import Foundation
import Logging
import MinqingCore
import MinqingRules

/// Looks up the object an operation's path names and asks the scope whether the caller reaches it: the one
/// lookup of that object before the handler runs. Unknown, malformed and out-of-reach ids are all the same
/// 404, so a refusal never confirms that something exists, and the handlers need no existence check of
/// their own.
struct ObjectReach: Sendable {
    let services: APIServices
    let logger: Logger

    private var database: Database { services.database }

    func require(_ object: AccessObject, _ text: String, within scope: AccessScope) async throws {
        guard try await reaches(object, text, within: scope) else {
            throw DomainError.notFound("\(object.rawValue) \(text)")
        }
    }

    private func reaches(_ object: AccessObject, _ text: String, within scope: AccessScope) async throws -> Bool {
        switch object {
        case .code:
            let code = try await CodeStore(database: database, logger: logger).find(text)
            return code.map { scope.reaches(representative: $0.representativeID) } ?? false
        case .submission:
            guard let id = UUID(uuidString: text) else { return false }
            return try await SubmissionStore(database: database, logger: logger).isVisible(id, to: scope)
        case .assignment:
            guard let id = UUID(uuidString: text) else { return false }
            let department = try await AssignmentStore(database: database, logger: logger).department(of: id)
            return department.map { scope.reaches(department: $0) } ?? false
        case .observer:
            guard let id = UUID(uuidString: text) else { return false }
            let observer = try await ObserverStore(database: database, logger: logger).find(id)
            return observer.map { scope.reaches(representative: $0.representativeID, observer: $0.id) } ?? false
        case .department:
            guard let id = UUID(uuidString: text), scope.reaches(department: id) else { return false }
            return try await DepartmentStore(database: database, logger: logger).find(id) != nil
        case .webhookEndpoint:
            guard let id = UUID(uuidString: text) else { return false }
            let endpoint = try await WebhookEndpointStore(database: database, sealer: services.sealer, logger: logger).find(id)
            return endpoint.map { !$0.isDeleted && scope.reaches(department: $0.departmentID) } ?? false
        }
    }
}
