import Foundation

/// The terms of an item's text for hot words (民意热词): ICU's words, then the user dictionary's domain
/// terms merged back where ICU split them (longest match over consecutive words: 加装|电梯 → 加装电梯), then
/// the stop list and single characters, numbers and punctuation dropped. Counts are per item.
public struct TermExtractor: Sendable {
    public let dictionary: Set<String>
    public let stopWords: Set<String>
    /// The most words one dictionary term spans.
    let longest: Int

    public init(dictionary: Set<String>, stopWords: Set<String>) {
        self.dictionary = dictionary
        self.stopWords = stopWords
        longest = max(1, dictionary.map(\.count).max() ?? 1)
    }

    /// The project's lexicon: `Lexicon/userdict.txt` and `Lexicon/stopwords.txt` (one entry a line, `#` comments).
    public static let standard = TermExtractor(
        dictionary: Set(Self.lexicon("userdict")), stopWords: Set(Self.lexicon("stopwords")))

    static func lexicon(_ name: String) -> [String] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Lexicon"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    /// The words of `text` after the dictionary merge, in order, stop words included.
    public func words(_ text: String) -> [String] {
        let cut = Segmenter.words(text)
        var merged: [String] = []
        var index = 0
        while index < cut.count {
            var taken = 1
            var joined = cut[index].text
            var candidate = joined
            var next = index + 1
            // the longest run of following words that forms a dictionary term
            while next < cut.count, candidate.count < longest {
                candidate += cut[next].text
                next += 1
                if dictionary.contains(candidate) { (joined, taken) = (candidate, next - index) }
            }
            merged.append(joined)
            index += taken
        }
        return merged
    }

    /// Term → how often it occurs in `text`: dictionary terms, and words of two or more characters with an
    /// ideograph or letter that are not stop words.
    public func terms(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for word in words(text) where isTerm(word) {
            counts[word.lowercased(), default: 0] += 1
        }
        return counts
    }

    func isTerm(_ word: String) -> Bool {
        if dictionary.contains(word) { return true }
        guard word.count >= 2, !stopWords.contains(word) else { return false }
        return word.unicodeScalars.contains { $0.properties.isIdeographic || $0.properties.isAlphabetic }
            && !word.unicodeScalars.allSatisfy { $0.properties.numericType != nil }
    }
}
