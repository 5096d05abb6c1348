import Foundation
import MinqingCore
import MinqingOpenAPI

extension APIHandler {
    var inbox: NotificationInbox { NotificationInbox(database: services.database, logger: logger) }

    func listNotifications(_ input: Operations.ListNotifications.Input) async throws -> Operations.ListNotifications.Output {
        let caller = try self.caller
        let page = try PageRequest(limit: input.query.limit, cursor: input.query.cursor)
        let result = try await inbox.list(userID: caller.id, page: page)
        let unread = try await inbox.unreadCount(userID: caller.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try result.items.map(Components.Schemas.Notification.init), nextCursor: result.nextCursor,
                        unreadCount: unread
                    ))))
    }

    func markNotificationRead(_ input: Operations.MarkNotificationRead.Input) async throws -> Operations.MarkNotificationRead.Output {
        let caller = try self.caller
        let id = try pathID(input.path.id, "Notification")
        let notification = try await inbox.markRead(id, userID: caller.id, now: now)
        return .ok(.init(body: .json(try .init(notification))))
    }
}
