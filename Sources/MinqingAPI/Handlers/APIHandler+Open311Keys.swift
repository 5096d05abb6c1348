import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

/// The calling systems' keys for the Open311 facade.
extension APIHandler {
    func listOpen311Keys(_ input: Operations.ListOpen311Keys.Input) async throws -> Operations.ListOpen311Keys.Output {
        .ok(.init(body: .json(.init(items: try await open311Keys.list(within: try scope).map(Components.Schemas.Open311Key.init)))))
    }

    func createOpen311Key(_ input: Operations.CreateOpen311Key.Input) async throws -> Operations.CreateOpen311Key.Output {
        let caller = try self.caller
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let name = v.required(body.name, "name", max: 100)
        let region = v.id(body.regionId, "region_id")
        let station = v.id(body.stationId, "station_id")
        try v.check()
        guard let region else { throw DomainError.invalid("region_id", "is required") }
        let (key, secret) = try await open311Keys.issue(
            name: name, region: region, station: station, by: caller, within: try scope, now: now)
        return .created(.init(body: .json(.init(key: .init(key), apiKey: secret))))
    }

    func revokeOpen311Key(_ input: Operations.RevokeOpen311Key.Input) async throws -> Operations.RevokeOpen311Key.Output {
        let id = try pathID(input.path.id, "Open311 key")
        return .ok(.init(body: .json(.init(try await open311Keys.revoke(id, within: try scope, now: now)))))
    }
}

extension Components.Schemas.Open311Key {
    init(_ key: Open311Key) {
        self.init(
            id: key.id.text, name: key.name, regionId: key.regionID.text, stationId: key.stationID?.text, active: !key.isRevoked,
            createdAt: key.createdAt, revokedAt: key.revokedAt)
    }
}
