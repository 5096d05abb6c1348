import Foundation
import MinqingRules
import Testing

/// The record's weighting (履职档案 → 履职排名): the configuration's text and the score.
@Suite struct RecordWeightsTests {
    @Test func theConfigurationOverridesNamedWeightsAndRefusesTheRest() throws {
        let weights = try #require(RecordWeights.parse("suggestion_led=8, slot_missed = -3"))
        #expect(weights.suggestionLed == 8 && weights.slotMissed == -3 && weights.slotKept == 2)
        #expect(RecordWeights.parse("") == RecordWeights())
        for bad in ["nonsense=1", "slot_kept=1,slot_kept=2", "slot_kept", "slot_kept=x", "slot_kept=101", "reception=-100.5"] {
            #expect(RecordWeights.parse(bad) == nil, "\(bad)")
        }
        #expect(RecordWeights.parse("reception=-100")?.reception == -100)
        #expect(Set(RecordWeights.names.map(\.name)).count == 10)
    }

    @Test func theScoreIsTheWeightedSumToOneDecimal() {
        var counts = RecordCounts()
        #expect(RecordWeights().score(counts) == 0)
        (counts.slotsKept, counts.slotsMissed, counts.suggestionsLed) = (3, 1, 2)
        #expect(RecordWeights().score(counts) == 3 * 2 - 2 + 2 * 5)
        var weights = RecordWeights()
        weights.slotKept = 0.33
        #expect(weights.score(counts) == 9.0)  // 0.99 − 2 + 10 = 8.99 → 9.0
        counts.slotsKept = 1
        #expect(weights.score(counts) == 8.3)  // 0.33 − 2 + 10 = 8.33 → 8.3
    }
}
