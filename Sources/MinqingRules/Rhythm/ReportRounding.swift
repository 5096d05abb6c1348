import Foundation

/// How the reports and the dashboard write their figures, so the same figure reads the same everywhere:
/// shares and rates to three decimals, working days and scores to one.
public enum ReportRounding {
    public static func rate(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    public static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// `part ÷ whole` as a rate; nil when `whole` is 0.
    public static func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : rate(Double(part) / Double(whole)) }
}
