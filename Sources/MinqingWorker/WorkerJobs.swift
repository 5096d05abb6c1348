import MinqingCore

/// The job kinds this worker runs. Later features add their kinds here.
public enum WorkerJobs {
    public static func all(config: AppConfig) -> [JobKind] {
        let periodic: [JobKind] = [
            DeadlineScan.kind(policy: config.rhythm, loop: config.loop),
            MonthlyTracking.kind(policy: config.rhythm),
            QuarterlyOversight.kind(),
            AnnualEvaluation.kind(policy: config.rhythm),
            StateHousekeeping.kind(),
            SuggestionAssignment.kind(loop: config.loop, rhythm: config.rhythm),
            StationReminders.kind(policy: config.rhythm),
            WeeklyHotWords.kind(),
            MonthlyDigestJob.kind(policy: config.rhythm),
            RepresentativeRankingJob.kind(policy: config.rhythm),
            RollupCompaction.kind(),
        ]
        let frequent = periodic.filter { $0.policy == .latestOnly }.map(\.name)
        let kinds = periodic + [LedgerHousekeeping.kind(pruning: frequent)]
        guard let lease = config.jobLease else { return kinds }
        return kinds.map { $0.leased(for: lease) }
    }
}
