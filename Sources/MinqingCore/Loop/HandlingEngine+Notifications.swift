import Foundation
import MinqingRules
import PostgresNIO

/// The handling engine's notifications (inbox and webhook outbox, in the action's transaction): a department is
/// told of new work and of how its reply was rated; the admins and the subject's representative of a
/// department's reply.
extension HandlingEngine {
    /// The subject's number (a submission's receipt number), short title and representative, for a notification.
    private func about(_ subject: HandlingSubject, on connection: PostgresConnection) async throws -> (
        receipt: String, title: String, representative: UUID?
    ) {
        try await connection.query(
            "SELECT number, title, representative_id FROM handling_subjects WHERE kind = \(subject.kind.rawValue) AND id = \(subject.id)",
            logger: logger
        ).collect()[0].decode((String, String, UUID?).self)
    }

    /// What every notification says of its subject: its kind, id and number (`receipt_no` for a
    /// submission, as before; `number` for a suggestion).
    private func subjectData(_ subject: HandlingSubject, number: String) -> [String: JSONValue] {
        let numberKey = subject.kind == .submission ? "receipt_no" : "number"
        return ["subject_kind": .string(subject.kind.rawValue), subject.kind.column: .id(subject.id), numberKey: .string(number)]
    }

    func notifyAssignment(
        _ assignment: UUID, subject: HandlingSubject, department: UUID, role: AssignmentRole, due: Date, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let s = try await about(subject, on: connection)
        try await Notifier.notify(
            Notification(
                kind: .assignmentCreated, title: "新交办：\(s.receipt)",
                body: "\(s.title)（\(role == .lead ? "主办" : "协办")）",
                data: subjectData(subject, number: s.receipt).merging([
                    "assignment_id": .id(assignment), "department_id": .id(department), "role": .string(role.rawValue),
                    "due_at": .date(due),
                ]) { $1 }
            ),
            to: [.department(department)], now: now, on: connection, logger: logger
        )
    }

    func notifyReply(
        _ assignment: UUID, subject: HandlingSubject, department: UUID, outcome: ReplyOutcome, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let s = try await about(subject, on: connection)
        var recipients: Set<Recipients> = [.admins]
        if let representative = s.representative { recipients.insert(.representative(representative)) }
        try await Notifier.notify(
            Notification(
                kind: .replyReceived, title: "部门已答复：\(s.receipt)", body: s.title,
                data: subjectData(subject, number: s.receipt).merging([
                    "assignment_id": .id(assignment), "department_id": .id(department), "outcome": .string(outcome.rawValue),
                ]) { $1 }
            ),
            to: recipients, now: now, on: connection, logger: logger
        )
    }

    func notifyEvaluation(
        submission: UUID, round: Int, departments: Set<UUID>, evaluator: LoopService.Evaluator, rating: Rating, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let s = try await about(.submission(submission), on: connection)
        try await Notifier.notify(
            Notification(
                kind: .evaluationReceived, title: "办理评价：\(s.receipt)", body: s.title,
                data: [
                    "submission_id": .id(submission), "receipt_no": .string(s.receipt), "round": .int(round),
                    "evaluator": .string(evaluator.rawValue), "rating": .string(rating.rawValue),
                ]
            ),
            to: Set(departments.map(Recipients.department)).union([.admins]), now: now, on: connection, logger: logger
        )
    }
}
