import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MinqingCore
import NIOCore
import TestSupport
import Testing

@testable import MinqingAPI

@Suite(.timeLimit(.minutes(1))) struct ProblemResponseTests {
    func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, code: String) {
        #expect(response.status == status)
        #expect(response.headers[.contentType] == "application/problem+json")
        let json = response.json
        #expect(json["code"] as? String == code)
        #expect(json["status"] as? Int == status.code)
        #expect(json["title"] is String)
        #expect(json["detail"] is String)
        #expect((json["type"] as? String)?.hasPrefix("https://") == true)
        #expect(json["request_id"] as? String == response.headers[RequestLoggingMiddleware.header])
    }

    @Test func anUnknownRouteIsA404Problem() async throws {
        try await APITestHarness.withApp { client, _ in
            try await client.execute(uri: "/v1/nothing-here", method: .get) { response in
                expectProblem(response, .notFound, code: "route_not_found")
            }
        }
    }

    @Test func aKnownRouteWithTheWrongMethodIsA405WithAllow() async throws {
        try await APITestHarness.withApp { client, _ in
            try await client.execute(uri: "/healthz", method: .delete) { response in
                expectProblem(response, .methodNotAllowed, code: "method_not_allowed")
                #expect(response.headers[.allow] == "GET")
            }
        }
    }

    @Test func aBodyOverTheLimitIsA413Problem() async throws {
        try await APITestHarness.withApp { client, services in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: services.config.maxBodyBytes + 1)
            try await client.execute(uri: "/healthz", method: .post, body: big) { response in
                expectProblem(response, .contentTooLarge, code: "body_too_large")
            }
        }
    }

    @Test func anUnexpectedErrorIsA500ProblemWithTheRequestIdAndNoInternals() async throws {
        struct SecretFailure: Error, CustomStringConvertible { var description: String { "password=hunter2 at db.internal" } }
        try await TestDatabase.withMigratedDatabase { database, url in
            try await APITestHarness.withRouter(
                database: database, url: url,
                configure: { router in
                    router.get("/boom") { _, _ -> String in throw SecretFailure() }
                }
            ) { client, _ in
                try await client.execute(uri: "/boom", method: .get, headers: [RequestLoggingMiddleware.header: "req-500"]) { response in
                    expectProblem(response, .internalServerError, code: "internal_error")
                    #expect((response.json["detail"] as? String)?.contains("req-500") == true)
                    #expect(!response.text.contains("hunter2"))
                    #expect(!response.text.contains("SecretFailure"))
                }
            }
        }
    }

    @Test func aThrownProblemKeepsItsStatusCodeAndFieldErrors() async throws {
        try await TestDatabase.withMigratedDatabase { database, url in
            try await APITestHarness.withRouter(
                database: database, url: url,
                configure: { router in
                    router.get("/invalid") { _, _ -> String in
                        throw Problem.validation([.init(field: "location.latitude", message: "must be between -90 and 90")])
                    }
                }
            ) { client, _ in
                try await client.execute(uri: "/invalid", method: .get) { response in
                    expectProblem(response, .unprocessableContent, code: "validation_failed")
                    let errors = try #require(response.json["errors"] as? [[String: String]])
                    #expect(errors == [["field": "location.latitude", "message": "must be between -90 and 90"]])
                }
            }
        }
    }
}

@Suite struct DecodingProblemTests {
    struct Body: Decodable {
        struct Location: Decodable { let latitude: Double }
        let name: String
        let location: Location?
    }

    func decodeProblem(_ json: String) -> Problem? {
        do {
            _ = try JSONDecoder().decode(Body.self, from: Data(json.utf8))
            return nil
        } catch let error as DecodingError {
            return Problem.from(decoding: error)
        } catch {
            return nil
        }
    }

    @Test func malformedJSONIsA400() throws {
        let problem = try #require(decodeProblem("{\"name\": \"x\",\n \"location\": {]"))
        #expect(problem.status == .badRequest)
        #expect(problem.code == "malformed_json")
    }

    @Test func thePositionOfAJSONSyntaxErrorIsFound() {
        let position = BodyLimitMiddleware.syntaxErrorPosition(in: ByteBuffer(string: "{\"name\": \"x\",\n \"location\": {]"))
        #expect(position == "character 28")
        #expect(BodyLimitMiddleware.syntaxErrorPosition(in: ByteBuffer(string: "{}")) == nil)
    }

    @Test func aWrongTypeIsA400NamingTheField() throws {
        let problem = try #require(decodeProblem(#"{"name": "x", "location": {"latitude": "north"}}"#))
        #expect(problem.status == .badRequest)
        #expect(problem.code == "invalid_type")
        #expect(problem.errors.map(\.field) == ["location.latitude"])
    }

    @Test func aMissingRequiredFieldIsA422NamingIt() throws {
        let problem = try #require(decodeProblem(#"{"location": null}"#))
        #expect(problem.status == .unprocessableContent)
        #expect(problem.errors.map(\.field) == ["name"])
    }
}
