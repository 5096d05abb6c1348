/// Where one period of a job kind is in the ledger (`job_runs.state`).
public enum JobRunState: String, Sendable, CaseIterable {
    case pending, running, succeeded, failed
}
