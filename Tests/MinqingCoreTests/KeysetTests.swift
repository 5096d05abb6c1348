import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO
import TestSupport
import Testing

/// The one keyset mechanism: pages over any typed order meet exactly (no row twice, none skipped, ties
/// included), and a cursor that decodes but does not fit the order is refused naming `cursor`.
@Suite struct KeysetTests {
    /// 30 rows with many ties on the leading keys, so only the later keys separate them.
    func withRows(_ body: (Database) async throws -> Void) async throws {
        try await TestDatabase.withMigratedDatabase { database, _ in
            try await database.query(
                """
                CREATE TABLE keyset_rows AS
                SELECT g AS n, (g % 3 = 0) AS flag, 'name ' || (g % 4) || '|%' AS label,
                       timestamptz '2026-03-01 08:00:00+08' + (g % 5) * interval '1.000001 second' AS at,
                       md5(g::text)::uuid AS id
                FROM generate_series(1, 30) AS g
                """,
                logger: TestDatabase.logger
            )
            try await body(database)
        }
    }

    func page(_ keyset: Keyset, _ request: PageRequest, on database: Database) async throws -> Page<Int> {
        var builder = QueryBuilder("SELECT n, \(keyset.columns) FROM keyset_rows")
        let suffix = try builder.page(request, keyset)
        let rows = try await database.query(builder.query(suffix: suffix), logger: TestDatabase.logger)
        return try Page(rows: rows, limit: request.limit, keyset: keyset) { Int(try $0.decode(Int64.self)) }
    }

    /// Every row once, in the order one ORDER BY over the whole table gives.
    func walk(_ keyset: Keyset, order: String, on database: Database) async throws {
        let expected = try await database.query(
            PostgresQuery(unsafeSQL: "SELECT n FROM keyset_rows ORDER BY \(order)"), logger: TestDatabase.logger
        ).map { Int(try $0.decode(Int64.self)) }
        var seen: [Int] = []
        var cursor: String?
        repeat {
            let page = try await page(keyset, try PageRequest(limit: 4, cursor: cursor), on: database)
            seen += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == expected)
        #expect(seen.count == 30)
    }

    @Test func pagesMeetExactlyInEveryOrder() async throws {
        try await withRows { database in
            try await walk(.creation("at", id: "id"), order: "at, id", on: database)
            try await walk(.creation("at", id: "id", newestFirst: true), order: "at DESC, id DESC", on: database)
            // mixed directions, as the inbox (unread first, then newest first)
            try await walk(
                Keyset(.init("flag", .boolean), .init("at", .timestamp, descending: true), .init("n", .integer, descending: true)),
                order: "flag, at DESC, n DESC", on: database
            )
            // text keys with the cursor's separator and escape character inside them
            try await walk(Keyset(.init("label", .text), .init("id", .uuid)), order: "label, id", on: database)
        }
    }

    static func cursor(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test(arguments: [
        "not base64 at all!",  // no cursor at all
        cursor("true|123"),  // too few parts
        cursor("true|123|\(UUID())|extra"),  // too many parts
        cursor("maybe|123|\(UUID())"),  // not a boolean
        cursor("true|soon|\(UUID())"),  // not microseconds
        cursor("true|9223372036854775807|\(UUID())"),  // beyond year 9999: the SQL would overflow
        cursor("true|123|not-a-uuid"),  // not an id
    ])
    func aCursorThatDoesNotFitTheOrderIsRefusedNamingCursor(_ cursor: String) async throws {
        let keyset = Keyset(.init("flag", .boolean), .init("at", .timestamp), .init("id", .uuid))
        try await withRows { database in
            do {
                _ = try await page(keyset, try PageRequest(limit: 5, cursor: cursor), on: database)
                Issue.record("cursor \(cursor) was accepted")
            } catch let error as DomainError {
                guard case .invalid(let fields) = error else {
                    Issue.record("\(error)")
                    return
                }
                #expect(fields.map(\.field) == ["cursor"])
            }
        }
    }
}
