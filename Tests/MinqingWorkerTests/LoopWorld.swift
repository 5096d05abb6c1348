import Foundation
import Logging
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport

@testable import MinqingWorker

/// A small registry and a way to push submissions through the loop at chosen instants, for worker tests.
struct LoopWorld: Sendable {
    let database: Database
    /// The one region everything is in (its reports are the ones the tests read).
    let region: Region
    let station: Station
    let representative: Representative
    let code: String
    let city: Department
    let county: Department
    let township: Department
    let countyUser: User
    let townshipUser: User
    let admin: User
    let logger = TestDatabase.logger

    static func make(_ database: Database) async throws -> LoopWorld {
        let logger = TestDatabase.logger
        let now = TestConfig.instant("2026-01-01T00:00:00+08:00")
        let region = try await RegionStore(database: database, logger: logger).create(.init(name: "滨江区", level: .county), now: now)
        let station = try await StationStore(database: database, logger: logger)
            .create(.init(name: "江南社区联络站", level: .station, category: .livelihood, regionID: region.id), now: now)
        let representative = try await RepresentativeStore(database: database, logger: logger)
            .create(.init(name: "王芳", level: .county, homeStationID: station.id, regionID: region.id), now: now)
        let code = try await CodeStore(database: database, logger: logger).issue(
            kind: .representative, targetID: representative.id, now: now
        ).code
        let departments = DepartmentStore(database: database, logger: logger)
        let city = try await departments.create(.init(name: "市住建局", level: .city, contactPerson: "钱处长", regionID: region.id), now: now)
        let county = try await departments.create(
            .init(name: "区住建局", level: .county, parentID: city.id, contactPerson: "孙科长", regionID: region.id), now: now)
        let township = try await departments.create(
            .init(name: "西兴街道城建办", level: .township, parentID: county.id, regionID: region.id), now: now)
        let users = UserStore(database: database, logger: logger)
        let countyUser = try await users.create(
            .init(username: "county", passwordHash: "x", role: .department, departmentID: county.id), now: now)
        let townshipUser = try await users.create(
            .init(username: "township", passwordHash: "x", role: .department, departmentID: township.id), now: now)
        let admin = try await users.create(.init(username: "admin", passwordHash: "x", role: .admin), now: now)
        return LoopWorld(
            database: database, region: region, station: station, representative: representative, code: code, city: city,
            county: county, township: township, countyUser: countyUser, townshipUser: townshipUser, admin: admin)
    }

    var loop: LoopService {
        LoopService(database: database, policy: LoopPolicy(), calendar: TestConfig.calendar, logger: logger)
    }

    /// Intake without rate limits.
    var intake: IntakeService {
        IntakeService(
            database: database, policy: LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 0),
            sealer: PersonalDataSealer(key: Array(repeating: 1, count: 32)), calendar: TestConfig.calendar, logger: logger)
    }

    var suggestions: SuggestionService { SuggestionService(loop: loop, intake: intake) }

    /// Files a submission at `at` through the code and accepts it.
    func accepted(at: String, title: String = "路灯不亮") async throws -> Receipt {
        let now = TestConfig.instant(at)
        let receipt = try await intake.file(
            IntakeRequest(code: code, kind: "complaint", category: "urban_rural_construction", title: title, content: "请尽快处理这个问题。"),
            filer: nil, clientAddress: "test", idempotencyKey: nil, now: now
        )
        try await loop.accept(receipt.id, by: Actor(user: admin), now: now)
        return receipt
    }

    /// Files a submission at `at`, accepts it and assigns it to `department` (lead) with `days` working days.
    @discardableResult
    func assigned(
        at: String, to department: Department, days: Int, title: String = "路灯不亮", keyItem: Bool = false,
        co: Department? = nil
    ) async throws -> (submission: UUID, assignment: UUID) {
        let now = TestConfig.instant(at)
        let receipt = try await accepted(at: at, title: title)
        var requests = [LoopService.AssignmentRequest(departmentID: department.id, role: .lead, term: .workingDays(days))]
        if let co { requests.append(.init(departmentID: co.id, role: .co, term: .workingDays(days))) }
        try await loop.assign(receipt.id, requests, keyItem: keyItem, by: Actor(user: admin), now: now)
        let rows = try await database.query(
            "SELECT id FROM assignments WHERE submission_id = \(receipt.id) AND role = 'lead'", logger: logger
        )
        return (receipt.id, try rows.first!.decode(UUID.self))
    }

    func reply(_ assignment: UUID, at: String, user: User) async throws {
        try await loop.reply(assignment, outcome: .solved, text: "已处理", by: Actor(user: user), now: TestConfig.instant(at))
    }

    /// The resident's rating and, while the round still waits for him (the item came through the
    /// representative's code), the representative's alike: the round settles with it.
    func rate(_ submission: UUID, _ rating: Rating, at: String) async throws {
        let now = TestConfig.instant(at)
        try await loop.evaluate(submission, by: .resident, rating: rating, comment: nil, actor: .resident, now: now)
        let status = try await database.query("SELECT status FROM submissions WHERE id = \(submission)", logger: logger)
            .first!.decode(String.self)
        guard status == SubmissionStatus.replied.rawValue else { return }
        try await loop.evaluate(
            submission, by: .representative, rating: rating, comment: nil, actor: Actor(role: .representative, id: nil), now: now)
    }

    func count(_ sql: PostgresQuery) async throws -> Int {
        try await database.query(sql, logger: logger).first!.decode(Int.self)
    }

    /// A scheduler running every job kind of the worker, as of `instant`.
    func worker(at instant: String, owner: String = UUID().uuidString) -> Scheduler {
        let config = TestConfig.make(database: try! DatabaseURL(parsing: "postgres://x@localhost/x"))
        return Scheduler(
            kinds: WorkerJobs.all(config: config), database: database, clock: .fixed(TestConfig.instant(instant)),
            calendar: TestConfig.calendar, owner: owner, logger: logger)
    }

    func snapshot<Content: ReportData>(_ type: Content.Type, _ period: String, region: UUID? = nil) async throws -> Content? {
        try await ReportStore(database: database, logger: logger).snapshot(type, region: region ?? self.region.id, period: period)?.data
    }
}
