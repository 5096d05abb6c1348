import CQRencode

/// QR error-correction level (how much of the symbol may be damaged and still decode).
public enum QRErrorCorrection: Sendable, CaseIterable {
    /// About 7 % recovery.
    case low
    /// About 15 % recovery — the default, a good fit for printed posters.
    case medium
    /// About 25 % recovery.
    case quartile
    /// About 30 % recovery.
    case high

    var cLevel: QRecLevel {
        switch self {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
    }
}
