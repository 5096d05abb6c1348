import Foundation
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// The API through Debian's PgBouncer in transaction pooling mode (deploy/README.md, "PgBouncer"): the
/// closed loop's multi-statement transactions and every read work when connections are shared per transaction.
@Suite(.timeLimit(.minutes(2))) struct PgBouncerTests {
    static let pgbouncer = "/usr/sbin/pgbouncer"

    @Test func theLoopWorksThroughTransactionPooling() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.pgbouncer) else {
            throw TestFailure("\(Self.pgbouncer) is missing: make test installs Debian's pgbouncer")
        }
        let server = try TestDatabase.serverURL()
        try await Self.withPgBouncer(in: server) { port in
            let throughBouncer: (inout AppConfig) -> Void = { $0.database.port = port }
            let limits = LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 0)
            try await APITestHarness.withApp(policy: limits, configure: throughBouncer) { client, services in
                #expect(services.config.database.port == port)
                let f = try await LoopFixture.make(services)
                let (id, token) = try await client.file(f)
                _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
                let assigned = try await client.call(
                    .post, "/v1/submissions/\(id)/assign", token: f.admin,
                    json: ["assignments": [["department_id": f.registry.countyDepartment.id.text, "role": "lead"]]])
                #expect(assigned.status == .ok, "\(assigned.text)")
                #expect(try await client.call(.get, "/v1/tracking/\(token)").string("status") == "assigned")
                #expect(try await client.call(.get, "/v1/submissions?limit=5", token: f.admin).items.count == 1)
                // two at once, each its own transaction on whichever server connection is free
                async let a = client.file(f)
                async let b = client.file(f)
                _ = try await (a, b)
                #expect(try await client.call(.get, "/v1/submissions", token: f.admin).items.count == 3)
            }
        }
    }

    /// Runs pgbouncer (as the `postgres` user when this is root: it refuses root) in transaction mode in
    /// front of `server`, for every database, on a free port.
    static func withPgBouncer(in server: DatabaseURL, _ body: (Int) async throws -> Void) async throws {
        let directory = URL(fileURLWithPath: "/tmp/minqing-pgbouncer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try FreePort.next()
        let dir = directory.path
        try "\"\(server.username)\" \"\"\n".write(toFile: "\(dir)/users.txt", atomically: true, encoding: .utf8)
        try """
        [databases]
        * = host=\(server.host) port=\(server.port)
        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = \(port)
        unix_socket_dir =
        auth_type = trust
        auth_file = \(dir)/users.txt
        pool_mode = transaction
        default_pool_size = 10
        max_client_conn = 200
        logfile = \(dir)/pgbouncer.log
        pidfile = \(dir)/pgbouncer.pid

        """.write(toFile: "\(dir)/pgbouncer.ini", atomically: true, encoding: .utf8)
        let process = Process()
        if getuid() == 0 {
            _ = try? FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir)
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", pgbouncer, "\(dir)/pgbouncer.ini"]
        } else {
            process.executableURL = URL(fileURLWithPath: pgbouncer)
            process.arguments = ["\(dir)/pgbouncer.ini"]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // pgbouncer itself (runuser's child) by its pid file, then runuser; Process is not waited for,
            // since its reaper may never see a grandchild's end
            if let pid = try? String(contentsOfFile: "\(dir)/pgbouncer.pid", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines),
                let number = Int32(pid)
            {
                kill(number, SIGKILL)
            }
            kill(process.processIdentifier, SIGKILL)
        }
        for _ in 0..<50 where !FileManager.default.fileExists(atPath: "\(dir)/pgbouncer.pid") {
            try await Task.sleep(for: .milliseconds(100))
        }
        try await body(port)
    }
}
