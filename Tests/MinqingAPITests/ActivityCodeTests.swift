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

/// The annual consultation plan (年度协商计划) and an activity's published outcome (公开成果).
@Suite(.timeLimit(.minutes(3))) struct ConsultationPlanAndOutcomeTests {
    @Test func aPlanShowsWhichItemsWereHeld() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let written = try await client.call(
                .put, "/v1/consultation-plans/2026", token: r.streetStaffA,
                json: ["items": [["topic": "老旧小区加装电梯", "month": 3], ["topic": "停车难治理", "month": 9, "note": "与交警共同"]]])
            #expect(written.status == .ok, "\(written.text)")
            #expect(written.string("region_id") == r.streetA.id.text)
            let items = written["items"] as? [[String: Any]] ?? []
            let lift = try #require(items.first?["id"] as? String)
            let parking = try #require(items.last?["id"] as? String)
            #expect(items.map { $0["held"] as? Bool } == [false, false])
            let created = try await client.call(
                .post, "/v1/activities", token: r.streetStaffA,
                json: ActivityEndpointTests.consultation(f, startsIn: -1, extra: ["plan_item_id": lift]))
            let activity = try #require((created["activity"] as? [String: Any])?["id"] as? String, "\(created.text)")
            #expect((created["activity"] as? [String: Any])?["plan_item_id"] as? String == lift)
            _ = try await client.call(.post, "/v1/activities/\(activity)/hold", token: r.streetStaffA, json: [:])
            let plan = try await client.call(.get, "/v1/consultation-plans/2026", token: r.streetLeaderA)
            let held = plan["items"] as? [[String: Any]] ?? []
            #expect(held.map { $0["held"] as? Bool } == [true, false], "\(plan.text)")
            #expect((held.first?["activities"] as? [[String: Any]])?.first?["id"] as? String == activity)
            // an item an activity took up stays; another plan's item is not this plan's; street B reaches neither
            let dropped = try await client.call(
                .put, "/v1/consultation-plans/2026", token: r.streetStaffA, json: ["items": [["id": parking, "topic": "停车难", "month": 10]]])
            #expect(dropped.status == .conflict && dropped.code == "plan_item_in_use", "\(dropped.text)")
            let foreign = try await client.call(
                .put, "/v1/consultation-plans/2027", token: r.streetStaffA, json: ["items": [["id": lift, "topic": "加装电梯", "month": 3]]])
            #expect(foreign.status == .unprocessableContent && foreign.errorFields == ["items[0].id"], "\(foreign.text)")
            let outside = try await client.call(.get, "/v1/consultation-plans/2026?region_id=\(r.streetA.id.text)", token: r.streetStaffB)
            #expect(outside.status == .notFound)
            var theirs = ActivityEndpointTests.consultation(f, startsIn: 24, extra: ["plan_item_id": lift])
            (theirs["region_id"], theirs["station_id"], theirs["representative_ids"]) = (r.streetB.id.text, r.stationB.id.text, [])
            let wrongPlan = try await client.call(.post, "/v1/activities", token: f.admin, json: theirs)
            #expect(wrongPlan.status == .unprocessableContent && wrongPlan.errorFields == ["plan_item_id"], "\(wrongPlan.text)")
            // kept and changed in place
            let kept = try await client.call(
                .put, "/v1/consultation-plans/2026", token: r.streetStaffA,
                json: ["items": [["id": lift, "topic": "加装电梯（二期）", "month": 4]]])
            #expect((kept["items"] as? [[String: Any]])?.map { $0["id"] as? String } == [lift], "\(kept.text)")
        }
    }

    @Test func thePublishedOutcomeShowsProblemsAndRepliesWithoutPersonalData() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (activity, code) = try await ActivityCodeTests.activityWithCode(client, f, startsIn: -1)
            var filed = f.submission(content: "我叫张三，电话13812345678，楼下路灯坏了三个月。")
            filed["code"] = code
            let submission = try #require(try await client.call(.post, "/v1/submissions", json: filed).string("id"))
            // not before it is held
            let early = try await client.call(.post, "/v1/activities/\(activity)/publish", token: r.streetStaffA)
            #expect(early.status == .conflict && early.code == "invalid_transition", "\(early.text)")
            _ = try await client.call(
                .post, "/v1/activities/\(activity)/hold", token: r.streetStaffA, json: ["visitors": 30, "minutes": "内部纪要：不公开"])
            let promoted = try await client.call(
                .post, "/v1/activities/\(activity)/problems", token: r.streetStaffA, json: ["submission_id": submission, "title": "路灯损坏"])
            let problem = try #require((promoted["problem"] as? [String: Any])?["id"] as? String, "\(promoted.text)")
            let assigned = try await client.call(
                .post, "/v1/problems/\(problem)/assign", token: r.token(.staff),
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            let assignment = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String, "\(assigned.text)")
            let replied = try await client.call(
                .post, "/v1/assignments/\(assignment)/reply", token: f.county, json: ["outcome": "solved", "text": "路灯已于本周修复。"])
            #expect(replied.status == .ok, "\(replied.text)")
            // unpublished: no page
            #expect(try await client.call(.get, "/a/\(code)").status == .notFound)
            let published = try await client.call(.post, "/v1/activities/\(activity)/publish", token: r.streetStaffA)
            #expect(published.status == .ok, "\(published.text)")
            let url = try #require((published["activity"] as? [String: Any])?["public_url"] as? String)
            #expect(url.hasSuffix("/a/\(code)"))
            let page = try await client.call(.get, "/a/\(code)")
            #expect(page.status == .ok)
            for expected in ["局长·代表面对面", "公开成果", "第1项 路灯损坏", "区住建局", "已答复", "路灯已于本周修复。", "已解决（采纳）"] {
                #expect(page.text.contains(expected), "\(expected)")
            }
            for secret in ["张三", "13812345678", "内部纪要", "三个月"] { #expect(!page.text.contains(secret), "\(secret)") }
            // an activity without a code has no page to publish to
            var bare = ActivityEndpointTests.consultation(f, startsIn: -1)
            bare["station_id"] = nil
            let other = try await client.call(.post, "/v1/activities", token: r.streetStaffA, json: bare)
            let otherID = try #require((other["activity"] as? [String: Any])?["id"] as? String)
            _ = try await client.call(.post, "/v1/activities/\(otherID)/hold", token: r.streetStaffA, json: [:])
            let noCode = try await client.call(.post, "/v1/activities/\(otherID)/publish", token: r.streetStaffA)
            #expect(noCode.status == .conflict && noCode.code == "activity_code_missing", "\(noCode.text)")
        }
    }
}
