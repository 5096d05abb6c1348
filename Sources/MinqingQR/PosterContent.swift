/// The texts printed on a deputy's contact poster.
public struct PosterContent: Sendable, Equatable {
    /// The slogan used when none is given.
    public static let defaultSlogan = "扫码找代表 · 反映民情民意"

    /// Deputy's name, the poster's title (e.g. "张伟").
    public var name: String
    /// Level and sector (e.g. "区人大代表 · 教育").
    public var subtitle: String
    /// Liaison station name (e.g. "城关街道代表联络站").
    public var stationName: String
    /// Reception schedule (e.g. "每月10日接待").
    public var receptionText: String
    /// Public phone number, printed only when present and non-empty.
    public var phone: String?
    /// Call to action printed under the code.
    public var slogan: String
    /// The URL encoded in the QR code and printed in small type at the bottom.
    public var url: String

    /// Creates poster content; `slogan` defaults to `PosterContent.defaultSlogan`.
    public init(
        name: String,
        subtitle: String,
        stationName: String,
        receptionText: String,
        phone: String? = nil,
        slogan: String = PosterContent.defaultSlogan,
        url: String
    ) {
        self.name = name
        self.subtitle = subtitle
        self.stationName = stationName
        self.receptionText = receptionText
        self.phone = phone
        self.slogan = slogan
        self.url = url
    }
}
