import Foundation

/// A cluster of open submissions that share a term across stations (一类问题), with its members.
public struct IssueCluster: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var id: UUID
        public var receiptNo: String
        public var title: String
        public var stationID: UUID?
        public var createdAt: Date
    }

    public var term: String
    public var commonTerms: [String]
    public var members: [Member]

    public var stations: [UUID] { Array(Set(members.compactMap(\.stationID))).sorted { $0.uuidString < $1.uuidString } }
}
