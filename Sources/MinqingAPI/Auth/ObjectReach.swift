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

    /// `handling`: the operation acts on the object rather than only reading it.
    func require(_ object: AccessObject, _ text: String, within scope: AccessScope, handling: Bool) async throws {
        guard try await reaches(object, text, within: scope, handling: handling) else {
            throw DomainError.notFound("\(object.rawValue) \(text)")
        }
    }

    private func reaches(_ object: AccessObject, _ text: String, within scope: AccessScope, handling: Bool) async throws -> Bool {
        switch object {
        case .code:
            guard let code = try await CodeStore(database: database, logger: logger).find(text) else { return false }
            return scope.reaches(representative: code.representativeID, regionPath: try await path(.stations, code.stationID, scope))
        case .submission:
            guard let id = UUID(uuidString: text) else { return false }
            return try await SubmissionStore(database: database, logger: logger).isVisible(id, to: scope, handling: handling)
        case .assignment:
            guard let id = UUID(uuidString: text),
                let (department, regionPath) = try await AssignmentStore(database: database, logger: logger).owners(of: id)
            else { return false }
            return scope.reaches(department: department, regionPath: regionPath)
        case .observer:
            guard let id = UUID(uuidString: text),
                let observer = try await ObserverStore(database: database, logger: logger).find(id)
            else { return false }
            return scope.reaches(
                representative: observer.representativeID, observer: observer.id,
                regionPath: try await path(.stations, observer.stationID, scope))
        case .station, .representative:
            guard let id = UUID(uuidString: text) else { return false }
            let path = try await regions.path(of: object == .station ? .stations : .representatives, id)
            return path != nil && scope.reaches(regionPath: path)
        case .representativeRecord:
            guard let id = UUID(uuidString: text), let path = try await regions.path(of: .representatives, id) else { return false }
            return scope.reaches(representative: id, regionPath: path)
        case .department:
            guard let id = UUID(uuidString: text) else { return false }
            let path = try await regions.path(of: .departments, id)
            return path != nil && scope.reaches(department: id, regionPath: path)
        case .suggestion:
            guard let id = UUID(uuidString: text) else { return false }
            return try await SuggestionStore(database: database, logger: logger).isVisible(id, to: scope)
        case .activity:
            guard let id = UUID(uuidString: text) else { return false }
            return try await ActivityStore(database: database, logger: logger).isVisible(id, to: scope)
        case .problem:
            guard let id = UUID(uuidString: text) else { return false }
            return try await ProblemStore(database: database, logger: logger).isVisible(id, to: scope)
        case .rotaSlot:
            guard let id = UUID(uuidString: text) else { return false }
            return try await RotaStore(database: database, logger: logger).isVisible(id, to: scope)
        case .session:
            guard let id = UUID(uuidString: text) else { return false }
            // a session is the congress's own, public like its region: only the region dimension cuts it (a
            // department reads its row of the session's report)
            let path = try await regions.path(of: .sessions, id)
            return path != nil && AccessScope(region: scope.region).reaches(regionPath: path)
        case .user:
            guard let id = UUID(uuidString: text) else { return false }
            return try await UserStore(database: database, logger: logger).isVisible(id, to: scope)
        case .webhookEndpoint:
            guard let id = UUID(uuidString: text),
                let endpoint = try await WebhookEndpointStore(database: database, sealer: services.sealer, logger: logger).find(id),
                !endpoint.isDeleted
            else { return false }
            // a global endpoint (no department) is reached only by an unrestricted scope
            guard let department = endpoint.departmentID else { return scope.reaches() }
            return scope.reaches(department: department, regionPath: try await path(.departments, department, scope))
        }
    }

    private var regions: RegionStore { RegionStore(database: database, logger: logger) }

    /// The region path of a row, looked up only when the scope is restricted to a region.
    private func path(_ row: RegionStore.RegionalRow, _ id: UUID, _ scope: AccessScope) async throws -> [UUID]? {
        scope.region == nil ? nil : try await regions.path(of: row, id)
    }
}
