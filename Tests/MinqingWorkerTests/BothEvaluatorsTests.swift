import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

@testable import MinqingWorker

/// A replied submission that came through a representative's code waits for both evaluators — the
/// resident and the representative — or for the rating window; the worse rating settles it, and an
/// unsatisfied one by either reopens it at once.
@Suite(.timeLimit(.minutes(2))) struct BothEvaluatorsTests {
    typealias Step = (LoopService.Evaluator, Rating)

    /// A submission replied on 3 March; the steps are rated on 4 March.
    func replied(_ world: LoopWorld, title: String) async throws -> UUID {
        let (submission, assignment) = try await world.assigned(at: "2026-03-02T09:00:00+08:00", to: world.county, days: 5, title: title)
        try await world.reply(assignment, at: "2026-03-03T09:00:00+08:00", user: world.countyUser)
        return submission
    }

    func rate(_ world: LoopWorld, _ id: UUID, _ steps: [Step]) async throws {
        for (evaluator, rating) in steps {
            let actor = evaluator == .resident ? Actor.resident : Actor(role: .representative, id: nil)
            try await world.loop.evaluate(
                id, by: evaluator, rating: rating, comment: nil, actor: actor, now: TestConfig.instant("2026-03-04T09:00:00+08:00"))
        }
    }

    func state(_ world: LoopWorld, _ id: UUID) async throws -> (String, String?, Int) {
        try await world.database.query("SELECT status, close_reason, round FROM submissions WHERE id = \(id)", logger: world.logger)
            .first!.decode((String, String?, Int).self)
    }

    @Test func everyOrderSettlesWithTheWorseRating() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let cases: [([Step], String, String?, Int)] = [
                ([(.resident, .satisfied)], "replied", nil, 1),  // waits for the representative
                ([(.representative, .satisfied)], "replied", nil, 1),  // waits for the resident
                ([(.resident, .satisfied), (.representative, .basicallySatisfied)], "closed", "basically_satisfied", 1),
                ([(.representative, .basicallySatisfied), (.resident, .satisfied)], "closed", "basically_satisfied", 1),
                ([(.representative, .satisfied), (.resident, .satisfied)], "closed", "satisfied", 1),
                ([(.resident, .satisfied), (.representative, .unsatisfied)], "reopened", nil, 2),
                ([(.resident, .unsatisfied)], "reopened", nil, 2),  // at once, without waiting
                ([(.representative, .unsatisfied)], "reopened", nil, 2),
            ]
            for (index, (steps, status, reason, round)) in cases.enumerated() {
                let id = try await replied(world, title: "第\(index)件")
                try await rate(world, id, steps)
                let got = try await state(world, id)
                #expect(got.0 == status && got.1 == reason && got.2 == round, "case \(index): \(got)")
            }
        }
    }

    @Test func aReopenedRoundTakesNoFurtherRatingAndEachRatesOnce() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let reopened = try await replied(world, title: "不满意")
            try await rate(world, reopened, [(.representative, .unsatisfied)])
            await #expect(throws: DomainError.self) { try await rate(world, reopened, [(.resident, .satisfied)]) }
            let waiting = try await replied(world, title: "等待")
            try await rate(world, waiting, [(.resident, .satisfied)])
            let twice = await #expect(throws: DomainError.self) { try await rate(world, waiting, [(.resident, .basicallySatisfied)]) }
            if case .conflict(let code, _) = twice {
                #expect(code == "already_rated")
            } else {
                Issue.record("\(String(describing: twice))")
            }
            // the year figures count the round once, with its result
            let rated = try await database.query(
                "SELECT rated_lead_replies FROM department_year_figures WHERE department_id = \(world.county.id) AND year = 2026",
                logger: world.logger
            ).first!.decode(Int.self)
            #expect(rated == 1)
        }
    }

    @Test func theWindowSettlesWithTheRatingsGivenOrUnrated() async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            let world = try await LoopWorld.make(database)
            let once = try await replied(world, title: "只有居民评价")
            try await rate(world, once, [(.resident, .basicallySatisfied)])
            let none = try await replied(world, title: "无人评价")
            // replied 3 March 09:00; the 15-day window ends 18 March 09:00
            _ = try await world.worker(at: "2026-03-18T08:00:00+08:00").pass()
            #expect(try await state(world, once).0 == "replied")
            #expect(try await state(world, none).0 == "replied")
            _ = try await world.worker(at: "2026-03-18T10:00:00+08:00").pass()
            let settled = try await state(world, once)
            #expect(settled.0 == "closed" && settled.1 == "basically_satisfied")
            let unrated = try await state(world, none)
            #expect(unrated.0 == "closed" && unrated.1 == "unrated")
        }
    }
}
