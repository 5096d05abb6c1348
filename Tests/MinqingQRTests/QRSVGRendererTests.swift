import Foundation
import MinqingQR
import Testing

@Suite struct QRSVGRendererTests {
    let matrix: QRMatrix

    init() throws {
        matrix = try QRMatrix.encode("http://127.0.0.1:8080/c/abcdefgh2345k")
    }

    /// Sums the `hN` run lengths of `M x y hN v1 h-N z` segments.
    static func darkModules(in svg: String) throws -> (count: Int, cells: Set<[Int]>) {
        let regex = try NSRegularExpression(pattern: #"M(\d+) (\d+)h(\d+)v1h-(\d+)z"#)
        let range = NSRange(svg.startIndex..., in: svg)
        var cells = Set<[Int]>()
        var count = 0
        for match in regex.matches(in: svg, range: range) {
            let n = (1...4).map { Int((svg as NSString).substring(with: match.range(at: $0)))! }
            #expect(n[2] == n[3])
            count += n[2]
            for dx in 0..<n[2] { cells.insert([n[0] + dx, n[1]]) }
        }
        return (count, cells)
    }

    @Test func standaloneSVG() throws {
        let svg = QRSVGRenderer.render(matrix)
        let n = matrix.size + 8
        #expect(svg.contains("viewBox=\"0 0 \(n) \(n)\""))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("fill=\"#ffffff\""))
        #expect(!svg.contains("width=\"" + "300"))
        #expect(QRSVGRenderer.render(matrix, pixelSize: 300).contains("width=\"300\" height=\"300\""))

        let (count, cells) = try Self.darkModules(in: svg)
        #expect(count == matrix.darkCount)
        #expect(cells.count == matrix.darkCount)
        for y in 0..<matrix.size {
            for x in 0..<matrix.size {
                #expect(cells.contains([x + 4, y + 4]) == matrix.isDark(x: x, y: y))
            }
        }
    }

    @Test func fragmentIsPositionedAndScaled() throws {
        let fragment = QRSVGRenderer.fragment(matrix, x: 45, y: 70.5, size: 111)
        #expect(fragment.hasPrefix("<g transform=\"translate(45 70.5) scale(3.0)\""))
        #expect(fragment.hasSuffix("</g>"))
        #expect(try Self.darkModules(in: fragment).count == matrix.darkCount)
    }
}
