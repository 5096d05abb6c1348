import Foundation
import MinqingQR
import Testing

@Suite struct QRMatrixTests {
    static let url = "http://127.0.0.1:8080/c/abcdefgh2345k"

    @Test func sizeMatchesAQRVersion() throws {
        let matrix = try QRMatrix.encode(Self.url)
        #expect((matrix.size - 21) % 4 == 0)
        #expect((21...177).contains(matrix.size))
        #expect(matrix.size == 21 + 4 * (matrix.version - 1))
        #expect(matrix.size == 29)  // 37 bytes fit version 3 at level M
    }

    @Test func finderPatternsAreInTheCorners() throws {
        let matrix = try QRMatrix.encode(Self.url)
        let last = matrix.size - 1
        for (x, y) in [(0, 0), (6, 0), (0, 6), (6, 6), (last, 0), (0, last), (3, 3), (last - 3, 3), (3, last - 3)] {
            #expect(matrix.isDark(x: x, y: y), "(\(x), \(y))")
        }
        for (x, y) in [(7, 7), (1, 1), (last - 1, 1), (-1, 0), (0, matrix.size)] {
            #expect(!matrix.isDark(x: x, y: y), "(\(x), \(y))")
        }
    }

    @Test func higherLevelsNeedAtLeastAsManyModules() throws {
        let sizes = try QRErrorCorrection.allCases.map { try QRMatrix.encode(Self.url, level: $0).size }
        #expect(sizes == sizes.sorted())
        #expect(try QRMatrix.encode(Self.url, level: .high).size > QRMatrix.encode(Self.url, level: .low).size)
    }

    @Test func encodingIsCaseSensitiveAndDeterministic() throws {
        #expect(try QRMatrix.encode("http://a/B") == QRMatrix.encode("http://a/B"))
        #expect(try QRMatrix.encode("http://a/B") != QRMatrix.encode("http://a/b"))
    }

    @Test func absurdlyLongInputThrows() {
        let text = String(repeating: "x", count: 8000)
        #expect(throws: QRError.self) { try QRMatrix.encode(text) }
        #expect(throws: QRError.self) { try QRMatrix.encode(String(repeating: "码", count: 3000)) }
    }

    @Test func embeddedNULThrows() {
        #expect(throws: QRError.containsNUL) { try QRMatrix.encode("a\u{0}b") }
    }
}
