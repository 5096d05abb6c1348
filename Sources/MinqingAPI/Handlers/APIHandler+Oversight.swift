import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import PostgresNIO

extension APIHandler {
    func getOversightMeeting(_ input: Operations.GetOversightMeeting.Input) async throws -> Operations.GetOversightMeeting.Output {
        return .ok(.init(body: .json(try await oversight(input.path.quarter))))
    }

    func updateOversightMeeting(_ input: Operations.UpdateOversightMeeting.Input) async throws -> Operations.UpdateOversightMeeting.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let notes = v.optional(body.notes, "notes", max: 10_000, multiline: true)
        let decisions = v.optional(body.decisions, "decisions", max: 10_000, multiline: true)
        try v.check()
        let rows = try await services.database.query(
            """
            UPDATE oversight_meetings SET notes = COALESCE(\(notes), notes), decisions = COALESCE(\(decisions), decisions),
                   updated_at = \(now)
            WHERE quarter = \(input.path.quarter) RETURNING 1
            """,
            logger: logger
        )
        guard !rows.isEmpty else { throw DomainError.notFound("Oversight meeting \(input.path.quarter)") }
        return .ok(.init(body: .json(try await oversight(input.path.quarter))))
    }

    private func oversight(_ quarter: String) async throws -> Components.Schemas.OversightMeeting {
        guard case .quarter? = Period(key: quarter) else { throw DomainError.invalid("quarter", "must be written YYYY-Qn") }
        let rows = try await services.database.query(
            "SELECT meeting_date::text, notes, decisions, updated_at FROM oversight_meetings WHERE quarter = \(quarter)", logger: logger
        )
        guard let row = rows.first else { throw DomainError.notFound("Oversight meeting \(quarter)") }
        let (date, notes, decisions, updated) = try row.decode((String, String?, String?, Date).self)
        let list = try await reports.latest(.quarterly, period: quarter)
        return .init(quarter: quarter, meetingDate: date, notes: notes, decisions: decisions, updatedAt: updated,
                     list: try list.map { try .init($0, data: $0.data) })
    }

    /// The tasks of a year's samples, a page at a time, by department name and receipt number.
    func listSpotChecks(_ input: Operations.ListSpotChecks.Input) async throws -> Operations.ListSpotChecks.Output {
        let department = try queryID(input.query.departmentId, "department_id")
        let page = try KeysetRequest(limit: input.query.limit, cursor: input.query.cursor, parts: 2)
        var after: (department: UUID, receipt: String)?
        if let parts = page.after {
            guard let id = UUID(uuidString: parts[0]) else { throw DomainError.invalid("cursor", "is not a cursor returned by this list") }
            after = (id, parts[1])
        }
        let rows = try await spotChecks(year: input.query.year, department: department, after: after, limit: page.limit + 1)
        let items = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? items.last.map { KeysetRequest.encode([$0.departmentId, $0.receiptNo]) } : nil
        return .ok(.init(body: .json(.init(items: items, nextCursor: next))))
    }

    func decideSpotCheck(_ input: Operations.DecideSpotCheck.Input) async throws -> Operations.DecideSpotCheck.Output {
        let caller = try self.caller
        guard let id = SpotCheckID(input.path.id) else { throw DomainError.notFound("Spot check \(input.path.id)") }
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.optional(body.note, "note", max: 2000, multiline: true)
        try v.check()
        try await loop.decideSpotCheck(id, verdict: .init(rawValue: body.verdict.rawValue)!, note: note, by: Actor(user: caller), now: now)
        return .ok(.init(body: .json(try await spotChecks(year: id.year, submission: id.submission, limit: 1)[0])))
    }

    /// Spot checks: sampled submissions of the (year, department) samples, with their verdicts once given, in
    /// the order (department name, department, receipt number), after `after` (a department and a receipt).
    func spotChecks(
        year: Int, department: UUID? = nil, submission: UUID? = nil, after: (department: UUID, receipt: String)? = nil, limit: Int
    ) async throws -> [Components.Schemas.SpotCheck] {
        try await services.database.query(
            """
            SELECT p.year, p.department_id, d.name, u.submission_id, s.receipt_no, p.seed, v.verdict, v.note, v.decided_at
            FROM spot_check_samples p CROSS JOIN LATERAL unnest(p.submission_ids) AS u(submission_id)
            JOIN departments d ON d.id = p.department_id JOIN submissions s ON s.id = u.submission_id
            LEFT JOIN spot_check_verdicts v ON v.year = p.year AND v.submission_id = u.submission_id
            WHERE p.year = \(year) AND (\(department)::uuid IS NULL OR p.department_id = \(department))
              AND (\(submission)::uuid IS NULL OR u.submission_id = \(submission))
              AND (\(after?.department)::uuid IS NULL
                   OR (d.name, p.department_id, s.receipt_no)
                      > ((SELECT name FROM departments WHERE id = \(after?.department)), \(after?.department)::uuid, \(after?.receipt)::text))
            ORDER BY d.name, p.department_id, s.receipt_no
            LIMIT \(limit)
            """,
            logger: logger
        ).map(Self.spotCheck)
    }

    static func spotCheck(_ row: PostgresRow) throws -> Components.Schemas.SpotCheck {
        let (year, department, name, submission, receipt, seed, verdict, note, decided) =
            try row.decode((Int, UUID, String, UUID, String, Int64, String?, String?, Date?).self)
        return .init(id: SpotCheckID(year: year, submission: submission).description, year: year, departmentId: department.text,
                     departmentName: name, submissionId: submission.text, receiptNo: receipt, seed: Int(seed),
                     verdict: verdict.flatMap { .init(rawValue: $0) }, note: note, decidedAt: decided)
    }
}
