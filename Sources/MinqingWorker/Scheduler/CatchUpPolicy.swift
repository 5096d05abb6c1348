/// What a worker that was down does about the periods it missed.
public enum CatchUpPolicy: String, Sendable {
    /// Enqueue every missed period, oldest first (reports: each month must have its sheet).
    case all
    /// Enqueue only the newest period (frequent scans: one scan covers everything missed).
    case latestOnly = "latest_only"
}
