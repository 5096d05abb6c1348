import Foundation
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// The API behind Debian's nginx with deploy/nginx/minqing.conf: two residents behind the one proxy are
/// rate-limited each on his own address, because the API trusts the proxy's X-Forwarded-For.
@Suite(.timeLimit(.minutes(2))) struct ReverseProxyTests {
    static let nginx = "/usr/sbin/nginx"

    @Test func twoClientsBehindNginxAreLimitedSeparately() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.nginx) else {
            throw TestFailure("\(Self.nginx) is missing: make test installs Debian's nginx")
        }
        let limits = LoopPolicy(intakePerAddressPerMinute: 2, intakePerCodePerMinute: 0)
        let trustNginx: (inout AppConfig) -> Void = { $0.trustedProxies = [CIDR("127.0.0.1")!] }
        try await APITestHarness.withApp(policy: limits, configure: trustNginx, testing: .live) { client, services in
            let apiPort = try #require(client.port)
            let fixture = try await LoopFixture.make(services)
            try await RateWindow.startWellInsideAMinute()
            let body = String(decoding: try JSONSerialization.data(withJSONObject: fixture.submission()), as: UTF8.self)
            try await Self.withNginx(proxyingTo: apiPort) { port in
                func file(from address: String) async throws -> Int {
                    try await Self.curl([
                        "--interface", address, "-H", "Content-Type: application/json", "--data-binary", body,
                        "http://127.0.0.1:\(port)/v1/submissions",
                    ])
                }
                // two from one resident, a third from him in the same minute, one from another behind the same proxy
                var statuses: [Int] = []
                for address in ["127.0.0.2", "127.0.0.2", "127.0.0.2", "127.0.0.3"] { statuses.append(try await file(from: address)) }
                #expect(statuses == [201, 201, 429, 201])
            }
        }
    }

    /// Runs nginx in the foreground with the shipped server block, pointed at the API, on a free port.
    static func withNginx(proxyingTo apiPort: Int, _ body: (Int) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minqing-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try FreePort.next()
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy/nginx/minqing.conf")
        let server = try String(contentsOf: shipped, encoding: .utf8)
            .replacingOccurrences(of: "server 127.0.0.1:8080;", with: "server 127.0.0.1:\(apiPort);")
            .replacingOccurrences(of: "listen 80;", with: "listen 127.0.0.1:\(port);")
        try server.write(to: directory.appendingPathComponent("minqing.conf"), atomically: true, encoding: .utf8)
        let dir = directory.path
        let main = """
            worker_processes 1;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path \(dir)/body; proxy_temp_path \(dir)/proxy; fastcgi_temp_path \(dir)/fastcgi;
                uwsgi_temp_path \(dir)/uwsgi; scgi_temp_path \(dir)/scgi;
                include \(dir)/minqing.conf;
            }
            """
        try main.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: nginx)
        process.arguments = ["-p", dir, "-c", "\(dir)/nginx.conf", "-g", "daemon off; master_process off;"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            // killed outright: it holds keep-alive connections to the API, whose shutdown waits for them
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for _ in 0..<50 {
            if (try? await curl(["http://127.0.0.1:\(port)/healthz"])) == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await body(port)
    }

    /// The HTTP status curl got. Run off the cooperative threads: curl waits for the API, which runs on them.
    static func curl(_ arguments: [String]) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try curlBlocking(arguments) }) }
        }
    }

    private static func curlBlocking(_ arguments: [String]) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Int(String(decoding: data, as: UTF8.self)) ?? 0
    }
}
