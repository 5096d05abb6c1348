import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// An action that names a second object (merge's target) checks it against the caller's scope like the
/// first: one outside it is answered exactly like an unknown id, and nothing about it leaks.
@Suite(.timeLimit(.minutes(2))) struct SecondObjectScopeTests {
    /// The problem document without its request id, to compare two refusals.
    func problem(_ response: APIResult) -> String {
        var json = response.json
        json["request_id"] = nil
        json["detail"] = (json["detail"] as? String)?.replacingOccurrences(of: #"[0-9a-f-]{36}"#, with: "<id>", options: .regularExpression)
        return String(decoding: try! JSONSerialization.data(withJSONObject: json, options: .sortedKeys), as: UTF8.self)
    }

    @Test func aRepresentativeCannotMergeIntoASubmissionHeCannotRead() async throws {
        try await APITestHarness.withLoop { client, f, services in
            let (own, _) = try await client.file(f)
            let codeB = try await CodeStore(database: services.database, logger: services.logger)
                .issue(kind: .representative, targetID: f.registry.representativeB.id, now: Date()).code
            var body = f.submission()
            body["code"] = codeB
            let (foreign, _) = try await client.file(f, body)
            #expect(try await client.call(.get, "/v1/submissions/\(foreign)", token: f.representative).status == .notFound)

            let unknown = try await client.call(
                .post, "/v1/submissions/\(own)/merge", token: f.representative, json: ["into_id": UUID().uuidString])
            let outOfScope = try await client.call(
                .post, "/v1/submissions/\(own)/merge", token: f.representative, json: ["into_id": foreign])
            #expect(unknown.status == .unprocessableContent && unknown.errorFields == ["into_id"])
            #expect(outOfScope.status == unknown.status)
            #expect(problem(outOfScope) == problem(unknown))
            // a closed foreign target neither: no "merge_target_closed" with its receipt number
            _ = try await client.call(.post, "/v1/submissions/\(foreign)/reject", token: f.admin, json: ["reason": "重复"])
            let closed = try await client.call(.post, "/v1/submissions/\(own)/merge", token: f.representative, json: ["into_id": foreign])
            #expect(problem(closed) == problem(unknown))
            #expect(!closed.text.contains("MQ"))

            let target = try await client.call(.get, "/v1/submissions/\(foreign)", token: f.admin)
            let actions = (target["timeline"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(!actions.contains("duplicate_merged"))
            #expect(try await client.call(.get, "/v1/submissions/\(own)", token: f.representative).string("status") == "submitted")

            // his own second item is a target he reaches
            let (second, _) = try await client.file(f)
            let merged = try await client.call(.post, "/v1/submissions/\(own)/merge", token: f.representative, json: ["into_id": second])
            #expect(merged.status == .ok && merged.string("merged_into") == second)
        }
    }
}
