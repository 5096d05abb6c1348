import Foundation
import MinqingCore
import MinqingOpenAPI
import PostgresNIO

extension APIHandler {
    func getOversightMeeting(_ input: Operations.GetOversightMeeting.Input) async throws -> Operations.GetOversightMeeting.Output {
        _ = try await require(.admin)
        return .ok(.init(body: .json(try await oversight(input.path.quarter))))
    }

    func updateOversightMeeting(_ input: Operations.UpdateOversightMeeting.Input) async throws -> Operations.UpdateOversightMeeting.Output {
        _ = try await require(.admin)
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

    func listSpotChecks(_ input: Operations.ListSpotChecks.Input) async throws -> Operations.ListSpotChecks.Output {
        _ = try await require(.admin)
        let rows = try await services.database.query(
            """
            SELECT c.id, c.year, c.department_id, d.name, c.submission_id, s.receipt_no, c.seed, c.verdict, c.note, c.decided_at
            FROM spot_checks c JOIN departments d ON d.id = c.department_id JOIN submissions s ON s.id = c.submission_id
            WHERE c.year = \(input.query.year) ORDER BY d.name, s.receipt_no
            """,
            logger: logger
        )
        return .ok(.init(body: .json(.init(items: try rows.map(Self.spotCheck)))))
    }

    func decideSpotCheck(_ input: Operations.DecideSpotCheck.Input) async throws -> Operations.DecideSpotCheck.Output {
        let caller = try await require(.admin)
        let id = try pathID(input.path.id, "Spot check")
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let note = v.optional(body.note, "note", max: 2000, multiline: true)
        try v.check()
        try await loop.decideSpotCheck(id, verdict: .init(rawValue: body.verdict.rawValue)!, note: note, by: Actor(user: caller), now: now)
        let rows = try await services.database.query(
            """
            SELECT c.id, c.year, c.department_id, d.name, c.submission_id, s.receipt_no, c.seed, c.verdict, c.note, c.decided_at
            FROM spot_checks c JOIN departments d ON d.id = c.department_id JOIN submissions s ON s.id = c.submission_id
            WHERE c.id = \(id)
            """,
            logger: logger
        )
        return .ok(.init(body: .json(try Self.spotCheck(rows.first!))))
    }

    static func spotCheck(_ row: PostgresRow) throws -> Components.Schemas.SpotCheck {
        let (id, year, department, name, submission, receipt, seed, verdict, note, decided) =
            try row.decode((UUID, Int, UUID, String, UUID, String, Int64, String?, String?, Date?).self)
        return .init(id: id.text, year: year, departmentId: department.text, departmentName: name, submissionId: submission.text,
                     receiptNo: receipt, seed: Int(seed), verdict: verdict.flatMap { .init(rawValue: $0) }, note: note, decidedAt: decided)
    }
}
