import Foundation
import MinqingQR
import Testing

@Suite struct QRPNGRendererTests {
    static let url = "http://127.0.0.1:8080/c/abcdefgh2345k"

    /// At width 64 the 29-module symbol gets one pixel per module (37 × 37 px):
    /// the raster is exact (checked pixel by pixel) but zbar cannot locate finder
    /// patterns that small, so zbar is only asked from two pixels per module on.
    @Test(arguments: [64, 74, 300, 1024])
    func rendersExactlyAndDecodesWithZBar(width: Int) throws {
        let matrix = try QRMatrix.encode(Self.url)
        let png = QRPNGRenderer.render(matrix, width: width)

        let module = QRPNGRenderer.modulePixels(for: matrix, width: width)
        let side = (matrix.size + 8) * module
        #expect(module == max(1, width / (matrix.size + 8)))
        #expect(side <= max(width, matrix.size + 8))
        let decoded = try StoredPNGReader.decode(png)
        #expect(decoded.width == side && decoded.height == side)

        // Every module centre has the right colour; the quiet zone is white.
        for y in -4..<(matrix.size + 4) {
            for x in -4..<(matrix.size + 4) {
                let px = (x + 4) * module + module / 2, py = (y + 4) * module + module / 2
                let expected: UInt8 = matrix.isDark(x: x, y: y) ? 0 : 255
                if decoded.pixels[py * side + px] != expected {
                    Issue.record("module (\(x), \(y)) wrong")
                    return
                }
            }
        }

        guard module >= 2 else { return }
        try #require(ZBar.isAvailable, "zbarimg not installed")
        let result = try ZBar.decode(png: png)
        #expect(result.status == 0)
        #expect(result.output == Self.url)
    }

    @Test func decodesOtherPayloads() throws {
        try #require(ZBar.isAvailable, "zbarimg not installed")
        for text in ["https://minqing.example.org/c/ZZZZZZZZ9999x?src=poster&v=2", "A"] {
            let png = QRPNGRenderer.render(try QRMatrix.encode(text, level: .high), width: 400)
            #expect(try ZBar.decode(png: png).output == text)
        }
    }

    @Test func tinyWidthFallsBackToOnePixelPerModule() throws {
        let matrix = try QRMatrix.encode(Self.url)
        let decoded = try StoredPNGReader.decode(QRPNGRenderer.render(matrix, width: 10))
        #expect(decoded.width == matrix.size + 8)
    }
}
