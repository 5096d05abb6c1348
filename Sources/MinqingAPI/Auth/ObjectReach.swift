import Foundation
import Logging
import MinqingCore
import MinqingRules

/// Looks up the owners of the object an operation's path names and asks the scope whether the caller
/// reaches it. Unknown, malformed and out-of-reach ids are all the same 404, so a refusal never confirms
/// that something exists.
struct ObjectReach: Sendable {
    let services: APIServices
    let logger: Logger

    private var database: Database { services.database }

    func require(_ object: AccessObject, _ text: String, within scope: AccessScope) async throws {
        guard !scope.isEverything else { return }  // whether it exists at all is the handler's 404
        guard try await reaches(object, text, within: scope) else {
            throw DomainError.notFound("\(object.rawValue) \(text)")
        }
    }

    private func reaches(_ object: AccessObject, _ text: String, within scope: AccessScope) async throws -> Bool {
        if object == .code {
            guard let code = try await CodeStore(database: database, logger: logger).find(text) else { return false }
            return scope.reaches(.init(representative: code.representativeID))
        }
        guard let id = UUID(uuidString: text) else { return false }
        switch object {
        case .submission:
            return try await SubmissionStore(database: database, logger: logger).isVisible(id, to: scope)
        case .assignment:
            let department = try await AssignmentStore(database: database, logger: logger).department(of: id)
            return department.map { scope.reaches(.init(department: $0)) } ?? false
        case .observer:
            guard let observer = try await ObserverStore(database: database, logger: logger).find(id) else { return false }
            return scope.reaches(.init(representative: observer.representativeID, observer: observer.id))
        case .department:
            return scope.reaches(.init(department: id))
        case .webhookEndpoint:
            let store = WebhookEndpointStore(database: database, sealer: services.sealer, logger: logger)
            guard let endpoint = try await store.find(id) else { return false }
            return scope.reaches(.init(department: endpoint.departmentID))
        case .code:
            return false
        }
    }
}
