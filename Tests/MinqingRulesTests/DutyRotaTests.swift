import Foundation
import MinqingRules
import Testing

@Suite struct DutyRotaTests {
    let wang = UUID(), li = UUID()

    func fields(_ slots: [DutySlot], elsewhere: [DutyRota.Busy] = []) -> [String] {
        do {
            try DutyRota.check(slots, month: "2026-12", elsewhere: elsewhere)
            return []
        } catch {
            guard case .invalid(let errors) = error else { return ["?"] }
            return errors.map(\.field)
        }
    }

    @Test func slotsLieInTheirMonthAndEndAfterTheyStart() {
        #expect(fields([DutySlot(date: "2026-12-10", from: 540, to: 690, representativeIDs: [wang])]).isEmpty)
        #expect(fields([DutySlot(date: "2027-01-04", from: 540, to: 690, representativeIDs: [wang])]) == ["slots[0].date"])
        #expect(fields([DutySlot(date: "2026-12-10", from: 690, to: 690, representativeIDs: [wang])]) == ["slots[0].to"])
        #expect(fields([DutySlot(date: "2026-12-10", from: 540, to: 600, representativeIDs: [])]) == ["slots[0].representative_ids"])
    }

    @Test func aRepresentativeIsNotOnTwoOverlappingSlots() {
        let morning = DutySlot(date: "2026-12-10", from: 540, to: 690, representativeIDs: [wang])
        #expect(
            fields([morning, DutySlot(date: "2026-12-10", from: 600, to: 720, representativeIDs: [li, wang])]) == [
                "slots[1].representative_ids"
            ])
        // back to back, another day, or another representative: fine
        #expect(fields([morning, DutySlot(date: "2026-12-10", from: 690, to: 720, representativeIDs: [wang])]).isEmpty)
        #expect(fields([morning, DutySlot(date: "2026-12-11", from: 540, to: 690, representativeIDs: [wang])]).isEmpty)
        #expect(fields([morning, DutySlot(date: "2026-12-10", from: 540, to: 690, representativeIDs: [li])]).isEmpty)
        // nor on a slot at another station
        let busy = DutyRota.Busy(representativeID: wang, date: "2026-12-10", from: 660, to: 720)
        #expect(fields([morning], elsewhere: [busy]) == ["slots[0].representative_ids"])
    }

    @Test func clockTimesParseStrictly() {
        #expect(DutySlot.minutes("09:30") == 570 && DutySlot.minutes("23:59") == 1439)
        for bad in ["9:30", "24:00", "09:60", "0930", "09:3a", ""] { #expect(DutySlot.minutes(bad) == nil, "\(bad)") }
        #expect(DutySlot.clock(570) == "09:30")
    }
}
