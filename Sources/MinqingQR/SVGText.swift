/// Small helpers shared by the SVG renderers (internal).
enum SVGText {
    /// Escapes `& < > " '` and drops characters that XML 1.0 forbids
    /// (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF), so any input yields
    /// well-formed XML in both text and attribute positions.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Formats a coordinate with at most three decimals, no exponent, no
    /// trailing zeros, independent of locale ("12", "12.5", "0.333").
    static func number(_ value: Double) -> String {
        let scaled = (value * 1000).rounded()
        guard scaled.isFinite else { return "0" }
        let negative = scaled < 0
        let thousandths = Int(abs(scaled))
        var text = String(thousandths / 1000)
        let fraction = thousandths % 1000
        if fraction != 0 {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return negative && thousandths != 0 ? "-" + text : text
    }
}
