import Foundation
import MinqingRules
import Testing

@Suite struct Open311RulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let day: TimeInterval = 86_400

    @Test func closedAndRejectedItemsAreClosedEverythingElseOpen() {
        #expect(SubmissionStatus.allCases.filter { Open311Status($0) == .closed } == [.rejected, .closed])
        #expect(Open311Status.open.submissionStatuses == [.submitted, .accepted, .merged, .assigned, .replied, .reopened])
        #expect(Set(Open311Status.allCases.flatMap(\.submissionStatuses)) == Set(SubmissionStatus.allCases))
    }

    @Test func theWindowIsTheLatestNinetyDaysOrNinetyDaysFromAGivenEnd() throws {
        #expect(try Open311Window.resolve(start: nil, end: nil, now: now) == now.addingTimeInterval(-90 * day)...now)
        let start = now.addingTimeInterval(-200 * day)
        #expect(try Open311Window.resolve(start: start, end: nil, now: now) == start...start.addingTimeInterval(90 * day))
        #expect(try Open311Window.resolve(start: nil, end: start, now: now) == start.addingTimeInterval(-90 * day)...start)
        #expect(try Open311Window.resolve(start: start, end: start.addingTimeInterval(90 * day), now: now).upperBound > start)
        #expect(throws: DomainError.invalid("end_date", "may not be more than 90 days after start_date")) {
            try Open311Window.resolve(start: start, end: start.addingTimeInterval(90 * day + 1), now: now)
        }
        #expect(throws: DomainError.invalid("start_date", "must not be after end_date")) {
            try Open311Window.resolve(start: now, end: start, now: now)
        }
    }

    @Test func pagesHoldUpToAThousand() throws {
        #expect(try Open311Window.page(nil, size: nil) == (0, 1000))
        #expect(try Open311Window.page(3, size: 20) == (40, 20))
        for (page, size) in [(0, 10), (1, 0), (1, 1001)] {
            #expect(throws: DomainError.self) { try Open311Window.page(page, size: size) }
        }
    }
}
