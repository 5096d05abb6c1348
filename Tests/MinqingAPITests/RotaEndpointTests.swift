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
}
