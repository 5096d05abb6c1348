import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Activity codes (活动码): each activity has its own live code, open from 7 days before it starts until
/// 7 days after it ends, and what is filed through one is recorded against the activity.
@Suite(.timeLimit(.minutes(3))) struct ActivityCodeTests {
    /// A consultation at station A starting `hours` from now, and a code for it.
    static func activityWithCode(
        _ client: any TestClientProtocol, _ f: LoopFixture, startsIn hours: Double, title: String = "局长·代表面对面"
    ) async throws -> (activity: String, code: String) {
        let created = try await client.call(
            .post, "/v1/activities", token: f.registry.streetStaffA,
            json: ActivityEndpointTests.consultation(f, startsIn: hours, extra: ["title": title]))
        guard let activity = (created["activity"] as? [String: Any])?["id"] as? String else {
            throw TestFailure("activity not created: \(created.text)")
        }
        let body: [String: Any] = ["kind": "activity", "target_id": activity]
        let issued = try await client.call(.post, "/v1/codes", token: f.registry.streetStaffA, json: body)
        guard issued.status == .created, let code = issued.code else { throw TestFailure("code not issued: \(issued.text)") }
        return (activity, code)
    }

    @Test func twoActivitiesAtOneStationEachHaveALiveCodeThatFilesIntoIt() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let first = try await Self.activityWithCode(client, f, startsIn: 24, title: "加装电梯面对面")
            let second = try await Self.activityWithCode(client, f, startsIn: 48, title: "停车难面对面")
            for (activity, code) in [first, second] {
                let lookup = try await client.call(.get, "/v1/codes/\(code)")
                #expect(lookup.status == .ok, "\(lookup.text)")
                #expect((lookup["activity"] as? [String: Any])?["id"] as? String == activity)
            }
            // the station's own code is untouched by either
            #expect(try await client.call(.get, "/v1/codes/\(f.code)").status == .ok)
            var body = f.submission()
            body["code"] = second.code
            let filed = try await client.call(.post, "/v1/submissions", json: body)
            #expect(filed.status == .created, "\(filed.text)")
            let id = try #require(filed.string("id"))
            let detail = try await client.call(.get, "/v1/submissions/\(id)", token: f.registry.streetStaffA)
            #expect(detail.string("channel") == "activity" && detail.string("activity_id") == second.activity, "\(detail.text)")
            // the page shows the activity above the usual form
            let page = try await client.call(.get, "/c/\(first.code)")
            #expect(page.status == .ok)
            for expected in ["加装电梯面对面", "协商议事", "出席：周建国（局长）", "参加代表：王芳", "江南社区联络站二楼", "<form"] {
                #expect(page.text.contains(expected), "\(expected)")
            }
        }
    }

    @Test func aCodeIsRefusedBeforeAndAfterItsWindowWithTheStationsPhone() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            // opens 7 days before the start: 8 days ahead is too early, 6 days ahead is open
            let early = try await Self.activityWithCode(client, f, startsIn: 8 * 24)
            let open = try await Self.activityWithCode(client, f, startsIn: 6 * 24)
            // closes 7 days after the end (each lasts two hours)
            let late = try await Self.activityWithCode(client, f, startsIn: -(8 * 24 + 2))
            let recent = try await Self.activityWithCode(client, f, startsIn: -(6 * 24 + 2))
            for (code, reason) in [(early.code, "activity_code_not_open"), (late.code, "activity_code_closed")] {
                let lookup = try await client.call(.get, "/v1/codes/\(code)")
                #expect(lookup.status == .gone && lookup.code == reason, "\(lookup.text)")
                var body = f.submission()
                body["code"] = code
                let filed = try await client.call(.post, "/v1/submissions", json: body)
                #expect(filed.status == .gone && filed.code == reason, "\(filed.text)")
                let page = try await client.call(.get, "/c/\(code)")
                #expect(page.status == .gone && page.text.contains("0571-1111") && !page.text.contains("<form"))
            }
            for code in [open.code, recent.code] {
                #expect(try await client.call(.get, "/v1/codes/\(code)").status == .ok)
            }
            // a cancelled activity's code takes nothing more
            _ = try await client.call(
                .post, "/v1/activities/\(open.activity)/cancel", token: f.registry.streetStaffA, json: ["reason": "改期"])
            let cancelled = try await client.call(.get, "/v1/codes/\(open.code)")
            #expect(cancelled.status == .gone && cancelled.code == "activity_cancelled", "\(cancelled.text)")
            let again = try await client.call(
                .post, "/v1/codes", token: f.registry.streetStaffA, json: ["kind": "activity", "target_id": open.activity])
            #expect(again.status == .unprocessableContent && again.errorFields == ["target_id"], "\(again.text)")
        }
    }

    @Test func anActivityWithoutAStationOrOutOfReachGetsNoCode() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            var body = ActivityEndpointTests.consultation(f, startsIn: 24)
            body["station_id"] = nil
            let created = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: body)
            let id = try #require((created["activity"] as? [String: Any])?["id"] as? String, "\(created.text)")
            let bare = try await client.call(.post, "/v1/codes", token: r.streetStaffA, json: ["kind": "activity", "target_id": id])
            #expect(bare.status == .unprocessableContent && bare.errorFields == ["target_id"], "\(bare.text)")
            let withStation = try await Self.activityWithCode(client, f, startsIn: 24)
            let foreign = try await client.call(
                .post, "/v1/codes", token: r.streetStaffB, json: ["kind": "activity", "target_id": withStation.activity])
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("does not refer to an existing activity"))
        }
    }
}

/// The problem list through the API: problems raised at the event and submissions promoted from the
/// activity's code, assigned on the engine, shown on the activity with their department and days left.
@Suite(.timeLimit(.minutes(3))) struct ActivityProblemEndpointTests {
    @Test func problemsAreListedPromotedAssignedAndShownOnTheActivity() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (activity, code) = try await ActivityCodeTests.activityWithCode(client, f, startsIn: -1)
            var filed = f.submission()
            filed["code"] = code
            let submission = try #require(try await client.call(.post, "/v1/submissions", json: filed).string("id"))
            let raised = try await client.call(
                .post, "/v1/activities/\(activity)/problems", token: r.streetStaffA,
                json: ["title": "加装电梯审批慢", "body": "审批已经三个月没有进展。", "category": "urban_rural_construction"])
            #expect(raised.status == .created, "\(raised.text)")
            let promoted = try await client.call(
                .post, "/v1/activities/\(activity)/problems", token: r.streetStaffA, json: ["submission_id": submission])
            #expect(promoted.status == .created, "\(promoted.text)")
            let promotedProblem = try #require(promoted["problem"] as? [String: Any])
            #expect(promotedProblem["number"] as? String == "问题清单第2项" && promotedProblem["title"] as? String == "路灯坏了")
            // listed once; a submission of another channel is no candidate; a problem needs its text
            let twice = try await client.call(
                .post, "/v1/activities/\(activity)/problems", token: r.streetStaffA, json: ["submission_id": submission])
            #expect(twice.status == .unprocessableContent && twice.errorFields == ["submission_id"], "\(twice.text)")
            let stranger = try #require(try await client.call(.post, "/v1/submissions", json: f.submission()).string("id"))
            let notHere = try await client.call(
                .post, "/v1/activities/\(activity)/problems", token: r.streetStaffA, json: ["submission_id": stranger])
            #expect(notHere.status == .unprocessableContent && notHere.errorFields == ["submission_id"], "\(notHere.text)")
            let bare = try await client.call(.post, "/v1/activities/\(activity)/problems", token: r.streetStaffA, json: ["title": "标题"])
            #expect(bare.status == .unprocessableContent && Set(bare.errorFields) == ["body", "category"], "\(bare.text)")

            let problemID = try #require((raised["problem"] as? [String: Any])?["id"] as? String)
            let assigned = try await client.call(
                .post, "/v1/problems/\(problemID)/assign", token: r.token(.staff),  // the district's staff, whose department it is
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(assigned.status == .ok, "\(assigned.text)")
            #expect((assigned["assignments"] as? [[String: Any]])?.first?["months"] as? Int == 3)
            let page = try await client.call(.get, "/v1/activities/\(activity)", token: r.streetStaffA)
            let list = page["problems"] as? [[String: Any]] ?? []
            #expect(list.count == 2 && list.first?["status"] as? String == "assigned", "\(page.text)")
            #expect(list.first?["lead_department_name"] as? String == r.countyDepartment.name)
            #expect((list.first?["days_left"] as? Int ?? 0) > 55)
            // the department works it beside its other assignments, and reads the activity through it
            let work = try await client.call(.get, "/v1/assignments", token: f.county)
            let item = work.items.first { $0["subject_kind"] as? String == "problem" }
            #expect(item?["problem_id"] as? String == problemID && item?["subject_number"] as? String == "问题清单第1项")
            #expect(try await client.call(.get, "/v1/problems/\(problemID)", token: f.county).status == .ok)
            // only the activity's representatives rate, and only an answer
            let early = try await client.call(
                .post, "/v1/problems/\(problemID)/rating", token: f.representative, json: ["rating": "satisfied"])
            #expect(early.status == .conflict && early.code == "invalid_transition", "\(early.text)")
            // a cancelled activity takes no problems
            let (later, _) = try await ActivityCodeTests.activityWithCode(client, f, startsIn: 24)
            _ = try await client.call(.post, "/v1/activities/\(later)/cancel", token: r.streetStaffA, json: ["reason": "改期"])
            let onCancelled = try await client.call(
                .post, "/v1/activities/\(later)/problems", token: r.streetStaffA,
                json: ["title": "标题", "body": "内容内容", "category": "urban_rural_construction"])
            #expect(onCancelled.status == .conflict && onCancelled.code == "invalid_transition", "\(onCancelled.text)")
        }
    }
}
