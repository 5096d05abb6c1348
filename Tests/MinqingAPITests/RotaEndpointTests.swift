import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// A station's duty rota (代表轮值驻站): the month's slots and their refusals, check-in only on the day by a
/// representative on the slot, and the reception a slot held.
@Suite(.timeLimit(.minutes(3))) struct RotaEndpointTests {
    /// Today's local date, another day of this month, and the month.
    static func days(_ services: APIServices) -> (today: String, other: String, month: String) {
        let (year, month, day) = services.calendar.ymd(Date())
        let format = { (d: Int) in String(format: "%04d-%02d-%02d", year, month, d) }
        return (format(day), format(day == 1 ? 2 : day - 1), String(format: "%04d-%02d", year, month))
    }

    @Test func aMonthsRotaWithCheckInOnTheDayAndAReception() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let (today, other, month) = Self.days(services)
            let repA = r.representativeA.id.text
            let path = "/v1/stations/\(r.stationA.id.text)/rota?month=\(month)"
            let written = try await client.call(
                .put, path, token: r.streetStaffA,
                json: [
                    "slots": [
                        ["date": today, "from": "00:00", "to": "23:59", "representative_ids": [repA]],
                        ["date": other, "from": "09:00", "to": "11:30", "representative_ids": [repA]],
                    ]
                ])
            #expect(written.status == .ok, "\(written.text)")
            let slots = written["slots"] as? [[String: Any]] ?? []
            let todayID = try #require(slots.first { $0["date"] as? String == today }?["id"] as? String)
            let otherID = try #require(slots.first { $0["date"] as? String == other }?["id"] as? String)
            #expect(slots.first { $0["date"] as? String == other }?["from"] as? String == "09:00")

            // the refusals, each naming its field
            let cases: [([String: Any], String)] = [
                (["date": "1999-01-04", "from": "09:00", "to": "10:00", "representative_ids": [repA]], "slots[1].date"),
                (["date": other, "from": "11:00", "to": "10:00", "representative_ids": [repA]], "slots[1].to"),
                (["date": other, "from": "9:00", "to": "10:00", "representative_ids": [repA]], "slots[1].from"),
                (["date": other, "from": "10:00", "to": "12:00", "representative_ids": [repA]], "slots[1].representative_ids"),
            ]
            for (slot, field) in cases {
                let refused = try await client.call(
                    .put, path, token: r.streetStaffA,
                    json: ["slots": [["id": otherID, "date": other, "from": "09:00", "to": "11:30", "representative_ids": [repA]], slot]])
                #expect(refused.status == .unprocessableContent && refused.errorFields == [field], "\(field): \(refused.text)")
            }
            // nor on duty at another station at the same time
            let clash = try await client.call(
                .put, "/v1/stations/\(r.stationB.id.text)/rota?month=\(month)", token: f.admin,
                json: ["slots": [["date": other, "from": "11:00", "to": "12:00", "representative_ids": [repA]]]])
            #expect(clash.status == .unprocessableContent && clash.errorFields == ["slots[0].representative_ids"], "\(clash.text)")

            // check-in: only on the day, only by a representative on the slot
            let wrongDay = try await client.call(.post, "/v1/rota-slots/\(otherID)/check-in", token: f.representative)
            #expect(wrongDay.status == .conflict && wrongDay.code == "not_slot_day", "\(wrongDay.text)")
            let checkedIn = try await client.call(.post, "/v1/rota-slots/\(todayID)/check-in", token: f.representative)
            #expect(checkedIn.status == .noContent, "\(checkedIn.text)")
            let co = try await SuggestionEndpointTests.coSigner(f, services)  // another representative of station A
            let notOnIt = try await client.call(.post, "/v1/rota-slots/\(todayID)/check-in", token: co.token)
            #expect(notOnIt.status == .forbidden, "\(notOnIt.text)")
            let elsewhere = try await client.call(.post, "/v1/rota-slots/\(todayID)/check-in", token: r.otherRepresentativeToken)
            #expect(elsewhere.status == .notFound, "\(elsewhere.text)")

            // the reception, once the slot has started
            let reception = try await client.call(
                .post, "/v1/rota-slots/\(todayID)/reception", token: f.representative, json: ["visitors": 12, "note": "接待居民12人次"])
            #expect(reception.status == .noContent, "\(reception.text)")
            let read = try await client.call(.get, path, token: f.representative)
            let mine = read["slots"] as? [[String: Any]] ?? []
            let held = mine.first { $0["id"] as? String == todayID }
            #expect(held?["visitors"] as? Int == 12 && (held?["check_ins"] as? [[String: Any]])?.count == 1, "\(read.text)")
            // a slot with a check-in stays in the rota
            let dropped = try await client.call(
                .put, path, token: r.streetStaffA,
                json: ["slots": [["id": otherID, "date": other, "from": "09:00", "to": "11:30", "representative_ids": [repA]]]])
            #expect(dropped.status == .conflict && dropped.code == "slot_in_use", "\(dropped.text)")
            // another region's staff do not see the station's rota
            #expect(try await client.call(.get, path, token: r.streetStaffB).status == .notFound)
        }
    }

    @Test func aFutureSlotsReceptionWaitsForItsStart() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            // the 10th of next month
            let (year, month, _) = services.calendar.ymd(Date())
            let next = services.calendar.ymd(services.calendar.date(year: year, month: month + 1, day: 10))
            let date = String(format: "%04d-%02d-%02d", next.year, next.month, next.day)
            let written = try await client.call(
                .put, "/v1/stations/\(r.stationA.id.text)/rota?month=\(String(format: "%04d-%02d", next.year, next.month))",
                token: r.streetStaffA,
                json: ["slots": [["date": date, "from": "09:00", "to": "11:00", "representative_ids": [r.representativeA.id.text]]]])
            let id = try #require((written["slots"] as? [[String: Any]])?.first?["id"] as? String, "\(written.text)")
            let early = try await client.call(.post, "/v1/rota-slots/\(id)/reception", token: r.streetStaffA, json: ["visitors": 3])
            #expect(early.status == .conflict && early.code == "slot_not_started", "\(early.text)")
        }
    }

    @Test func receptionFilingsAreLinkedToTheirSlot() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let (today, _, month) = Self.days(services)
            let path = "/v1/stations/\(r.stationB.id.text)/rota?month=\(month)"
            let written = try await client.call(
                .put, path, token: f.admin,
                json: ["slots": [["date": today, "from": "00:00", "to": "23:59", "representative_ids": [r.representativeA.id.text]]]])
            let slot = try #require((written["slots"] as? [[String: Any]])?.first?["id"] as? String, "\(written.text)")
            let body: [String: Any] = [
                "channel": "reception", "rota_slot_id": slot, "kind": "opinion", "category": "parking", "content": "接待日群众反映停车难",
            ]
            let filed = try await client.call(.post, "/v1/submissions", token: f.representative, json: body)
            #expect(filed.status == .created, "\(filed.text)")
            let detail = try await client.call(.get, "/v1/submissions/\(filed.string("id") ?? "")", token: f.admin)
            // the slot names the station: station B, not the representative's home station A
            #expect(detail.string("rota_slot_id") == slot && detail.string("station_id") == r.stationB.id.text, "\(detail.text)")
            #expect(detail.string("channel") == "reception")
            let read = try await client.call(.get, path, token: f.admin)
            #expect((read["slots"] as? [[String: Any]])?.first?["submissions"] as? Int == 1, "\(read.text)")
            // a slot an item was filed at stays in the rota
            let dropped = try await client.call(.put, path, token: f.admin, json: ["slots": [] as [Any]])
            #expect(dropped.status == .conflict && dropped.code == "slot_in_use", "\(dropped.text)")

            // the refusals, each naming its field
            let withCode = try await client.call(
                .post, "/v1/submissions", json: body.merging(["code": f.code, "channel": "code"]) { $1 })
            #expect(withCode.status == .unprocessableContent && withCode.errorFields == ["rota_slot_id"], "\(withCode.text)")
            let withStation = try await client.call(
                .post, "/v1/submissions", token: f.representative, json: body.merging(["station_id": r.stationA.id.text]) { $1 })
            #expect(withStation.status == .unprocessableContent && withStation.errorFields == ["station_id"], "\(withStation.text)")
            // a representative of station B not on the slot may not; a slot out of the filer's scope reads as unknown
            let notOnIt = try await client.call(.post, "/v1/submissions", token: r.otherRepresentativeToken, json: body)
            #expect(notOnIt.status == .forbidden, "\(notOnIt.text)")
            let co = try await SuggestionEndpointTests.coSigner(f, services)  // a representative of station A
            for token in [r.streetStaffA, co.token] {
                let outside = try await client.call(.post, "/v1/submissions", token: token, json: body)
                #expect(outside.status == .unprocessableContent && outside.errorFields == ["rota_slot_id"], "\(outside.text)")
                let unknown = try await client.call(
                    .post, "/v1/submissions", token: token, json: body.merging(["rota_slot_id": UUID().uuidString]) { $1 })
                #expect(unknown.status == outside.status && unknown.errorFields == outside.errorFields)
            }
        }
    }

    @Test func aFilingAtASlotNotYetStartedIsRefused() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let (day, month) = Self.tomorrow(services)
            let written = try await client.call(
                .put, "/v1/stations/\(f.registry.stationA.id.text)/rota?month=\(month)", token: f.admin,
                json: [
                    "slots": [["date": day, "from": "09:00", "to": "11:00", "representative_ids": [f.registry.representativeA.id.text]]]
                ])
            let slot = try #require((written["slots"] as? [[String: Any]])?.first?["id"] as? String, "\(written.text)")
            let early = try await client.call(
                .post, "/v1/submissions", token: f.representative,
                json: ["channel": "reception", "rota_slot_id": slot, "kind": "opinion", "category": "parking", "content": "接待日群众反映停车难"])
            #expect(early.status == .conflict && early.code == "slot_not_started", "\(early.text)")
        }
    }

    @Test func theCodePagesShowTheNextDutySlotAndReceptionDay() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let (day, month) = Self.tomorrow(services)
            let today = services.calendar.ymd(Date()).day
            let patched = try await client.call(
                .patch, "/v1/stations/\(r.stationA.id.text)", token: f.admin,
                json: ["reception_schedule": ["frequency": "monthly", "day_of_month": today]])
            #expect(patched.status == .ok, "\(patched.text)")
            let co = try await SuggestionEndpointTests.coSigner(f, services)  // another representative of station A
            let written = try await client.call(
                .put, "/v1/stations/\(r.stationA.id.text)/rota?month=\(month)", token: f.admin,
                json: [
                    "slots": [
                        ["date": day, "from": "08:00", "to": "09:00", "representative_ids": [co.id]],
                        ["date": day, "from": "14:00", "to": "16:30", "representative_ids": [r.representativeA.id.text]],
                    ]
                ])
            #expect(written.status == .ok, "\(written.text)")
            let stationCode = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .station, targetID: r.stationA.id, now: Date()).code

            // the station's code: its next slot, whoever is on it; the representative's: his next one there
            let station = try await client.call(.get, "/v1/codes/\(stationCode)")
            let stationDuty = station["next_duty"] as? [String: Any]
            #expect(stationDuty?["date"] as? String == day && stationDuty?["from"] as? String == "08:00", "\(station.text)")
            #expect(station.string("next_reception_day") == Self.days(services).today, "\(station.text)")
            let mine = try await client.call(.get, "/v1/codes/\(f.code)")
            let myDuty = mine["next_duty"] as? [String: Any]
            #expect(myDuty?["from"] as? String == "14:00" && myDuty?["to"] as? String == "16:30", "\(mine.text)")
            #expect(myDuty?["representatives"] as? [String] == [r.representativeA.name])

            let page = try await PageBrowser(client).get("/c/\(f.code)")
            #expect(page.html.contains("下次代表驻站") && page.html.contains("14:00–16:30"), "\(page.html)")
            #expect(page.html.contains("下个接待日"))
        }
    }

    /// Tomorrow's local date and its month.
    static func tomorrow(_ services: APIServices) -> (day: String, month: String) {
        let (year, month, day) = services.calendar.ymd(Date())
        let next = services.calendar.ymd(services.calendar.date(year: year, month: month, day: day + 1, hour: 12))
        return (String(format: "%04d-%02d-%02d", next.year, next.month, next.day), String(format: "%04d-%02d", next.year, next.month))
    }
}
