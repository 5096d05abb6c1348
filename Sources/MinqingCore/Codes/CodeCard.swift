import Foundation
import MinqingRules

/// What a scanned code shows: the code with its representative (for representative codes) and station.
public struct CodeCard: Sendable {
    public let code: Code
    public let representative: Representative?
    public let station: Station

    /// Loads an active code's card; unknown → notFound, revoked → gone (with the station, for its phone).
    public static func load(
        _ text: String, codes: CodeStore, representatives: RepresentativeStore,
        stations: StationStore
    ) async throws -> CodeCard {
        guard let code = try await codes.find(text) else { throw DomainError.notFound("Code \(text)") }
        guard code.status == .active else {
            throw DomainError.gone(code: "code_revoked", detail: "This code was withdrawn; ask the station for a current one.")
        }
        let representative = try await code.representativeID.asyncMap { try await representatives.find($0) } ?? nil
        guard let station = try await stations.find(code.stationID) else { throw DomainError.notFound("Code \(text)") }
        return CodeCard(code: code, representative: representative, station: station)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
