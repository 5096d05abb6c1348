/// Renders a `QRMatrix` as SVG: black modules on white, one `<path>` made of
/// merged horizontal runs (`M x y h n v1 h-n z`), `shape-rendering="crispEdges"`.
public enum QRSVGRenderer {
    /// Width of the light border around the symbol, in modules (ISO/IEC 18004 minimum).
    public static let quietZone = 4

    /// Side of the rendered square in modules, quiet zone included (`size + 8`).
    public static func extent(of matrix: QRMatrix) -> Int { matrix.size + 2 * quietZone }

    /// The `d` attribute of the module path, in module units, with the quiet
    /// zone offset applied (the first module sits at (4, 4)). Each dark run of a
    /// row is one closed `M x y hN v1 h-N z` segment.
    public static func pathData(_ matrix: QRMatrix) -> String {
        var d = ""
        for y in 0..<matrix.size {
            var x = 0
            while x < matrix.size {
                guard matrix.isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < matrix.size && matrix.isDark(x: x, y: y) { x += 1 }
                let run = x - start
                if !d.isEmpty { d += " " }
                d += "M\(start + quietZone) \(y + quietZone)h\(run)v1h-\(run)z"
            }
        }
        return d
    }

    /// A standalone SVG document whose `viewBox` is `0 0 N N` in module units
    /// (N = `size + 8`), white background, one black `<path>`. `pixelSize`, when
    /// given, sets the `width`/`height` attributes; otherwise the SVG scales freely.
    public static func render(_ matrix: QRMatrix, pixelSize: Int? = nil) -> String {
        let n = extent(of: matrix)
        let dimensions = pixelSize.map { " width=\"\($0)\" height=\"\($0)\"" } ?? ""
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1"\(dimensions) viewBox="0 0 \(n) \(n)" shape-rendering="crispEdges">
            <rect width="\(n)" height="\(n)" fill="#ffffff"/>
            <path fill="#000000" d="\(pathData(matrix))"/>
            </svg>

            """
    }

    /// A `<g>` fragment for embedding in a larger SVG: the symbol with its quiet
    /// zone (white square + black path) whose top-left corner is at (`x`, `y`) and
    /// whose side, quiet zone included, is `size` in the parent's user units
    /// (pixels, millimetres, …).
    public static func fragment(_ matrix: QRMatrix, x: Double, y: Double, size: Double) -> String {
        let n = extent(of: matrix)
        let scale = size / Double(n)
        return "<g transform=\"translate(\(SVGText.number(x)) \(SVGText.number(y))) scale(\(scale))\" "
            + "shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(n)\" height=\"\(n)\" fill=\"#ffffff\"/>"
            + "<path fill=\"#000000\" d=\"\(pathData(matrix))\"/></g>"
    }
}
