import CQRencode
import Foundation

/// A square QR symbol: `size × size` modules, without quiet zone.
public struct QRMatrix: Sendable, Equatable {
    /// Number of modules per side (21 + 4 × (version − 1)).
    public let size: Int
    /// Row-major module values, `true` = dark.
    private let modules: [Bool]

    /// Creates a matrix from row-major module values (`true` = dark).
    /// - Precondition: `modules.count == size * size`.
    public init(size: Int, modules: [Bool]) {
        precondition(size >= 0 && modules.count == size * size, "QRMatrix: modules.count must be size²")
        self.size = size
        self.modules = modules
    }

    /// The QR version (1…40) corresponding to `size`.
    public var version: Int { (size - 17) / 4 }

    /// Number of dark modules in the symbol.
    public var darkCount: Int { modules.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// Whether the module at column `x`, row `y` is dark. Coordinates outside
    /// the symbol (e.g. in the quiet zone) are light.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Encodes `text` (UTF-8, case-sensitive, 8-bit mode hint, smallest version
    /// that fits) with libqrencode.
    /// - Throws: `QRError.encodingFailed` when libqrencode returns no symbol
    ///   (e.g. the text is too long), `QRError.containsNUL` for embedded NULs.
    public static func encode(_ text: String, level: QRErrorCorrection = .medium) throws(QRError) -> QRMatrix {
        if text.utf8.contains(0) { throw .containsNUL }
        let result: Result<QRMatrix, QRError> = text.withCString { cString in
            guard let code = QRcode_encodeString(cString, 0, level.cLevel, QR_MODE_8, 1) else {
                return .failure(.encodingFailed(errno: errno))
            }
            defer { QRcode_free(code) }
            let width = Int(code.pointee.width)
            let data = code.pointee.data!
            var modules = [Bool](repeating: false, count: width * width)
            for i in 0..<(width * width) {
                modules[i] = data[i] & 1 == 1
            }
            return .success(QRMatrix(size: width, modules: modules))
        }
        return try result.get()
    }
}
