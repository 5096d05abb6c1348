import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// Graded handling (分级办理) and leaders' key items: what the regions add to the loop.
extension LoopService {
    /// Hands an item its region cannot settle to the congress above (`region_id` becomes the parent's;
    /// `origin_region_id` keeps where it was filed, whose staff keep reading it). The status stays; the
    /// state machine says from which statuses it may be referred. At the top of the tree: 409.
    public func refer(_ id: UUID, note: String, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            let submission = try await lock(id, on: connection)
            let next = try SubmissionStateMachine.next(from: submission.status, on: .refer)
            let rows = try await connection.query(
                "SELECT s.region_id, r.parent_id FROM submissions s JOIN regions r ON r.id = s.region_id WHERE s.id = \(id)",
                logger: logger
            ).collect()
            let (region, above) = try rows[0].decode((UUID, UUID?).self)
            guard let parent = above else {
                throw DomainError.conflict(
                    code: "no_higher_region", detail: "This region has no congress above it to refer the item to.")
            }
            // one row per referral: the periodic reports count what each region referred up
            try await connection.query(
                """
                WITH moved AS (
                    UPDATE submissions SET region_id = \(parent), status = \(next.rawValue), updated_at = \(now) WHERE id = \(id)
                )
                INSERT INTO submission_referrals (submission_id, from_region_id, to_region_id, referred_at)
                VALUES (\(id), \(region), \(parent), \(now))
                """,
                logger: logger)
            try await Timeline.append(
                id, action: "referred", actor: actor, from: submission.status, to: next, note: note, at: now, on: connection,
                logger: logger)
        }
    }

    /// Marks (or unmarks) a key item (重点件) with a leader's instruction (批示): recorded on the timeline and
    /// told to the staff of the item's region and its lead department.
    public func markKeyItem(_ id: UUID, _ keyItem: Bool, instruction: String?, by actor: Actor, now: Date) async throws {
        try await database.withTransaction(logger: logger) { connection in
            _ = try await lock(id, on: connection)
            let rows = try await connection.query(
                """
                UPDATE submissions SET key_item = \(keyItem), updated_at = \(now) WHERE id = \(id)
                RETURNING receipt_no, region_id, lead_department_id
                """,
                logger: logger
            ).collect()
            let (receipt, region, lead) = try rows[0].decode((String, UUID, UUID?).self)
            try await Timeline.append(
                id, action: keyItem ? "key_item_marked" : "key_item_cleared", actor: actor, note: instruction, at: now,
                on: connection, logger: logger)
            let notice = Notification(
                kind: .keyItemMarked, title: keyItem ? "重点件：\(receipt)" : "取消重点件：\(receipt)",
                body: instruction.map { "领导批示：\($0)" } ?? (keyItem ? "该件已列为重点件。" : "该件不再列为重点件。"),
                data: [
                    "submission_id": .string(id.uuidString.lowercased()), "receipt_no": .string(receipt), "key_item": .bool(keyItem),
                    "instruction": instruction.map(JSONValue.string) ?? .null,
                ])
            var recipients: Set<Recipients> = [.regionStaff(region)]
            if let lead { recipients.insert(.department(lead)) }
            try await Notifier.notify(notice, to: recipients, now: now, on: connection, logger: logger)
        }
    }
}
