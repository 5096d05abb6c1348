import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

/// The Open311 operations, two per endpoint (`.xml`, `.json`), each serving the document its endpoint
/// builds once (APIHandler+Open311.swift).
extension APIHandler {
    static func xml<Document: Encodable>(_ document: Document, root: String) throws -> HTTPBody {
        HTTPBody(try Open311Format.xml(document, root: root))
    }

    func getOpen311DiscoveryXML(_ input: Operations.GetOpen311DiscoveryXML.Input) async throws -> Operations.GetOpen311DiscoveryXML.Output {
        .ok(.init(body: .textXmlCharsetUtf8(try Self.xml(try open311Discovery(input.query.jurisdictionId), root: "discovery"))))
    }

    func getOpen311DiscoveryJSON(_ input: Operations.GetOpen311DiscoveryJSON.Input) async throws
        -> Operations.GetOpen311DiscoveryJSON.Output
    {
        .ok(.init(body: .json(try open311Discovery(input.query.jurisdictionId))))
    }

    func listOpen311ServicesXML(_ input: Operations.ListOpen311ServicesXML.Input) async throws -> Operations.ListOpen311ServicesXML.Output {
        .ok(.init(body: .textXmlCharsetUtf8(try Self.xml(try await open311Services(input.query.jurisdictionId), root: "services"))))
    }

    func listOpen311ServicesJSON(_ input: Operations.ListOpen311ServicesJSON.Input) async throws
        -> Operations.ListOpen311ServicesJSON.Output
    {
        .ok(.init(body: .json(try await open311Services(input.query.jurisdictionId))))
    }

    func getOpen311ServiceXML(_ input: Operations.GetOpen311ServiceXML.Input) async throws -> Operations.GetOpen311ServiceXML.Output {
        let definition = try await open311Definition(input.path.serviceCode, jurisdiction: input.query.jurisdictionId)
        return .ok(.init(body: .textXmlCharsetUtf8(try Self.xml(definition, root: "service_definition"))))
    }

    func getOpen311ServiceJSON(_ input: Operations.GetOpen311ServiceJSON.Input) async throws -> Operations.GetOpen311ServiceJSON.Output {
        .ok(.init(body: .json(try await open311Definition(input.path.serviceCode, jurisdiction: input.query.jurisdictionId))))
    }

    func createOpen311RequestXML(_ input: Operations.CreateOpen311RequestXML.Input) async throws
        -> Operations.CreateOpen311RequestXML.Output
    {
        guard case .urlEncodedForm(let form) = input.body else { throw DomainError.invalid("body", "must be a form") }
        return .created(.init(body: .textXmlCharsetUtf8(try Self.xml(try await open311File(form), root: "service_requests"))))
    }

    func createOpen311RequestJSON(_ input: Operations.CreateOpen311RequestJSON.Input) async throws
        -> Operations.CreateOpen311RequestJSON.Output
    {
        guard case .urlEncodedForm(let form) = input.body else { throw DomainError.invalid("body", "must be a form") }
        return .created(.init(body: .json(try await open311File(form))))
    }

    func listOpen311RequestsXML(_ input: Operations.ListOpen311RequestsXML.Input) async throws -> Operations.ListOpen311RequestsXML.Output {
        .ok(.init(body: .textXmlCharsetUtf8(try Self.xml(try await open311Requests(input.query), root: "service_requests"))))
    }

    func listOpen311RequestsJSON(_ input: Operations.ListOpen311RequestsJSON.Input) async throws
        -> Operations.ListOpen311RequestsJSON.Output
    {
        .ok(.init(body: .json(try await open311Requests(input.query))))
    }

    func getOpen311RequestXML(_ input: Operations.GetOpen311RequestXML.Input) async throws -> Operations.GetOpen311RequestXML.Output {
        try requireJurisdiction(input.query.jurisdictionId)
        let found = try await open311Request(input.path.serviceRequestId, apiKey: input.query.apiKey)
        return .ok(.init(body: .textXmlCharsetUtf8(try Self.xml(found, root: "service_requests"))))
    }

    func getOpen311RequestJSON(_ input: Operations.GetOpen311RequestJSON.Input) async throws -> Operations.GetOpen311RequestJSON.Output {
        try requireJurisdiction(input.query.jurisdictionId)
        return .ok(.init(body: .json(try await open311Request(input.path.serviceRequestId, apiKey: input.query.apiKey))))
    }

    func getOpen311TokenXML(_ input: Operations.GetOpen311TokenXML.Input) async throws -> Operations.GetOpen311TokenXML.Output {
        throw Self.noTokens(input.path.token)
    }

    func getOpen311TokenJSON(_ input: Operations.GetOpen311TokenJSON.Input) async throws -> Operations.GetOpen311TokenJSON.Output {
        throw Self.noTokens(input.path.token)
    }

    /// Every service is realtime: a filing answers with its id at once, so no token ever exists.
    static func noTokens(_ token: String) -> DomainError {
        .notFound("Token \(token) (every service is realtime: a request's id is returned when it is filed)")
    }
}
