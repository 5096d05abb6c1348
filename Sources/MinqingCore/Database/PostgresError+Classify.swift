import PostgresNIO

extension PSQLError {
    /// The SQLSTATE of a server error, if the error came from the server.
    public var sqlState: String? { serverInfo?[.sqlState] }

    public var isUniqueViolation: Bool { sqlState == "23505" }
}
