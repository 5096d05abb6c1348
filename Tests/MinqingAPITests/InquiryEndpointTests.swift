import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Inquiries (专题询问) through the API: their questions, the review opinion (审议意见) and its rectification
/// handed to a department as a problem of the list, with the refusals around them.
@Suite(.timeLimit(.minutes(3))) struct InquiryEndpointTests {
    static func inquiry(_ f: LoopFixture, kind: String = "inquiry", extra: [String: Any] = [:]) -> [String: Any] {
        let r = f.registry
        var body: [String: Any] = [
            "kind": kind, "title": "垃圾分类专题询问", "region_id": r.district.id.text,
            "starts_at": ActivityEndpointTests.iso(Date().addingTimeInterval(-3600)),
            "ends_at": ActivityEndpointTests.iso(Date().addingTimeInterval(3600)),
            "representative_ids": [r.representativeA.id.text],
        ]
        if kind == "inquiry" {
            body["questions"] = [
                [
                    "question": "分类后混装混运怎么解决？", "asked_by": "王代表", "official_name": "周建国", "official_title": "局长",
                    "department_id": r.countyDepartment.id.text, "answer": "年内更新分类运输车辆。",
                ]
            ]
        }
        body.merge(extra) { $1 }
        return body
    }

    static var opinion: [String: Any] { ["text": "建议三个月内消除混装混运。", "category": "urban_rural_construction", "months": 2] }

    @Test func aHeldInquirysReviewOpinionBecomesARectificationOnTheEngine() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let staff = r.token(.staff)  // the district's
            let created = try await client.call(.post, "/v1/activities", token: staff, json: Self.inquiry(f))
            #expect(created.status == .created, "\(created.text)")
            let activity = try #require(created["activity"] as? [String: Any])
            let id = try #require(activity["id"] as? String)
            let questions = activity["questions"] as? [[String: Any]]
            #expect(questions?.count == 1 && questions?.first?["official_name"] as? String == "周建国", "\(created.text)")
            #expect(questions?.first?["department_id"] as? String == r.countyDepartment.id.text)
            var body = Self.opinion
            body["department_id"] = r.countyDepartment.id.text

            // not before it was held
            let early = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: staff, json: body)
            #expect(early.status == .conflict && early.code == "invalid_transition", "\(early.text)")
            _ = try await client.call(.post, "/v1/activities/\(id)/hold", token: staff, json: [:])

            // who may: decided before the body is read; out of scope looks unknown
            let byRepresentative = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: f.representative, json: [:])
            #expect(byRepresentative.status == .forbidden, "\(byRepresentative.text)")
            let byDepartment = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: f.county, json: [:])
            #expect(byDepartment.status == .forbidden, "\(byDepartment.text)")
            let otherStreet = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: r.streetStaffB, json: body)
            let stranger = UUID().uuidString.lowercased()
            let unknown = try await client.call(.post, "/v1/activities/\(stranger)/review-opinion", token: r.streetStaffB, json: body)
            #expect(otherStreet.status == .notFound && unknown.status == .notFound && otherStreet.code == unknown.code)
            #expect(
                (otherStreet.json["detail"] as? String)?.replacingOccurrences(of: id, with: "ID")
                    == (unknown.json["detail"] as? String)?.replacingOccurrences(of: stranger, with: "ID"))

            // bad input names the field
            for (change, field) in [
                (["department_id": UUID().uuidString], "department_id"), (["department_id": "x"], "department_id"),
                (["text": "  "], "text"), (["months": 13], "months"), (["category": "nonexistent"], "category"),
            ] as [([String: Any], String)] {
                let bad = try await client.call(
                    .post, "/v1/activities/\(id)/review-opinion", token: staff, json: body.merging(change) { $1 })
                #expect(bad.status == .unprocessableContent && bad.errorFields == [field], "\(field): \(bad.text)")
            }
            #expect(try await Self.problemCount(client, id, staff) == 0)  // nothing half-written

            let recorded = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: staff, json: body)
            #expect(recorded.status == .created, "\(recorded.text)")
            let inquiry = try #require(recorded["activity"] as? [String: Any])
            #expect(inquiry["review_opinion"] as? String == "建议三个月内消除混装混运。" && inquiry["review_opinion_at"] != nil)
            let problemID = try #require(inquiry["rectification_problem_id"] as? String)
            let listed = (recorded["problems"] as? [[String: Any]])?.first { $0["id"] as? String == problemID }
            #expect(listed?["status"] as? String == "assigned" && listed?["lead_department_name"] as? String == r.countyDepartment.name)
            #expect((listed?["title"] as? String)?.hasPrefix("审议意见整改") == true)
            // the department reports on it as on any assignment, with the months given
            let problem = try await client.call(.get, "/v1/problems/\(problemID)", token: f.county)
            #expect(problem.status == .ok, "\(problem.text)")
            #expect((problem["assignments"] as? [[String: Any]])?.first?["months"] as? Int == 2, "\(problem.text)")

            let again = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: staff, json: body)
            #expect(again.status == .conflict && again.code == "review_opinion_exists", "\(again.text)")
            // the follow-up closes only once the rectification is replied
            let close = try await client.call(.post, "/v1/activities/\(id)/close", token: staff, json: [:])
            #expect(close.status == .conflict && close.code == "problems_awaiting_reply", "\(close.text)")
        }
    }

    @Test func questionsAndReviewOpinionsAreAnInquirysOnly() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let staff = r.token(.staff)
            var talk = Self.inquiry(f, kind: "talk")
            talk["questions"] = [["question": "问题", "official_name": "周建国"]]
            let refused = try await client.call(.post, "/v1/activities", token: staff, json: talk)
            #expect(refused.status == .unprocessableContent && refused.errorFields == ["questions"], "\(refused.text)")
            for (question, field) in [
                (["question": "问题", "official_name": " "], "questions[0].official_name"),
                (["question": "", "official_name": "周建国"], "questions[0].question"),
                (["question": "问题", "official_name": "周建国", "department_id": UUID().uuidString], "questions[0].department_id"),
            ] as [([String: Any], String)] {
                let bad = try await client.call(
                    .post, "/v1/activities", token: staff, json: Self.inquiry(f, extra: ["questions": [question]]))
                #expect(bad.status == .unprocessableContent && bad.errorFields == [field], "\(field): \(bad.text)")
            }

            let created = try await client.call(.post, "/v1/activities", token: staff, json: Self.inquiry(f, kind: "talk"))
            let id = try #require((created["activity"] as? [String: Any])?["id"] as? String)
            _ = try await client.call(.post, "/v1/activities/\(id)/hold", token: staff, json: [:])
            let patched = try await client.call(
                .patch, "/v1/activities/\(id)", token: staff, json: ["questions": [["question": "问题", "official_name": "周建国"]]])
            #expect(patched.status == .unprocessableContent && patched.errorFields == ["questions"], "\(patched.text)")
            var body = Self.opinion
            body["department_id"] = r.countyDepartment.id.text
            let opinion = try await client.call(.post, "/v1/activities/\(id)/review-opinion", token: staff, json: body)
            #expect(opinion.status == .conflict && opinion.code == "not_an_inquiry", "\(opinion.text)")

            // an inquiry's questions are replaced by PATCH
            let inquiry = try await client.call(.post, "/v1/activities", token: staff, json: Self.inquiry(f))
            let inquiryID = try #require((inquiry["activity"] as? [String: Any])?["id"] as? String)
            let replaced = try await client.call(
                .patch, "/v1/activities/\(inquiryID)", token: staff,
                json: ["questions": [["question": "一", "official_name": "甲"], ["question": "二", "official_name": "乙"]]])
            #expect(
                ((replaced["activity"] as? [String: Any])?["questions"] as? [[String: Any]])?.map { $0["question"] as? String } == [
                    "一", "二",
                ])
        }
    }

    static func problemCount(_ client: some TestClientProtocol, _ activity: String, _ token: String) async throws -> Int {
        let page = try await client.call(.get, "/v1/activities/\(activity)", token: token)
        return (page["problems"] as? [[String: Any]])?.count ?? -1
    }
}
