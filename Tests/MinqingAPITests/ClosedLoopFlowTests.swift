import Foundation
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(2))) struct ClosedLoopFlowTests {
    /// The "done when": scan → file → accept → assign lead + co (holiday honoured) → acknowledge →
    /// extension approved → reply → unsatisfied → reopen → re-assign → reply → satisfied → closed.
    @Test func theWholeLoopRunsThroughTheAPI() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let lookup = try await client.call(.get, "/v1/codes/\(f.code)")
            #expect(lookup.status == .ok)
            let (id, token) = try await client.file(f, f.submission(kind: "suggestion"))

            let accepted = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.representative)
            #expect(accepted.string("status") == "accepted")

            // A holiday on every day of the next three weeks except the last: the deadline must step over it.
            let calendar = LocalCalendar(timeZone: services.config.timeZone)
            let working = WorkingCalendar(local: calendar)
            let today = working.day(of: Date())
            var holiday = today
            for _ in 0..<2 { holiday = working.next(holiday) }
            let put = try await client.call(
                .put, "/v1/calendar/\(holiday.year)", token: f.admin,
                json: ["holidays": [holiday.key], "workdays": []])
            #expect(put.status == .ok)
            let withHoliday = WorkingCalendar(local: calendar, holidays: [holiday.key])

            let assigned = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [
                        ["department_id": f.registry.countyDepartment.id.text, "role": "lead", "working_days": 4],
                        ["department_id": f.registry.cityDepartment.id.text, "role": "co"],
                    ],
                    "key_item": true,
                ])
            #expect(assigned.status == .ok)
            #expect(assigned.string("status") == "assigned")
            #expect(assigned["key_item"] as? Bool == true)
            let assignments = try #require(assigned["assignments"] as? [[String: Any]])
            let lead = try #require(assignments.first { $0["role"] as? String == "lead" })
            let co = try #require(assignments.first { $0["role"] as? String == "co" })
            let leadID = try #require(lead["id"] as? String)
            let expectedDue = withHoliday.dueDate(assignedAt: Date(), workingDays: 4)
            let leadDue = try #require((lead["due_at"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(leadDue.timeIntervalSince(expectedDue)) < 1)
            #expect(co["working_days"] as? Int == 15)  // suggestion default
            #expect(lead["days_left"] as? Int == 4)
            #expect(lead["department_name"] as? String == "区住建局")

            #expect(
                try await client.call(.post, "/v1/assignments/\(leadID)/acknowledge", token: f.county).string("status") == "acknowledged")
            let asked = try await client.call(
                .post, "/v1/assignments/\(leadID)/extension", token: f.county,
                json: ["working_days": 5, "reason": "需协调电力公司"])
            #expect((asked["extension"] as? [String: Any])?["status"] as? String == "requested")
            #expect(asked.string("due_at") == lead["due_at"] as? String)
            let approved = try await client.call(.post, "/v1/assignments/\(leadID)/extension/approve", token: f.admin)
            let newDue = try #require(approved.string("due_at").flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(newDue.timeIntervalSince(withHoliday.dueDate(assignedAt: leadDue, workingDays: 5))) < 1)
            #expect(approved["working_days"] as? Int == 9)

            _ = try await client.call(.post, "/v1/assignments/\(leadID)/progress", token: f.county, json: ["note": "已现场勘查"])
            let replied = try await client.call(
                .post, "/v1/assignments/\(leadID)/reply", token: f.county,
                json: ["outcome": "planned", "text": "已列入本月维修计划"])
            #expect(replied.string("status") == "replied")
            let afterReply = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(afterReply.string("status") == "replied")  // the co-handler has not replied: it does not block

            var tracking = try await client.call(.get, "/v1/tracking/\(token)")
            #expect(tracking["rating_open"] as? Bool == true)
            let unsatisfied = try await client.call(
                .post, "/v1/tracking/\(token)/evaluation", json: ["rating": "unsatisfied", "comment": "还没修"])
            #expect(unsatisfied.string("status") == "reopened")
            #expect(unsatisfied["round"] as? Int == 2)
            #expect(unsatisfied["rating_open"] as? Bool == false)

            let reassigned = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead", "working_days": 3]]
                ])
            #expect(reassigned.string("status") == "assigned")
            let round2 = try #require((reassigned["assignments"] as? [[String: Any]])?.first { $0["round"] as? Int == 2 })
            let round2ID = try #require(round2["id"] as? String)
            _ = try await client.call(
                .post, "/v1/assignments/\(round2ID)/reply", token: f.county,
                json: ["outcome": "solved", "text": "路灯已全部修复"])
            tracking = try await client.call(.get, "/v1/tracking/\(token)")
            #expect(tracking.string("status") == "replied")
            #expect(tracking["rating_open"] as? Bool == true)
            // the round waits for the representative of the code too; the worse of the two ratings settles it
            let first = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "satisfied"])
            #expect(first.string("status") == "replied")
            #expect(first["rating_open"] as? Bool == false)  // the resident rated this round
            let byRepresentative = try await client.call(
                .post, "/v1/submissions/\(id)/evaluation", token: f.representative, json: ["rating": "basically_satisfied"])
            #expect(byRepresentative.string("status") == "closed", "\(byRepresentative.text)")
            let satisfied = try await client.call(.get, "/v1/tracking/\(token)")
            #expect(satisfied.string("status") == "closed")

            let final = try await client.call(.get, "/v1/submissions/\(id)", token: f.admin)
            #expect(final.string("status") == "closed")
            #expect(final.string("close_reason") == "basically_satisfied")
            let actions = (final["timeline"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(
                actions == [
                    "submitted", "accepted", "assignment_created", "assignment_created", "assigned", "acknowledged",
                    "extension_requested", "extension_approved", "progress", "department_replied", "replied", "evaluated",
                    "reopened", "assignment_created", "assigned", "department_replied", "replied", "evaluated", "evaluated", "closed",
                ])
            let publicActions = (satisfied["timeline"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(publicActions == ["submitted", "accepted", "assigned", "replied", "reopened", "assigned", "replied", "closed"])
            let firstAssigned = (satisfied["timeline"] as? [[String: Any]])?.first { $0["action"] as? String == "assigned" }
            #expect(Set(firstAssigned?["department_names"] as? [String] ?? []) == ["区住建局", "市住建局"])
            let replies = (satisfied["replies"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
            #expect(replies == ["已列入本月维修计划", "路灯已全部修复"])
            #expect(!satisfied.text.contains("13812345678"))
        }
    }

    @Test func anOnTheSpotResolutionCanStillBeRated() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (id, token) = try await client.file(f)
            let resolved = try await client.call(
                .post, "/v1/submissions/\(id)/resolve", token: f.representative,
                json: ["reply": "已联系物业当场修好"])
            #expect(resolved.string("status") == "replied")
            let tracking = try await client.call(.get, "/v1/tracking/\(token)")
            #expect(tracking["rating_open"] as? Bool == true)
            #expect((tracking["replies"] as? [[String: Any]])?.first?["text"] as? String == "已联系物业当场修好")
            let rated = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "basically_satisfied"])
            #expect(rated.string("status") == "replied")  // the representative of the code rates too
            let closed = try await client.call(
                .post, "/v1/submissions/\(id)/evaluation", token: f.representative, json: ["rating": "satisfied"])
            #expect(closed.string("status") == "closed" && closed.string("close_reason") == "basically_satisfied", "\(closed.text)")
        }
    }

    @Test func aMergedSubmissionFollowsItsTargetInTracking() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (target, _) = try await client.file(f)
            let (duplicate, duplicateToken) = try await client.file(f, f.submission(content: "又是那盏路灯，还是不亮。"))
            let merged = try await client.call(
                .post, "/v1/submissions/\(duplicate)/merge", token: f.representative, json: ["into_id": target])
            #expect(merged.string("status") == "merged")
            #expect(merged.string("merged_into") == target)
            _ = try await client.call(.post, "/v1/submissions/\(target)/resolve", token: f.admin, json: ["reply": "已修复"])
            let tracking = try await client.call(.get, "/v1/tracking/\(duplicateToken)")
            #expect(tracking.string("status") == "replied")
            #expect(tracking.string("merged_into_receipt_no")?.hasPrefix("MQ") == true)
            #expect((tracking["replies"] as? [[String: Any]])?.count == 1)
            #expect(tracking["rating_open"] as? Bool == false)
            // Merging into a closed submission is refused.
            let (third, _) = try await client.file(f)
            _ = try await client.call(.post, "/v1/submissions/\(third)/reject", token: f.admin, json: ["reason": "重复"])
            let (fourth, _) = try await client.file(f)
            let refused = try await client.call(.post, "/v1/submissions/\(fourth)/merge", token: f.admin, json: ["into_id": third])
            #expect(refused.status == .conflict)
            #expect(refused.code == "merge_target_closed")
        }
    }
}
