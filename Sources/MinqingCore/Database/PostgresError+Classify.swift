import PostgresNIO

extension PSQLError {
    /// The SQLSTATE of a server error, if the error came from the server.
    public var sqlState: String? { serverInfo?[.sqlState] }

    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// character_not_in_repertoire, untranslatable_character, invalid_escape_sequence, invalid_escape_character,
    /// invalid_regular_expression, string_data_right_truncation, invalid_text_representation, invalid_parameter_value.
    static let refusedInputStates: Set<String> = ["22021", "22P05", "22025", "22019", "2201B", "22001", "22P02", "22023"]
}

extension Error {
    /// The server refused characters or text it was given (a NUL byte, an invalid escape, text that is not
    /// a value of the column's type): the client's input, answered 400, never 500.
    public var isRefusedInput: Bool {
        guard let state = (self as? PSQLError)?.sqlState else { return false }
        return PSQLError.refusedInputStates.contains(state)
    }

    /// The database is down, restarting or unreachable (as opposed to refusing a statement): the connection
    /// broke, the server is shutting down or starting (SQLSTATE 57P01–57P03), or a connection exception
    /// (class 08). Such requests are answered 503 and can be retried.
    public var isDatabaseUnavailable: Bool {
        if self is DatabaseUnavailable { return true }
        if let error = self as? PostgresTransactionError {
            return [error.closureError, error.beginError, error.commitError, error.rollbackError]
                .contains { $0?.isDatabaseUnavailable == true }
        }
        guard let error = self as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed: return true
        case .server:
            guard let state = error.sqlState else { return false }
            return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
        default: return false
        }
    }
}
