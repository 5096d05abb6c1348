/// Text in SVG markup: the characters XML reserves, escaped.
enum SVGText {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A chart's opening: the document at its size on white, its title and subtitle centred above the plot.
    static func header(width: Double, height: Double, title: String, subtitle: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
        font-family="\(fontFamily)">
        <rect width="100%" height="100%" fill="#ffffff"/>
        <text x="\(width / 2)" y="40" font-size="24" font-weight="bold" text-anchor="middle">\(escape(title))</text>
        <text x="\(width / 2)" y="66" font-size="14" text-anchor="middle" fill="#333">\(escape(subtitle))</text>

        """
    }

    /// What a chart without data shows where its plot would be.
    static func noData(x: Double, y: Double) -> String {
        "<text x=\"\(x)\" y=\"\(y)\" font-size=\"16\" text-anchor=\"middle\" fill=\"#333\">本期没有数据</text>\n"
    }

    /// The fonts every chart names: the CJK fonts of Debian, macOS and Windows.
    static let fontFamily = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
}
