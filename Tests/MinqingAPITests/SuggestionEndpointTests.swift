import Foundation
import HTTPTypes
import HummingbirdBcrypt
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Representatives' suggestions (代表建议) through the API: drafting with co-signers, submit and its
/// number, review, assignment on the one handling engine, and the refusals.
@Suite(.timeLimit(.minutes(3))) struct SuggestionEndpointTests {
    /// A second representative of street A (a co-signer) with his token.
    static func coSigner(_ f: LoopFixture, _ services: APIServices) async throws -> (id: String, token: String) {
        let rep = try await RepresentativeStore(database: services.database, logger: services.logger).create(
            .init(name: "陈明", level: .county, homeStationID: f.registry.stationA.id, regionID: f.registry.streetA.id), now: Date())
        let user = try await UserStore(database: services.database, logger: services.logger).create(
            .init(username: "rep-c", passwordHash: Bcrypt.hash("x", cost: 4), role: .representative, representativeID: rep.id),
            now: Date())
        let token = try await TokenStore(database: services.database, logger: services.logger)
            .issue(for: user.id, now: Date(), lifetime: 3600).token
        return (rep.id.text, token)
    }

    static func draft(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "type": "suggestion", "title": "关于增设江南社区学位的建议", "body": "江南社区适龄儿童逐年增加，建议增设学位。",
            "category": "urban_rural_construction",
        ]
        body.merge(extra) { $1 }
        return body
    }

    @Test func aSuggestionGoesFromDraftToTheDepartmentsOnTheHandlingEngine() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let co = try await Self.coSigner(f, services)
            // it grows from a resident's submission the representative sees
            let (source, _) = try await client.file(f)
            let created = try await client.call(
                .post, "/v1/suggestions", token: f.representative,
                json: Self.draft(["co_signer_ids": [co.id], "source_submission_ids": [source]]))
            #expect(created.status == .created, "\(created.text)")
            let suggestion = try #require(created["suggestion"] as? [String: Any])
            let id = try #require(suggestion["id"] as? String)
            #expect(suggestion["status"] as? String == "draft")
            #expect(suggestion["representative_id"] as? String == r.representativeA.id.text)
            #expect(suggestion["region_id"] as? String == r.streetA.id.text)
            #expect(suggestion["number"] == nil)
            #expect(suggestion["source_submission_ids"] as? [String] == [source])
            let invited = try #require((suggestion["co_signers"] as? [[String: Any]])?.first)
            #expect(invited["status"] as? String == "invited")

            // the co-signer sees it and confirms; he may not submit it
            #expect(try await client.call(.get, "/v1/suggestions", token: co.token).items.count == 1)
            let refused = try await client.call(.post, "/v1/suggestions/\(id)/submit", token: co.token)
            #expect(refused.status == .forbidden, "\(refused.text)")
            let signed = try await client.call(.post, "/v1/suggestions/\(id)/co-sign", token: co.token)
            #expect(signed.status == .ok, "\(signed.text)")
            let signers = (signed["suggestion"] as? [String: Any])?["co_signers"] as? [[String: Any]]
            #expect(signers?.first?["status"] as? String == "confirmed")
            // the lead is not a co-signer
            let lead = try await client.call(.post, "/v1/suggestions/\(id)/co-sign", token: f.representative)
            #expect(lead.status == .conflict && lead.code == "not_invited")

            // submit: numbered between sessions in the local year
            let submitted = try await client.call(.post, "/v1/suggestions/\(id)/submit", token: f.representative)
            #expect(submitted.status == .ok, "\(submitted.text)")
            let number = (submitted["suggestion"] as? [String: Any])?["number"] as? String
            let year = services.calendar.ymd(Date()).year
            #expect(number == "闭-\(year)-0001")

            // review and assignment by the street's staff: the county department is due in three months
            #expect(try await client.call(.post, "/v1/suggestions/\(id)/accept", token: r.streetStaffA).status == .ok)
            let assigned = try await client.call(
                .post, "/v1/suggestions/\(id)/assign", token: r.token(.staff),
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(assigned.status == .ok, "\(assigned.text)")
            let assignment = try #require((assigned["assignments"] as? [[String: Any]])?.first)
            #expect(assignment["months"] as? Int == 3)
            #expect(assignment["working_days"] == nil)
            #expect((assigned["suggestion"] as? [String: Any])?["status"] as? String == "assigned")

            // the department lists both kinds of work
            _ = try await client.call(.post, "/v1/submissions/\(source)/accept", token: f.admin)
            _ = try await client.call(
                .post, "/v1/submissions/\(source)/assign", token: f.admin,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            let work = try await client.call(.get, "/v1/assignments", token: f.county).items
            #expect(Set(work.compactMap { $0["subject_kind"] as? String }) == ["submission", "suggestion"])
            let mine = try #require(work.first { $0["subject_kind"] as? String == "suggestion" })
            #expect(mine["subject_number"] as? String == number)
            #expect(mine["subject_title"] as? String == "关于增设江南社区学位的建议")
            #expect(mine["suggestion_id"] as? String == id && mine["submission_id"] == nil && mine["receipt_no"] == nil)
            // the suggestion is the department's to read now
            #expect(try await client.call(.get, "/v1/suggestions/\(id)", token: f.county).status == .ok)
            #expect(try await client.call(.get, "/v1/suggestions/\(id)", token: f.cityToken).status == .notFound)

            // the engine's department side: acknowledge, an extension in months, the reply answers it
            let assignmentID = try #require(mine["id"] as? String)
            #expect(try await client.call(.post, "/v1/assignments/\(assignmentID)/acknowledge", token: f.county).status == .ok)
            let wrongUnit = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/extension", token: f.county, json: ["working_days": 5, "reason": "需协调"])
            #expect(wrongUnit.status == .unprocessableContent && wrongUnit.text.contains("working_days"), "\(wrongUnit.text)")
            let tooLong = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/extension", token: f.county, json: ["months": 4, "reason": "需协调"])
            #expect(tooLong.status == .unprocessableContent && tooLong.text.contains("months"), "\(tooLong.text)")
            let asked = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/extension", token: f.county, json: ["months": 2, "reason": "需协调"])
            #expect(asked.status == .ok, "\(asked.text)")
            let approved = try await client.call(.post, "/v1/assignments/\(assignmentID)/extension/approve", token: f.admin)
            #expect(approved.status == .ok && approved["months"] as? Int == 5, "\(approved.text)")
            let replied = try await client.call(
                .post, "/v1/assignments/\(assignmentID)/reply", token: f.county,
                json: ["outcome": "planned", "text": "已列入明年学校建设计划。", "promised_on": "2027-09-01"])
            #expect(replied.status == .ok, "\(replied.text)")
            let answered = try await client.call(.get, "/v1/suggestions/\(id)", token: f.representative)
            let state = answered["suggestion"] as? [String: Any]
            #expect(state?["status"] as? String == "answered")
            #expect(state?["allowed_actions"] as? [String] == ["rate"])
            let actions = (answered["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(
                actions == [
                    "drafted", "co_signed", "submitted", "accepted", "assignment_created", "assigned", "acknowledged",
                    "extension_requested", "extension_approved", "department_replied", "replied",
                ])
        }
    }

    @Test func reviewReturnsForRevisionOrConverts() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let id = try await Self.submitted(client, f)
            let returned = try await client.call(
                .post, "/v1/suggestions/\(id)/return", token: r.streetStaffA, json: ["reason": "请补充学位缺口的数据"])
            #expect(returned.status == .ok, "\(returned.text)")
            let draft = returned["suggestion"] as? [String: Any]
            #expect(draft?["status"] as? String == "draft" && draft?["review_note"] as? String == "请补充学位缺口的数据")
            let number = draft?["number"] as? String
            // revised and submitted again: the same number, the note cleared
            let revised = try await client.call(
                .patch, "/v1/suggestions/\(id)", token: f.representative, json: ["body": "缺口约300个学位，建议增设。"])
            #expect(revised.status == .ok, "\(revised.text)")
            let again = try await client.call(.post, "/v1/suggestions/\(id)/submit", token: f.representative)
            let resubmitted = again["suggestion"] as? [String: Any]
            #expect(resubmitted?["number"] as? String == number && resubmitted?["review_note"] == nil)
            #expect(resubmitted?["body"] as? String == "缺口约300个学位，建议增设。")
            // a submitted one is no longer revised
            let late = try await client.call(.patch, "/v1/suggestions/\(id)", token: f.representative, json: ["title": "新标题"])
            #expect(late.status == .conflict && late.code == "invalid_transition", "\(late.text)")

            let converted = try await client.call(
                .post, "/v1/suggestions/\(id)/convert", token: r.streetStaffA, json: ["reason": "属个人诉求，转为来信办理"])
            let closed = converted["suggestion"] as? [String: Any]
            #expect(closed?["status"] as? String == "converted" && closed?["closed_at"] != nil)
            #expect(closed?["allowed_actions"] as? [String] == [])
            // filed as the representative's letter, which triage takes like any other
            let letterID = try #require(closed?["letter_submission_id"] as? String)
            let letter = try await client.call(.get, "/v1/submissions/\(letterID)", token: r.streetStaffA)
            #expect(letter.status == .ok, "\(letter.text)")
            let filed = Optional(letter.json)
            #expect(filed?["channel"] as? String == "suggestion" && filed?["status"] as? String == "submitted")
            #expect(filed?["receipt_no"] as? String == closed?["letter_receipt_no"] as? String)
            #expect(filed?["content"] as? String == "缺口约300个学位，建议增设。" && filed?["kind"] as? String == "suggestion")
            #expect(filed?["representative_id"] as? String == closed?["representative_id"] as? String)
            let firstNote = ((letter["timeline"] as? [[String: Any]])?.first?["note"] as? String) ?? ""
            #expect(firstNote.contains(number ?? "?") && firstNote.contains("属个人诉求"), "\(firstNote)")
            let mine = try await client.call(.get, "/v1/submissions/\(letterID)", token: f.representative)
            #expect(mine.status == .ok, "\(mine.text)")
            let triaged = try await client.call(.post, "/v1/submissions/\(letterID)/accept", token: r.streetStaffA)
            #expect(triaged.status == .ok, "\(triaged.text)")
            let assign = try await client.call(
                .post, "/v1/suggestions/\(id)/assign", token: f.admin,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(assign.status == .conflict && assign.code == "invalid_transition")
            #expect(assign.text.contains("converted"))
        }
    }

    @Test func badReferencesAreRefusedNamingTheField() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let district = try await client.call(
                .post, "/v1/sessions", token: f.admin,
                json: ["region_id": r.district.id.text, "name": "滨江区第三届人民代表大会第四次会议", "opens_on": "2027-01-10", "closes_on": "2027-01-13"])
            #expect(district.status == .created, "\(district.text)")
            // rep B's resident item, which rep A cannot see
            let otherCode = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .representative, targetID: r.representativeB.id, now: Date()).code
            var body = f.submission()
            body["code"] = otherCode
            let (unseen, _) = try await client.file(f, body)
            let cases: [([String: Any], String)] = [
                (["co_signer_ids": [r.representativeB.id.text]], "co_signer_ids[0]"),
                (["co_signer_ids": [r.representativeA.id.text]], "co_signer_ids[0]"),
                (["source_submission_ids": [unseen]], "source_submission_ids[0]"),
                (["session_id": district.string("id")!], "session_id"),
                (["category": "no_such_category"], "category"),
                (["title": "  "], "title"),
                (["body": ""], "body"),
            ]
            for (extra, field) in cases {
                let refused = try await client.call(.post, "/v1/suggestions", token: f.representative, json: Self.draft(extra))
                #expect(refused.status == .unprocessableContent, "\(field): \(refused.text)")
                #expect(refused.text.contains("\"\(field)\""), "\(field): \(refused.text)")
            }
            let badType = try await client.call(.post, "/v1/suggestions", token: f.representative, json: Self.draft(["type": "petition"]))
            #expect(badType.status == .badRequest || badType.status == .unprocessableContent, "\(badType.text)")
            // staff must name the representative, and only one of their own subtree
            let unnamed = try await client.call(.post, "/v1/suggestions", token: r.streetStaffA, json: Self.draft())
            #expect(unnamed.status == .unprocessableContent && unnamed.text.contains("representative_id"))
            let foreign = try await client.call(
                .post, "/v1/suggestions", token: r.streetStaffA, json: Self.draft(["representative_id": r.representativeB.id.text]))
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("representative_id"))
            let onBehalf = try await client.call(
                .post, "/v1/suggestions", token: r.streetStaffA, json: Self.draft(["representative_id": r.representativeA.id.text]))
            #expect(onBehalf.status == .created, "\(onBehalf.text)")
            // nothing half-written: only the one accepted draft exists
            #expect(try await client.call(.get, "/v1/suggestions", token: f.admin).items.count == 1)
            // departments and observers may not draft
            #expect(try await client.call(.post, "/v1/suggestions", token: f.county, json: Self.draft()).status == .forbidden)
            #expect(try await client.call(.post, "/v1/suggestions", token: r.token(.observer), json: Self.draft()).status == .forbidden)
        }
    }

    @Test func outOfScopeSuggestionsLookUnknown() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let id = try await Self.submitted(client, f)
            for token in [r.otherRepresentativeToken, r.streetStaffB, f.county] {
                #expect(try await client.call(.get, "/v1/suggestions/\(id)", token: token).status == .notFound)
                #expect(try await client.call(.get, "/v1/suggestions", token: token).items.isEmpty)
            }
            // street B's staff cannot act on it either, the same 404 before the body is read
            let accept = try await client.call(.post, "/v1/suggestions/\(id)/accept", token: r.streetStaffB)
            #expect(accept.status == .notFound)
            let unknown = try await client.call(.post, "/v1/suggestions/\(UUID().uuidString)/accept", token: r.streetStaffB)
            #expect(unknown.status == .notFound && unknown.code == accept.code)
            // the district and its leader read it; a leader does not review
            #expect(try await client.call(.get, "/v1/suggestions/\(id)", token: r.token(.leader)).status == .ok)
            #expect(try await client.call(.post, "/v1/suggestions/\(id)/accept", token: r.token(.leader)).status == .forbidden)
            // the wrong state names the current status
            let submitAgain = try await client.call(.post, "/v1/suggestions/\(id)/submit", token: f.representative)
            #expect(submitAgain.status == .conflict && submitAgain.text.contains("submitted"), "\(submitAgain.text)")
        }
    }

    @Test func numbersArePerSessionOrPerYearBetweenSessions() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let session = try await client.call(
                .post, "/v1/sessions", token: r.streetStaffA,
                json: ["region_id": r.streetA.id.text, "name": "西兴街道人民代表大会第二次会议", "opens_on": "2027-01-05", "closes_on": "2027-01-06"])
            #expect(session.status == .created, "\(session.text)")
            let sessionID = try #require(session.string("id"))
            // a session's name is unique in its region; another street's staff cannot make one here
            let twice = try await client.call(
                .post, "/v1/sessions", token: f.admin,
                json: ["region_id": r.streetA.id.text, "name": "西兴街道人民代表大会第二次会议", "opens_on": "2027-01-05", "closes_on": "2027-01-06"])
            #expect(twice.status == .unprocessableContent && twice.text.contains("name"))
            let foreign = try await client.call(
                .post, "/v1/sessions", token: r.streetStaffB,
                json: ["region_id": r.streetA.id.text, "name": "x", "opens_on": "2027-01-05", "closes_on": "2027-01-06"])
            #expect(foreign.status == .unprocessableContent && foreign.text.contains("region_id"))
            let backwards = try await client.call(
                .patch, "/v1/sessions/\(sessionID)", token: r.streetStaffA, json: ["closes_on": "2027-01-01"])
            #expect(backwards.status == .unprocessableContent && backwards.text.contains("closes_on"))

            var numbers: [String] = []
            for extra in [["session_id": sessionID], ["session_id": sessionID], [:]] {
                let id = try await Self.submitted(client, f, extra)
                let got = try await client.call(.get, "/v1/suggestions/\(id)", token: f.representative)
                numbers.append((got["suggestion"] as? [String: Any])?["number"] as? String ?? "")
            }
            #expect(numbers[0] == "第0001号" && numbers[1] == "第0002号")
            #expect(numbers[2].hasPrefix("闭-") && numbers[2].hasSuffix("-0001"))
            let inSession = try await client.call(.get, "/v1/suggestions?session_id=\(sessionID)", token: f.admin).items
            #expect(inSession.count == 2)
            #expect(try await client.call(.get, "/v1/suggestions?session_id=none", token: f.admin).items.count == 1)
        }
    }

    @Test func fromAnsweredToDoneWithContactsCoHandlersRatingsAndFollowUp() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let co = try await Self.coSigner(f, services)
            let id = try await Self.submitted(client, f, ["co_signer_ids": [co.id]])
            _ = try await client.call(.post, "/v1/suggestions/\(id)/co-sign", token: co.token)
            _ = try await client.call(.post, "/v1/suggestions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/suggestions/\(id)/assign", token: f.admin,
                json: [
                    "assignments": [
                        ["department_id": r.countyDepartment.id.text, "role": "lead"],
                        ["department_id": r.cityDepartment.id.text, "role": "co"],
                    ]
                ])
            let assignments = assigned["assignments"] as? [[String: Any]] ?? []
            let lead = try #require(assignments.first { $0["role"] as? String == "lead" }?["id"] as? String)
            let coHandler = try #require(assignments.first { $0["role"] as? String == "co" }?["id"] as? String)

            // contacts: before and during while open, after only once replied
            let at = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            let before = try await client.call(
                .post, "/v1/assignments/\(lead)/contacts", token: f.county,
                json: ["stage": "before", "method": "visit", "note": "上门听取王芳代表意见", "at": at])
            #expect(before.status == .ok, "\(before.text)")
            #expect((before["contacts"] as? [[String: Any]])?.first?["stage"] as? String == "before")
            let early = try await client.call(
                .post, "/v1/assignments/\(lead)/contacts", token: f.county,
                json: ["stage": "after", "method": "phone", "note": "回访", "at": at])
            #expect(early.status == .conflict && early.code == "invalid_transition")

            // a B reply promises a date; the lead's letter waits for the co-handler
            let noDate = try await client.call(
                .post, "/v1/assignments/\(lead)/reply", token: f.county, json: ["outcome": "planned", "text": "列入计划"])
            #expect(noDate.status == .unprocessableContent && noDate.text.contains("promised_on"), "\(noDate.text)")
            let badLink = try await client.call(
                .post, "/v1/assignments/\(lead)/reply", token: f.county,
                json: ["outcome": "planned", "text": "列入计划", "promised_on": "2027-06-30", "attachment_url": "http://x/y.pdf"])
            #expect(badLink.status == .unprocessableContent && badLink.text.contains("attachment_url"))
            let replied = try await client.call(
                .post, "/v1/assignments/\(lead)/reply", token: f.county,
                json: [
                    "outcome": "planned", "text": "已列入2027年学校建设计划。", "promised_on": "2027-06-30",
                    "attachment_url": "https://gov.example/letters/12.pdf",
                ])
            #expect(replied.status == .ok, "\(replied.text)")
            #expect((replied["replies"] as? [[String: Any]])?.first?["promised_on"] as? String == "2027-06-30")
            var state = try await client.call(.get, "/v1/suggestions/\(id)", token: f.representative)
            #expect((state["suggestion"] as? [String: Any])?["status"] as? String == "assigned")
            _ = try await client.call(
                .post, "/v1/assignments/\(coHandler)/reply", token: f.cityToken, json: ["outcome": "solved", "text": "配合完成用地审批。"])
            state = try await client.call(.get, "/v1/suggestions/\(id)", token: f.representative)
            #expect((state["suggestion"] as? [String: Any])?["status"] as? String == "answered")
            let answeredNote = (state["timeline"] as? [[String: Any]] ?? []).last { $0["action"] as? String == "replied" }?["note"]
            #expect(answeredNote as? String == "已列入2027年学校建设计划。")  // the lead's letter answers it

            // the co-signer's rating is kept and moves nothing; the lead's settles the round
            let coRating = try await client.call(
                .post, "/v1/suggestions/\(id)/rating", token: co.token, json: ["rating": "satisfied", "contacted_before": false])
            #expect(coRating.status == .ok, "\(coRating.text)")
            #expect((coRating["suggestion"] as? [String: Any])?["status"] as? String == "answered")
            let rated = try await client.call(
                .post, "/v1/suggestions/\(id)/rating", token: f.representative,
                json: ["rating": "basically_satisfied", "contacted_before": true, "comment": "希望按期落实"])
            #expect(rated.status == .ok, "\(rated.text)")
            let followed = rated["suggestion"] as? [String: Any]
            #expect(followed?["status"] as? String == "in_follow_up" && followed?["outcome"] as? String == "planned")
            #expect(followed?["promised_on"] as? String == "2027-06-30")
            let ratings = rated["ratings"] as? [[String: Any]] ?? []
            #expect(ratings.count == 2 && ratings.filter { $0["lead"] as? Bool == true }.count == 1)
            let twice = try await client.call(
                .post, "/v1/suggestions/\(id)/rating", token: f.representative, json: ["rating": "satisfied", "contacted_before": true])
            #expect(twice.status == .conflict && twice.code == "already_rated")

            // after the reply, the follow-up visit; then the lead department reports it done (the co-handler may not)
            let visit = try await client.call(
                .post, "/v1/assignments/\(lead)/contacts", token: f.county,
                json: ["stage": "after", "method": "meeting", "note": "回访代表，通报进度", "at": at])
            #expect(visit.status == .ok, "\(visit.text)")
            let notLead = try await client.call(.post, "/v1/suggestions/\(id)/done", token: f.cityToken, json: ["note": "已完成"])
            #expect(notLead.status == .forbidden, "\(notLead.text)")
            let done = try await client.call(.post, "/v1/suggestions/\(id)/done", token: f.county, json: ["note": "新校区已开工建设"])
            #expect(done.status == .ok, "\(done.text)")
            let finished = done["suggestion"] as? [String: Any]
            #expect(finished?["status"] as? String == "done" && finished?["done_note"] as? String == "新校区已开工建设")
            let again = try await client.call(.post, "/v1/suggestions/\(id)/done", token: f.county, json: ["note": "再报"])
            #expect(again.status == .conflict && again.code == "invalid_transition")
        }
    }

    @Test func anUnsatisfiedLeadOpensARehandlingRoundWithTheSameDepartments() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let id = try await Self.submitted(client, f)
            _ = try await client.call(.post, "/v1/suggestions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/suggestions/\(id)/assign", token: f.admin,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            let first = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String)
            // not rated before it is answered
            let early = try await client.call(
                .post, "/v1/suggestions/\(id)/rating", token: f.representative, json: ["rating": "satisfied", "contacted_before": true])
            #expect(early.status == .conflict && early.code == "invalid_transition")
            _ = try await client.call(
                .post, "/v1/assignments/\(first)/reply", token: f.county, json: ["outcome": "explained", "text": "受用地条件限制，暂难实施。"])
            let rated = try await client.call(
                .post, "/v1/suggestions/\(id)/rating", token: f.representative,
                json: ["rating": "unsatisfied", "contacted_before": false, "comment": "未见实际行动"])
            #expect(rated.status == .ok, "\(rated.text)")
            let suggestion = rated["suggestion"] as? [String: Any]
            #expect(suggestion?["status"] as? String == "assigned" && suggestion?["round"] as? Int == 2)
            let second = (rated["assignments"] as? [[String: Any]] ?? []).filter { $0["round"] as? Int == 2 }
            #expect(second.count == 1)
            #expect(second.first?["department_id"] as? String == r.countyDepartment.id.text && second.first?["months"] as? Int == 1)
            let actions = (rated["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(Array(actions.suffix(4)) == ["rated", "reopened", "assignment_created", "assigned"])
            // the department has both rounds' assignments
            let work = try await client.call(.get, "/v1/assignments", token: f.county).items
            #expect(work.compactMap { $0["round"] as? Int }.sorted() == [1, 2])
        }
    }

    @Test func proposedDepartmentsSeeAPreassignmentAndMayObject() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let id = try await Self.submitted(client, f)
            let early = try await client.call(
                .post, "/v1/suggestions/\(id)/preassign", token: r.streetStaffA,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            #expect(early.status == .conflict && early.code == "invalid_transition")  // not accepted yet
            _ = try await client.call(.post, "/v1/suggestions/\(id)/accept", token: r.streetStaffA)
            #expect(try await client.call(.get, "/v1/suggestions/\(id)", token: f.county).status == .notFound)
            let proposed = try await client.call(
                .post, "/v1/suggestions/\(id)/preassign", token: r.token(.staff),
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead", "months": 2]]])
            #expect(proposed.status == .ok, "\(proposed.text)")
            let pre = try #require((proposed["preassignments"] as? [[String: Any]])?.first)
            #expect(pre["department_id"] as? String == r.countyDepartment.id.text && pre["months"] as? Int == 2)
            #expect((proposed["suggestion"] as? [String: Any])?["status"] as? String == "preassigned")
            // the proposed department now sees it and was told; another does not
            #expect(try await client.call(.get, "/v1/suggestions/\(id)", token: f.county).status == .ok)
            let notices = try await client.call(.get, "/v1/notifications", token: f.county).items
            #expect(notices.contains { $0["type"] as? String == "suggestion.preassigned" })
            let stranger = try await client.call(.post, "/v1/suggestions/\(id)/objection", token: f.cityToken, json: ["reason": "x"])
            #expect(stranger.status == .notFound)
            let objected = try await client.call(
                .post, "/v1/suggestions/\(id)/objection", token: f.county, json: ["reason": "应由市住建局主办"])
            #expect(objected.status == .ok, "\(objected.text)")
            #expect((objected["preassignments"] as? [[String: Any]])?.first?["objection"] as? String == "应由市住建局主办")
            // staff re-propose and assign at once
            let assigned = try await client.call(
                .post, "/v1/suggestions/\(id)/assign", token: r.token(.staff),
                json: ["assignments": [["department_id": r.cityDepartment.id.text, "role": "lead"]]])
            #expect(assigned.status == .ok, "\(assigned.text)")
            #expect((assigned["suggestion"] as? [String: Any])?["status"] as? String == "assigned")
        }
    }

    @Test func aResidentsSubmissionBecomesASuggestionAndItsPageSaysSo() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (submission, tracking) = try await client.file(f)
            #expect(
                try await client.call(.post, "/v1/submissions/\(submission)/to-suggestion", token: r.otherRepresentativeToken).status
                    == .notFound)
            #expect(try await client.call(.post, "/v1/submissions/\(submission)/to-suggestion", token: f.admin).status == .forbidden)
            let made = try await client.call(.post, "/v1/submissions/\(submission)/to-suggestion", token: f.representative)
            #expect(made.status == .created, "\(made.text)")
            let draft = try #require(made["suggestion"] as? [String: Any])
            let id = try #require(draft["id"] as? String)
            #expect(draft["source_submission_ids"] as? [String] == [submission])
            #expect(draft["title"] as? String == "路灯坏了" && draft["category"] as? String == "urban_rural_construction")
            var page = try await client.call(.get, "/v1/tracking/\(tracking)")
            #expect((page["suggestion"] as? [String: Any])?["status"] as? String == "draft")
            let html = try await client.call(.get, "/t/\(tracking)")
            #expect(html.text.contains("已转为代表建议"), "\(html.text.prefix(400))")

            _ = try await client.call(.post, "/v1/suggestions/\(id)/submit", token: f.representative)
            _ = try await client.call(.post, "/v1/suggestions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/suggestions/\(id)/assign", token: f.admin,
                json: ["assignments": [["department_id": r.countyDepartment.id.text, "role": "lead"]]])
            let assignment = try #require((assigned["assignments"] as? [[String: Any]])?.first?["id"] as? String)
            page = try await client.call(.get, "/v1/tracking/\(tracking)")
            #expect((page["suggestion"] as? [String: Any])?["answer_summary"] == nil)
            _ = try await client.call(
                .post, "/v1/assignments/\(assignment)/reply", token: f.county, json: ["outcome": "solved", "text": "已更换全部路灯。"])
            page = try await client.call(.get, "/v1/tracking/\(tracking)")
            let shown = page["suggestion"] as? [String: Any]
            #expect(shown?["status"] as? String == "answered" && shown?["answer_summary"] as? String == "已更换全部路灯。")
            #expect((shown?["number"] as? String)?.hasPrefix("闭-") == true)
            let answeredPage = try await client.call(.get, "/t/\(tracking)")
            #expect(answeredPage.text.contains("已更换全部路灯。"))
        }
    }

    /// A draft by representative A, submitted.
    static func submitted(_ client: any TestClientProtocol, _ f: LoopFixture, _ extra: [String: Any] = [:]) async throws -> String {
        let created = try await client.call(.post, "/v1/suggestions", token: f.representative, json: draft(extra))
        guard let id = (created["suggestion"] as? [String: Any])?["id"] as? String else {
            throw TestFailure("drafting failed: \(created.text)")
        }
        let submitted = try await client.call(.post, "/v1/suggestions/\(id)/submit", token: f.representative)
        guard submitted.status == .ok else { throw TestFailure("submit failed: \(submitted.text)") }
        return id
    }
}
