import Foundation
import MinqingRules
import PostgresNIO

/// The loop's own notifications (inbox and webhook outbox, in the action's transaction): a department is
/// told of new work and of how its reply was rated; the admins and the submission's representative of a
/// department's reply.
extension LoopService {
    /// The submission's receipt number, short title and representative, for a notification.
    private func about(_ submission: UUID, on connection: PostgresConnection) async throws -> (
        receipt: String, title: String, representative: UUID?
    ) {
        try await connection.query(
            "SELECT receipt_no, coalesce(title, left(content, 30)), representative_id FROM submissions WHERE id = \(submission)",
            logger: logger
        ).collect()[0].decode((String, String, UUID?).self)
    }

    func notifyAssignment(
        _ assignment: UUID, submission: UUID, department: UUID, role: AssignmentRole, due: Date, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let s = try await about(submission, on: connection)
        try await Notifier.notify(
            Notification(
                kind: .assignmentCreated, title: "新交办：\(s.receipt)",
                body: "\(s.title)（\(role == .lead ? "主办" : "协办")）",
                data: [
                    "assignment_id": .id(assignment), "submission_id": .id(submission), "department_id": .id(department),
                    "receipt_no": .string(s.receipt), "role": .string(role.rawValue), "due_at": .date(due),
                ]
            ),
            to: [.department(department)], now: now, on: connection, logger: logger
        )
    }

    func notifyReply(
        _ assignment: UUID, submission: UUID, department: UUID, outcome: ReplyOutcome, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let s = try await about(submission, on: connection)
        var recipients: Set<Recipients> = [.admins]
        if let representative = s.representative { recipients.insert(.representative(representative)) }
        try await Notifier.notify(
            Notification(
                kind: .replyReceived, title: "部门已答复：\(s.receipt)", body: s.title,
                data: [
                    "assignment_id": .id(assignment), "submission_id": .id(submission), "department_id": .id(department),
                    "receipt_no": .string(s.receipt), "outcome": .string(outcome.rawValue),
                ]
            ),
            to: recipients, now: now, on: connection, logger: logger
        )
    }

    func notifyEvaluation(
        submission: UUID, round: Int, departments: Set<UUID>, evaluator: Evaluator, rating: Rating, now: Date,
        on connection: PostgresConnection
    ) async throws {
        let s = try await about(submission, on: connection)
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
