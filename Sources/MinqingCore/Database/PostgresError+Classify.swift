import PostgresNIO

extension PSQLError {
    /// The SQLSTATE of a server error, if the error came from the server.
    public var sqlState: String? { serverInfo?[.sqlState] }

    public var isUniqueViolation: Bool { sqlState == "23505" }
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }
}
