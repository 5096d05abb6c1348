/// A configuration value that is missing or cannot be used. The message always names the variable.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let variable: String
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "configuration error: \(variable): \(reason)" }
}
