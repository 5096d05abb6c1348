import Foundation
import MinqingRules
import PostgresNIO

extension IntakeService {
    /// What a converted suggestion files as a letter.
    struct Letter {
        var representativeID: UUID
        var regionID: UUID
        var kind: SubmissionKind
        var category: String
        var text: ConvertedLetter
        var filedBy: UUID?
        var note: String
    }

    /// Files a suggestion as an ordinary letter of its representative (转为来信), on the caller's connection so
    /// that it lands in the conversion's transaction: channel `suggestion`, the suggestion's region, and the
    /// representative's home station when it lies in that region. Nobody is handed its tracking token: the
    /// representative follows it as one of his own submissions.
    func fileLetter(_ letter: Letter, by actor: Actor, now: Date, on connection: PostgresConnection) async throws -> Receipt {
        let rows = try await connection.query(
            """
            SELECT r.home_station_id FROM representatives r JOIN stations st ON st.id = r.home_station_id
            WHERE r.id = \(letter.representativeID) AND st.region_id = \(letter.regionID)
            """,
            logger: logger
        ).collect()
        let station = try rows.first?.decode(UUID.self)
        let valid = IntakeRequest.Valid(
            code: nil, channel: .suggestion, kind: letter.kind, category: letter.category, title: letter.text.title,
            content: letter.text.content, address: nil, latitude: nil, longitude: nil, name: nil, phone: nil, anonymous: false,
            stationID: station, rotaSlotID: nil)
        let origin = Origin(
            channel: .suggestion, representativeID: letter.representativeID, stationID: station, regionID: letter.regionID,
            filedBy: letter.filedBy)
        // without an Idempotency-Key to claim, the insert always writes
        guard
            let receipt = try await insert(
                valid, as: (id: UUID(), token: SecretToken.make()), claiming: nil, origin: origin, actor: actor, note: letter.note,
                now: now, on: connection)
        else { preconditionFailure("an insert that claims no key always returns its receipt") }
        return receipt
    }
}
