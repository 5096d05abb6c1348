/// Errors raised while producing a QR code.
public enum QRError: Error, Sendable, Equatable {
    /// libqrencode could not encode the text (typically: too long for version 40
    /// at the requested error-correction level). `errno` is the C errno reported by
    /// libqrencode (`ERANGE` for too-large input, `EINVAL` for invalid input).
    case encodingFailed(errno: Int32)
    /// The input contains a NUL character, which a C string cannot carry.
    case containsNUL
}
