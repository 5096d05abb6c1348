import Foundation
import MinqingRules

/// One sampled submission of a year's spot check (回头看), with its verdict once given.
public struct SpotCheck: Sendable {
    public let id: SpotCheckID
    public let departmentID: UUID
    public let departmentName: String
    public let receiptNo: String
    /// The seed the department's sample was drawn with, so anyone can redraw it.
    public let seed: Int64
    public let verdict: LoopService.SpotCheckVerdict?
    public let note: String?
    public let decidedAt: Date?
}
