/// Renders a printable A4 contact poster as SVG (user units are millimetres).
///
/// Layout, top to bottom: red header band with the name (16 mm) and subtitle
/// (7 mm); the QR code, 120 mm wide including its quiet zone, centred; station
/// name (8 mm), reception schedule and phone (6 mm); slogan (10 mm, red); URL
/// (3.5 mm, monospace). Lines whose estimated width exceeds the printable
/// width (190 mm) get a smaller font size so they never run off the page.
public enum PosterRenderer {
    /// Font stack covering Simplified Chinese on Linux, macOS and Windows.
    public static let fontFamily = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
    /// Font stack for the URL line.
    public static let monospaceFamily = "DejaVu Sans Mono, Menlo, Consolas, monospace"
    /// Side of the QR code on the page, quiet zone included, in millimetres.
    public static let qrSide = 120.0

    static let pageWidth = 210.0
    static let textWidth = 190.0
    static let red = "#C8102E"

    /// Renders `content` with an already-encoded `matrix` (normally of `content.url`).
    public static func render(_ content: PosterContent, matrix: QRMatrix) -> String {
        var lines: [String] = []
        lines.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        lines.append(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                + "width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\">")
        lines.append("<title>\(SVGText.escape(content.name))</title>")
        lines.append("<rect x=\"0\" y=\"0\" width=\"210\" height=\"297\" fill=\"#ffffff\"/>")
        lines.append("<rect x=\"0\" y=\"0\" width=\"210\" height=\"62\" fill=\"\(red)\"/>")
        lines.append("<g font-family=\"\(fontFamily)\" text-anchor=\"middle\">")
        lines.append(text(content.name, y: 33, size: 16, bold: true, fill: "#ffffff"))
        lines.append(text(content.subtitle, y: 50, size: 7, fill: "#ffffff"))
        lines.append(QRSVGRenderer.fragment(matrix, x: (pageWidth - qrSide) / 2, y: 70, size: qrSide))
        lines.append(text(content.stationName, y: 206, size: 8, bold: true, fill: "#222222"))
        lines.append(text(content.receptionText, y: 218, size: 6, fill: "#222222"))
        if let phone = content.phone, !phone.isEmpty {
            lines.append(text("电话：" + phone, y: 229, size: 6, fill: "#222222"))
        }
        lines.append(text(content.slogan, y: 252, size: 10, bold: true, fill: red))
        lines.append(text(content.url, y: 283, size: 3.5, fill: "#555555", monospace: true))
        lines.append("</g>")
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Encodes `content.url` (error correction M) and renders the poster.
    /// - Throws: `QRError` when the URL cannot be encoded.
    public static func render(_ content: PosterContent) throws(QRError) -> String {
        render(content, matrix: try QRMatrix.encode(content.url))
    }

    /// One centred `<text>` line, shrunk when its estimated width exceeds `textWidth`.
    private static func text(
        _ value: String, y: Double, size: Double, bold: Bool = false, fill: String, monospace: Bool = false
    ) -> String {
        let ems = estimatedEms(value)
        let fitted = ems > 0 ? min(size, textWidth / ems) : size
        var attributes = "x=\"105\" y=\"\(SVGText.number(y))\" font-size=\"\(SVGText.number(fitted))\" fill=\"\(fill)\""
        if bold { attributes += " font-weight=\"bold\"" }
        if monospace { attributes += " font-family=\"\(monospaceFamily)\"" }
        return "<text \(attributes)>\(SVGText.escape(value))</text>"
    }

    /// Rough advance width in ems: CJK and other wide characters ≈ 1 em,
    /// Latin/ASCII ≈ 0.6 em (exactly 0.6 in the monospace URL font).
    static func estimatedEms(_ value: String) -> Double {
        value.unicodeScalars.reduce(0) { total, scalar in
            total + (scalar.value < 0x2E80 ? 0.6 : 1.0)
        }
    }
}
