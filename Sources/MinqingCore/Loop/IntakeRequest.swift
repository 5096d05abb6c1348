import Foundation
import MinqingRules

/// A resident's submission as it arrives (JSON API or resident page), before validation.
public struct IntakeRequest: Sendable, Codable, Equatable {
    public var code: String?
    public var channel: String?
    public var kind: String
    public var category: String
    public var title: String?
    public var content: String
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var name: String?
    public var phone: String?
    public var anonymous: Bool
    public var stationID: String?
    /// A reception filing: the duty slot it was received at (channel `reception` only).
    public var rotaSlotID: String?

    public init(
        code: String? = nil, channel: String? = nil, kind: String, category: String, title: String? = nil,
        content: String, address: String? = nil, latitude: Double? = nil, longitude: Double? = nil,
        name: String? = nil, phone: String? = nil, anonymous: Bool = false, stationID: String? = nil,
        rotaSlotID: String? = nil
    ) {
        self.code = code
        self.channel = channel
        self.kind = kind
        self.category = category
        self.title = title
        self.content = content
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.name = name
        self.phone = phone
        self.anonymous = anonymous
        self.stationID = stationID
        self.rotaSlotID = rotaSlotID
    }

    /// A checked submission; category and code existence are checked against the database by ``IntakeService``.
    public struct Valid: Sendable {
        public let code: String?
        public let channel: Channel
        public let kind: SubmissionKind
        public let category: String
        public let title: String?
        public let content: String
        public let address: String?
        public let latitude: Double?
        public let longitude: Double?
        public let name: String?
        public let phone: String?
        public let anonymous: Bool
        public let stationID: UUID?
        public let rotaSlotID: UUID?
    }

    /// Every rule of intake, one error per field: content 5–2000 characters after trimming, title ≤ 100,
    /// a mainland mobile number, coordinates in range, no control characters except newlines in content.
    public func validated() throws(DomainError) -> Valid { try validated(as: nil) }

    /// `facade`: the channel of a front door that sets it itself (Open311), with no code.
    public func validated(as facade: Channel?) throws(DomainError) -> Valid {
        var v = FieldValidator()
        let kind = SubmissionKind(rawValue: kind)
        if kind == nil { v.add("kind", "must be one of opinion, suggestion, complaint, help, inquiry") }
        let category = v.required(category, "category", max: 40)
        let content = v.required(content, "content", min: 5, max: 2000, multiline: true)
        let title = v.optional(title, "title", max: 100)
        let address = v.optional(address, "location.address", max: 200)
        v.range(latitude, "location.latitude", -90...90)
        v.range(longitude, "location.longitude", -180...180)
        if (latitude == nil) != (longitude == nil) {
            v.add(latitude == nil ? "location.latitude" : "location.longitude", "latitude and longitude go together")
        }
        let name = anonymous ? nil : v.optional(name, "contact.name", max: 50)
        var phone = v.optional(phone, "contact.phone", max: 20)
        if let given = phone {
            let digits = given.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "-", with: "")
            if digits.range(of: #"^1[3-9][0-9]{9}$"#, options: .regularExpression) == nil {
                v.add("contact.phone", "must be a mainland mobile number: 11 digits starting with 13–19")
                phone = nil
            } else {
                phone = digits
            }
        }
        let code = v.optional(code, "code", max: 32)
        var channel: Channel = facade ?? .code
        if facade != nil {
            if code != nil || self.channel != nil { v.add("channel", "is set by the front door") }
        } else if let raw = self.channel {
            if let parsed = Channel(rawValue: raw), Channel.filable.contains(parsed) {
                channel = parsed
            } else {
                v.add("channel", "must be one of code, reception, observer, phone, activity")
            }
        }
        if code == nil && channel == .code { v.add("code", "is required (or, for staff, a channel)") }
        if code != nil && channel != .code { v.add("channel", "must be code (or absent) when a code is given") }
        let stationID = v.id(stationID, "station_id")
        let rotaSlotID = v.id(rotaSlotID, "rota_slot_id")
        if rotaSlotID != nil && channel != .reception { v.add("rota_slot_id", "goes only with channel reception") }
        if rotaSlotID != nil && stationID != nil { v.add("station_id", "must be absent: the slot names the station") }
        try v.check()
        return Valid(
            code: code, channel: channel, kind: kind!, category: category, title: title, content: content,
            address: address, latitude: latitude, longitude: longitude, name: name, phone: phone, anonymous: anonymous,
            stationID: stationID, rotaSlotID: rotaSlotID
        )
    }
}
