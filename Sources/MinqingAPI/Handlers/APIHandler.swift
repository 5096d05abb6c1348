import Foundation
import Logging
import MinqingCore
import MinqingOpenAPI
import MinqingRules

/// Implements the generated `APIProtocol`; each feature adds its operations in `APIHandler+Feature.swift`.
struct APIHandler: APIProtocol {
    let services: APIServices

    var logger: Logger { RequestScope.current.logger }
    var now: Date { services.clock.now() }
    var calendar: LocalCalendar { services.calendar }

    var stations: StationStore { StationStore(database: services.database, logger: logger) }
    var departments: DepartmentStore { DepartmentStore(database: services.database, logger: logger) }
    var representatives: RepresentativeStore { RepresentativeStore(database: services.database, logger: logger) }
    var observers: ObserverStore { ObserverStore(database: services.database, logger: logger) }
    var categories: CategoryStore { CategoryStore(database: services.database, logger: logger) }
    var users: UserStore { UserStore(database: services.database, logger: logger) }
    var tokens: TokenStore { TokenStore(database: services.database, logger: logger) }
    var codes: CodeStore { CodeStore(database: services.database, logger: logger) }
    var passwords: PasswordHasher { PasswordHasher(cost: services.config.bcryptCost) }
    var submissions: SubmissionStore { SubmissionStore(database: services.database, logger: logger) }
    var assignments: AssignmentStore { AssignmentStore(database: services.database, logger: logger) }
    var calendars: CalendarStore { CalendarStore(database: services.database, logger: logger) }
    var oversightStore: OversightStore { OversightStore(database: services.database, logger: logger) }
    var loop: LoopService {
        LoopService(database: services.database, policy: services.config.loop, calendar: calendar, logger: logger)
    }
    var intake: IntakeService {
        IntakeService(
            database: services.database, policy: services.config.loop, sealer: services.sealer, calendar: calendar,
            logger: logger)
    }
}

/// The `region_id` and `within` query parameters of a list.
func regionFilter(_ id: String?, _ within: Bool?) throws -> RegionFilter? {
    RegionFilter(id: try queryID(id, "region_id"), within: within)
}

/// Parses an id from a path: anything that is not one of ours is simply not found.
func pathID(_ text: String, _ what: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw DomainError.notFound("\(what) \(text)") }
    return id
}

/// Parses an optional id from a query parameter, naming the parameter when it is malformed.
func queryID(_ text: String?, _ field: String) throws -> UUID? {
    guard let text else { return nil }
    guard let id = UUID(uuidString: text) else { throw DomainError.invalid(field, "is not a valid id") }
    return id
}

/// The registry lists' `q` (name contains), at most 100 characters as the spec says.
func nameQuery(_ text: String?) throws -> String? {
    var v = FieldValidator()
    let value = v.optional(text, "q", max: 100)
    try v.check()
    return value
}

extension UUID {
    /// Ids leave the server in lowercase.
    var text: String { uuidString.lowercased() }
}
