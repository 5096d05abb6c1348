import Foundation
import Logging
import PostgresNIO

/// A parsed `postgres://user:password@host:port/database?sslmode=…` URL.
public struct DatabaseURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public struct ParseError: Error { public let reason: String }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tlsMode: TLSMode

    public init(parsing string: String) throws(ParseError) {
        guard let components = URLComponents(string: string) else {
            throw ParseError(reason: "is not a URL")
        }
        guard let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw ParseError(reason: "must start with postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw ParseError(reason: "has no host") }
        guard let user = components.user, !user.isEmpty else { throw ParseError(reason: "has no user name") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw ParseError(reason: "has no database name in its path") }
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        guard let mode = TLSMode(rawValue: sslmode) else {
            throw ParseError(reason: "sslmode '\(sslmode)' is not one of disable, prefer, require")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.tlsMode = mode
    }

    /// The same server and credentials with another database name (tests create one database per suite).
    public func with(database name: String) -> DatabaseURL {
        var copy = self
        copy.database = name
        return copy
    }

    public func clientConfiguration(poolSize: Int) -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch tlsMode {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
        configuration.options.maximumConnections = poolSize
        return configuration
    }
}
