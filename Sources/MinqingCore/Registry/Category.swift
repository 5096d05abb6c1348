/// An opinion category (类别); resources refer to it by `code`.
public struct Category: Sendable, Equatable {
    public var code: String
    public var name: String
    public var position: Int
    public var active: Bool

    public init(code: String, name: String, position: Int, active: Bool) {
        self.code = code
        self.name = name
        self.position = position
        self.active = active
    }
}
