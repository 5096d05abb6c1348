import Foundation
import MinqingRules
import Testing

@Suite struct SpotCheckDrawTests {
    let draw = SpotCheckDraw(seed: SpotCheckDraw.seed(year: 2026), share: 0.1, minimum: 3)

    @Test func theSizeIsTheShareRoundedUpAtLeastTheMinimumAtMostThePool() {
        let cases: [(pool: Int, size: Int)] = [
            (0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (29, 3), (30, 3), (31, 4), (40, 4), (41, 5),
            (100, 10), (101, 11), (473, 48), (10_000, 1_000),
        ]
        for (pool, size) in cases { #expect(draw.size(pool: pool) == size, "pool \(pool)") }
        #expect(SpotCheckDraw(seed: 1, share: 0.25, minimum: 0).size(pool: 7) == 2)
        #expect(SpotCheckDraw(seed: 1, share: 1, minimum: 3).size(pool: 7) == 7)
    }

    @Test func positionsRotateTheKeysByTheOffset() {
        for seed: Int64 in [1, 16_041_511, -7, .max, .min] {
            let draw = SpotCheckDraw(seed: seed, share: 0.1, minimum: 3)
            #expect(draw.position(ofKey: draw.offset) == 0)
            let keys = (0..<1_000).map { (Double($0) + 0.5) / 1_000 }
            let positions = keys.map(draw.position(ofKey:))
            #expect(positions.allSatisfy { $0 >= 0 && $0 < 1 })
            // order by position = keys from the offset up, then from 0 up to the offset
            let byPosition = zip(keys, positions).sorted { $0.1 < $1.1 }.map(\.0)
            #expect(byPosition == keys.filter { $0 >= draw.offset } + keys.filter { $0 < draw.offset })
        }
    }

    @Test func theOffsetIsFixedBySeedInTheUnitIntervalAndSpreadsAcrossYears() {
        #expect(draw.offset == SpotCheckDraw(seed: draw.seed, share: 0.5, minimum: 9).offset)
        let offsets = (2020...2060).map { SpotCheckDraw(seed: SpotCheckDraw.seed(year: $0), share: 0.1, minimum: 3).offset }
        #expect(offsets.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(Set(offsets).count == offsets.count)
        // consecutive years do not start next to each other
        #expect(zip(offsets, offsets.dropFirst()).contains { abs($0 - $1) > 0.1 })
        let mean = offsets.reduce(0, +) / Double(offsets.count)
        #expect(mean > 0.3 && mean < 0.7)
        #expect(SpotCheckDraw.seed(year: 2026) == 2026 * 7919 + 17)
    }

    @Test func anIdIsTheYearAndTheSubmission() throws {
        let submission = UUID()
        let id = SpotCheckID(year: 2026, submission: submission)
        #expect(id.description == "2026-" + submission.uuidString.lowercased())
        #expect(SpotCheckID(id.description) == id)
        #expect(SpotCheckID("2026-" + submission.uuidString) == id)
        for bad in ["", "2026", "2026-", "26-\(submission)", "\(submission)", "2026-x", "20260-\(submission)", "abcd-\(submission)"] {
            #expect(SpotCheckID(bad) == nil, "\(bad)")
        }
    }
}
