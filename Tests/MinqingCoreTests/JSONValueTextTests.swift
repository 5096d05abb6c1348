import Foundation
import MinqingCore
import Testing

@Suite struct JSONValueTextTests {
    @Test func theTextDecodesBackToTheSameValue() throws {
        let value = JSONValue.object([
            "plain": .string("区住建局"), "quotes": .string("say \"hi\" \\ back/slash"), "controls": .string("a\nb\rc\td\u{01}e\u{1F}"),
            "emoji": .string("👍🏽 ok"), "empty": .string(""), "int": .int(-42), "big": .int(Int.max),
            "numbers": .array([.number(0.1), .number(100), .number(1e-7), .number(-2.5), .number(123456.789)]),
            "flags": .array([.bool(true), .bool(false), .null]), "nested": .object(["deeper": .array([.object([:]), .array([])])]),
        ])
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(value.text.utf8))
        #expect(decoded == value.normalizedNumbers)
        // what Foundation reads is what Foundation writes
        let viaFoundation = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        #expect(decoded == viaFoundation)
    }

    @Test func aLargeSnapshotReadsBackWhole() throws {
        let item = JSONValue.object((0..<10).reduce(into: [:]) { $0["field\($1)"] = .string("区住建局 \"路灯\" \($1)") })
        let big = JSONValue.array(Array(repeating: item, count: 5_000))
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(big.text.utf8))
        #expect(decoded == big)
    }

    @Test func controlCharactersAreEscapedAndNonFiniteNumbersAreNull() {
        #expect(JSONValue.string("\u{01}\n\"").text == #""\u0001\n\"""#)
        #expect(JSONValue.array([.number(.nan), .number(.infinity)]).text == "[null,null]")
        #expect(JSONValue.object(["k": .int(1)]).text == #"{"k":1}"#)
    }
}

extension JSONValue {
    /// Whole doubles read back as ints (as they do through JSONDecoder).
    var normalizedNumbers: JSONValue {
        switch self {
        case .number(let v) where v == v.rounded() && abs(v) < 1e15: .int(Int(v))
        case .array(let values): .array(values.map(\.normalizedNumbers))
        case .object(let members): .object(members.mapValues(\.normalizedNumbers))
        default: self
        }
    }
}
