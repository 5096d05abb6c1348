import Foundation

/// Configuration lists written `name=value,name=value` (MINQING_WORKING_DAYS, MINQING_RECORD_WEIGHTS): the
/// pairs, trimmed, in order; nil when one is not `name=value`. The callers check the names and values.
public enum NamedValues {
    public static func parse(_ text: String) -> [(name: String, value: String)]? {
        var pairs: [(name: String, value: String)] = []
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { return nil }
            pairs.append((pair[0], pair[1]))
        }
        return pairs
    }
}
