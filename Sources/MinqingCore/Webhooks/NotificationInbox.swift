import Foundation
import Logging
import MinqingRules
import PostgresNIO

/// One entry of a user's inbox (written by ``Notifier``).
public struct InboxNotification: Sendable, Equatable {
    public var id: UUID
    public var type: String
    public var title: String
    public var body: String
    /// The notification's data as a JSON object text.
    public var dataJSON: String
    public var createdAt: Date
    public var readAt: Date?
}

/// A user's inbox: unread first, then newest first.
public struct NotificationInbox: Sendable {
    let database: Database
    let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    static let columns = "id, type, title, body, data::text AS data, created_at, read_at"

    /// The order of `list`: unread first, then newest first.
    static let order = Keyset(
        .init("(read_at IS NOT NULL)", .boolean), .init("created_at", .timestamp, descending: true), .init("id", .uuid, descending: true)
    )

    /// A page of `userID`'s notifications.
    public func list(userID: UUID, page: PageRequest) async throws -> Page<InboxNotification> {
        var builder = QueryBuilder("SELECT \(Self.columns), \(Self.order.columns) FROM notifications")
        builder.filter(userID) { "recipient_user_id = \($0)" }
        let suffix = try builder.page(page, Self.order)
        let rows = try await database.query(builder.query(suffix: suffix), logger: logger)
        return try Page(rows: rows, limit: page.limit, keyset: Self.order, decode: Self.decode)
    }

    /// How many of `userID`'s notifications are unread.
    public func unreadCount(userID: UUID) async throws -> Int {
        let rows = try await database.query(
            "SELECT count(*)::int8 FROM notifications WHERE recipient_user_id = \(userID) AND read_at IS NULL", logger: logger
        )
        return Int(try rows[0].decode(Int64.self))
    }

    /// Marks one of `userID`'s own notifications read (the first reading time is kept); 404 for anyone
    /// else's, so their existence is not revealed.
    public func markRead(_ id: UUID, userID: UUID, now: Date) async throws -> InboxNotification {
        let rows = try await database.query(
            """
            UPDATE notifications SET read_at = COALESCE(read_at, \(now))
            WHERE id = \(id) AND recipient_user_id = \(userID)
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        )
        guard let row = rows.first else { throw DomainError.notFound("Notification \(id.uuidString.lowercased())") }
        return try Self.decode(row)
    }

    static func decode(_ row: PostgresRow) throws -> InboxNotification {
        let r = row.makeRandomAccess()
        return InboxNotification(
            id: try r.value("id"), type: try r.value("type"), title: try r.value("title"), body: try r.value("body"),
            dataJSON: try r.value("data"), createdAt: try r.value("created_at"), readAt: try r.value("read_at")
        )
    }
}
