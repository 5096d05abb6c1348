/// Rasterises a `QRMatrix` to a grayscale PNG (black modules on white, 4-module quiet zone).
public enum QRPNGRenderer {
    /// Pixel size of one module for a requested width: `max(1, width / (size + 8))`.
    public static func modulePixels(for matrix: QRMatrix, width: Int) -> Int {
        max(1, width / QRSVGRenderer.extent(of: matrix))
    }

    /// Renders `matrix` as PNG bytes.
    ///
    /// Modules are whole pixels, so the image is `(size + 8) × modulePixels`
    /// pixels square, which is **at most** `width` (rounded down to a multiple of
    /// `size + 8`) — except when `width < size + 8`, where one pixel per module
    /// is used and the image is `size + 8` pixels wide.
    public static func render(_ matrix: QRMatrix, width: Int) -> [UInt8] {
        let module = modulePixels(for: matrix, width: width)
        let quiet = QRSVGRenderer.quietZone
        let side = QRSVGRenderer.extent(of: matrix) * module
        var pixels = [UInt8](repeating: 255, count: side * side)
        for y in 0..<matrix.size {
            for x in 0..<matrix.size where matrix.isDark(x: x, y: y) {
                let left = (x + quiet) * module
                for row in ((y + quiet) * module)..<((y + quiet + 1) * module) {
                    let start = row * side + left
                    for i in start..<(start + module) { pixels[i] = 0 }
                }
            }
        }
        return PNGEncoder.grayscale(width: side, height: side, pixels: pixels)
    }
}
