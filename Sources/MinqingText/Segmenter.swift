import CWordBreak
import Foundation

/// Chinese (and mixed) text cut into words by ICU's word break iterator with its dictionary for Chinese
/// (Debian's libicu, through CWordBreak): 审批已经三个月没有进展 → 审批 已经 三个月 没有 进展. Spaces and
/// punctuation are dropped; letters, numbers and ideographs are kept as ICU cuts them.
public enum Segmenter {
    public struct Word: Sendable, Equatable {
        public var text: String
        public var kind: Kind
    }

    public enum Kind: Sendable, Equatable {
        case ideographic, letter, number, other
    }

    public static func words(_ text: String) -> [Word] {
        let units = Array(text.utf16)
        guard !units.isEmpty else { return [] }
        // never more words than UTF-16 units
        var starts = [Int32](repeating: 0, count: units.count)
        var ends = starts
        var statuses = starts
        let count = mq_word_breaks("zh", units, Int32(units.count), &starts, &ends, &statuses, Int32(units.count))
        guard count > 0 else { return [] }
        return (0..<Int(count)).compactMap { index in
            // rule status 0–99: spaces and punctuation
            guard statuses[index] >= 100 else { return nil }
            let word = String(decoding: units[Int(starts[index])..<Int(ends[index])], as: UTF16.self)
            return Word(text: word, kind: kind(statuses[index]))
        }
    }

    private static func kind(_ status: Int32) -> Kind {
        switch status {
        case 100..<200: .number
        case 200..<300: .letter
        case 400..<500: .ideographic
        default: .other
        }
    }
}
