import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import NIOCore
import TestSupport
import Testing

@testable import MinqingAPI

/// A JSON body says so (Content-Type, UTF-8) and says each thing once; query errors name their parameter.
@Suite(.timeLimit(.minutes(2))) struct RequestShapeTests {
    @Test func aJSONBodyNeedsItsContentTypeAndUTF8() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            let body = #"{"name":"新站","level":"station","category":"livelihood","region_id":"\#(f.district.id.text)"}"#
            let missing = try await client.execute(
                uri: "/v1/stations", method: .post, headers: [.authorization: "Bearer \(admin)"], body: ByteBuffer(string: body)
            ) { $0 }
            #expect(missing.status == .unsupportedMediaType, "\(missing.status)")
            let latin1 = try await client.call(
                .post, "/v1/stations", token: admin, raw: body, contentType: "application/json; charset=iso-8859-1")
            #expect(latin1.status == .unsupportedMediaType && latin1.code == "unsupported_media_type")
            let utf8 = try await client.call(.post, "/v1/stations", token: admin, raw: body, contentType: "application/json; charset=UTF-8")
            #expect(utf8.status == .created, "\(utf8.text)")
        }
    }

    @Test func aKeyGivenTwiceIsRefused() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let admin = f.token(.admin)
            for body in [
                #"{"name":"甲站","name":"乙站","level":"station","category":"livelihood"}"#,
                #"{"name":"甲站","level":"station","category":"livelihood","nested":{"a":1,"a":2}}"#,
                #"{"name":"甲站","n\u0061me":"乙站","level":"station","category":"livelihood"}"#,
            ] {
                let response = try await client.call(.post, "/v1/stations", token: admin, raw: body)
                #expect(response.status == .badRequest && response.code == "duplicate_key", "\(body): \(response.text)")
            }
            // the same key in two different objects is fine
            let fine = try await client.call(
                .post, "/v1/stations", token: admin,
                raw: #"{"name":"丙站","level":"station","category":"livelihood","location":{"address":"name"}}"#)
            #expect(fine.status != .badRequest || fine.code != "duplicate_key", "\(fine.text)")
        }
    }

    @Test func aMissingRequiredQueryParameterIsNamed() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let response = try await client.call(.get, "/v1/codes", token: f.token(.admin))
            #expect(response.status == .unprocessableContent && response.errorFields == ["target_id"], "\(response.text)")
            let spotChecks = try await client.call(.get, "/v1/spot-checks", token: f.token(.admin))
            #expect(spotChecks.errorFields == ["year"], "\(spotChecks.text)")
        }
    }

    @Test func aSearchTextLongerThanTheSpecAllowsIsRefused() async throws {
        try await APITestHarness.withRegistry { client, f, _ in
            let long = String(repeating: "a", count: 101)
            for list in ["stations", "representatives", "departments", "submissions"] {
                let response = try await client.call(.get, "/v1/\(list)?q=\(long)", token: f.token(.admin))
                #expect(response.status == .unprocessableContent && response.errorFields == ["q"], "\(list): \(response.text)")
            }
        }
    }
}
