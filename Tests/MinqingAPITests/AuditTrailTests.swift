import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Writes and logins land in the append-only audit trail, in the write's transaction, without secrets;
/// staff read their region's events only.
@Suite(.timeLimit(.minutes(2))) struct AuditTrailTests {
    @Test func aRegistryChangeARevealAndAFailedLoginAreRecorded() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let r = f.registry
            let changed = try await client.call(
                .patch, "/v1/stations/\(r.stationA.id.text)", token: r.streetStaffA, json: ["phone": "0571-8888"])
            #expect(changed.status == .ok)
            let (id, _) = try await client.file(f)
            #expect(try await client.call(.post, "/v1/submissions/\(id)/contact/reveal", token: f.admin).status == .ok)
            let failed = try await client.call(.post, "/v1/auth/login", json: ["username": "rep-a", "password": "not-the-password"])
            #expect(failed.status == .unauthorized)

            let all = try await client.call(.get, "/v1/audit?limit=200", token: f.admin)
            #expect(all.status == .ok, "\(all.text)")
            let station = try #require(all.items.first { $0["action"] as? String == "station.updated" })
            #expect(station["object_id"] as? String == r.stationA.id.text)
            #expect(station["actor_role"] as? String == "staff")
            #expect((station["summary"] as? [String: Any])?["phone"] as? String == "0571-8888")
            #expect(station["region_id"] as? String == r.streetA.id.text)
            #expect(all.items.contains { $0["action"] as? String == "contact.revealed" && $0["object_id"] as? String == id })
            let login = try #require(all.items.first { $0["action"] as? String == "login.failed" })
            #expect(login["object_id"] as? String == "rep-a" && login["actor_id"] == nil)
            #expect(!all.text.contains("password_hash") && !all.text.contains("token_hash"))

            // filters, and the staff of the other street see none of street A's events
            let byAction = try await client.call(.get, "/v1/audit?action=station.updated", token: f.admin)
            #expect(byAction.items.count == 1)
            let streetB = try await client.call(.get, "/v1/audit?action=station.updated", token: r.streetStaffB)
            #expect(streetB.status == .ok && streetB.items.isEmpty)
            #expect(try await client.call(.get, "/v1/audit", token: r.token(.representative)).status == .forbidden)

            // the database refuses to change or remove what was recorded
            let db = services.database
            await #expect(throws: (any Error).self) {
                try await db.query("UPDATE audit_events SET action = 'forged'", logger: services.logger)
            }
            await #expect(throws: (any Error).self) {
                try await db.query("DELETE FROM audit_events", logger: services.logger)
            }
        }
    }
}
