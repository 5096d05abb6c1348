import Foundation
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct LoopRefusalTests {
    @Test func anActionInTheWrongStateIsAConflictNamingTheStateAndTheAllowedActions() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (id, token) = try await client.file(f)
            let early = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            #expect(early.status == .conflict)
            #expect(early.code == "invalid_transition")
            #expect(early.string("current_status") == "submitted")
            #expect(early["allowed_actions"] as? [String] == ["accept", "reject", "merge", "resolve", "refer"])
            let rating = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "satisfied"])
            #expect(rating.status == .conflict)
            #expect(rating.string("current_status") == "submitted")
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            let again = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            #expect(again.code == "invalid_transition")
            #expect(again.string("current_status") == "accepted")
            let rejected = try await client.call(.post, "/v1/submissions/\(id)/reject", token: f.admin, json: ["reason": "不属于人大职责"])
            #expect(rejected.string("status") == "rejected")
            let dead = try await client.call(.post, "/v1/submissions/\(id)/resolve", token: f.admin, json: ["reply": "x"])
            #expect(dead["allowed_actions"] as? [String] == [])
        }
    }

    @Test func twoSimultaneousAcceptsGiveOneSuccessAndOneConflict() async throws {
        try await APITestHarness.withLoop { client, f, services in
            for _ in 0..<3 {
                let (id, _) = try await client.file(f)
                let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                    for token in [f.admin, f.representative] {
                        group.addTask { try await client.call(.post, "/v1/submissions/\(id)/accept", token: token).status.code }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }.sorted()
                }
                #expect(statuses == [200, 409])
                let accepted = try await services.database.query(
                    "SELECT count(*)::int FROM timeline_events WHERE submission_id = \(UUID(uuidString: id)!) AND action = 'accepted'",
                    logger: services.logger
                )
                #expect(try accepted.first?.decode(Int.self) == 1)
            }
        }
    }

    @Test func assignmentsNeedExactlyOneLeadAndActiveDepartments() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let (id, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            let county = f.registry.countyDepartment.id.text, city = f.registry.cityDepartment.id.text
            let twoLeads = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": county, "role": "lead"], ["department_id": city, "role": "lead"]]
                ])
            #expect(twoLeads.errorFields == ["assignments"])
            let noLead = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": county, "role": "co"]]
                ])
            #expect(noLead.errorFields == ["assignments"])
            let badDays = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": county, "role": "lead", "working_days": 0]]
                ])
            #expect(badDays.errorFields == ["assignments[0].working_days"])
            let unknown = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": UUID().uuidString, "role": "lead", "working_days": 5]]
                ])
            #expect(unknown.errorFields == ["assignments[0].department_id"])
            _ = try await DepartmentStore(database: services.database, logger: services.logger)
                .update(f.registry.cityDepartment.id, .init(active: false), now: Date())
            let inactive = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": city, "role": "lead"]]
                ])
            #expect(inactive.errorFields == ["assignments[0].department_id"])
            #expect(try await client.call(.get, "/v1/submissions/\(id)", token: f.admin).string("status") == "accepted")
        }
    }

    @Test func departmentsActOnlyOnTheirOwnAssignmentsAndNeverSeeContacts() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (id, _) = try await client.file(f)
            let (other, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            let assignmentID = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await client.call(.post, "/v1/assignments/\(assignmentID)/acknowledge", token: f.cityToken).status == .notFound)
            #expect(try await client.call(.post, "/v1/assignments/\(assignmentID)/acknowledge", token: f.admin).status == .forbidden)
            let seen = try await client.call(.get, "/v1/submissions/\(id)", token: f.county)
            #expect(seen.status == .ok)
            #expect(seen["contact"] == nil)
            #expect(!seen.text.contains("138****") && !seen.text.contains("13812345678"))
            #expect(try await client.call(.get, "/v1/submissions/\(other)", token: f.county).status == .notFound)
            let list = try await client.call(.get, "/v1/submissions", token: f.county)
            #expect(list.items.compactMap { $0["id"] as? String } == [id])
            #expect(try await client.call(.get, "/v1/assignments", token: f.cityToken).items.isEmpty)
            #expect(try await client.call(.get, "/v1/assignments", token: f.county).items.count == 1)
            // No extension to decide; a reply closes the assignment for good.
            #expect(
                try await client.call(.post, "/v1/assignments/\(assignmentID)/extension/approve", token: f.admin).code
                    == "invalid_transition")
            _ = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/reply", token: f.county, json: ["outcome": "solved", "text": "done"])
            let late = try await client.call(.post, "/v1/assignments/\(assignmentID)/return", token: f.county, json: ["reason": "x"])
            #expect(late.code == "invalid_transition")
            #expect(late.string("current_status") == "replied")
        }
    }

    @Test func aReturnedLeadSendsTheSubmissionBackForReassignment() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (id, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            let assignmentID = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String)
            let returned = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/return", token: f.county,
                json: ["reason": "属于市级事权"])
            #expect(returned.string("status") == "returned")
            let submission = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(submission.string("status") == "accepted")
            let again = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.cityDepartment.id.text, "role": "lead"]]
                ])
            #expect(again.string("status") == "assigned")
        }
    }

    @Test func afterTheLastRoundAnUnsatisfiedRatingRequiresEscalationUpTheTree() async throws {
        try await APITestHarness.withLoop(policy: LoopPolicy(maxRounds: 1, intakePerAddressPerMinute: 0, intakePerCodePerMinute: 0)) {
            client, f, _ in
            let (id, token) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            let assignmentID = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String)
            _ = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/reply", token: f.county, json: ["outcome": "explained", "text": "暂无条件"])
            _ = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "unsatisfied"])
            let reopened = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(reopened.string("status") == "reopened")
            #expect(reopened["escalation_required"] as? Bool == true)
            let plain = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            #expect(plain.code == "invalid_transition")
            #expect(plain["allowed_actions"] as? [String] == ["escalate"])
            // Not an ancestor of the county lead: refused.
            let sideways = try await client.call(
                .post, "/v1/submissions/\(id)/escalate", token: f.admin,
                json: ["department_id": f.registry.countyDepartment.id.text])
            #expect(sideways.errorFields == ["department_id"])
            let escalated = try await client.call(
                .post, "/v1/submissions/\(id)/escalate", token: f.admin,
                json: ["department_id": f.registry.cityDepartment.id.text, "working_days": 10])
            #expect(escalated.string("status") == "assigned")
            #expect(escalated["escalation_required"] as? Bool == false)
            let leads = (escalated["assignments"] as? [[String: Any]])?.filter { $0["round"] as? Int == 2 }
            #expect(leads?.first?["department_name"] as? String == "市住建局")
            #expect((escalated["timeline"] as? [[String: Any]])?.last?["action"] as? String == "escalated")
        }
    }

    @Test func escalationMovesAnOpenLead() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (id, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            _ = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]
                ])
            let escalated = try await client.call(
                .post, "/v1/submissions/\(id)/escalate", token: f.admin,
                json: ["department_id": f.registry.cityDepartment.id.text])
            let statuses = (escalated["assignments"] as? [[String: Any]])?.compactMap { $0["status"] as? String }
            #expect(statuses == ["escalated", "pending"])
            #expect(try await client.call(.get, "/v1/assignments", token: f.cityToken).items.count == 1)
        }
    }

    @Test func representativesTriageOnlyTheirOwnSubmissions() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (id, _) = try await client.file(f)
            let other = f.registry.otherRepresentativeToken
            #expect(try await client.call(.post, "/v1/submissions/\(id)/accept", token: other).status == .notFound)
            #expect(try await client.call(.get, "/v1/submissions/\(id)", token: other).status == .notFound)
            #expect(try await client.call(.get, "/v1/submissions", token: other).items.isEmpty)
            #expect(try await client.call(.get, "/v1/submissions", token: f.representative).items.count == 1)
            #expect(try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.county).status == .forbidden)
            #expect(
                try await client.call(
                    .post, "/v1/submissions/\(id)/assign", token: f.representative,
                    json: ["assignments": []]
                ).status == .forbidden)
            #expect(try await client.call(.get, "/v1/submissions/\(UUID().uuidString)", token: f.admin).status == .notFound)
        }
    }
}
