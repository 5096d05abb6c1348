import Foundation

/// A ranked horizontal bar chart, server-rendered SVG with no script or external resource: grey bars with
/// a black outline and the figures written beside them, so it prints in black and white.
struct RankedBarChart {
    struct Bar {
        var label: String
        var value: Double
        /// Written after the bar (the value, a change…).
        var note: String
    }

    var title: String
    var subtitle: String
    var bars: [Bar]
    /// The value of a full-length bar (1 for rates); the largest bar's by default.
    var maximum: Double? = nil

    func render() -> String {
        let rowHeight = 30.0, left = 200.0, width = 860.0, top = 90.0, noteSpace = 170.0
        let height = top + Double(max(bars.count, 1)) * rowHeight + 40
        let largest = maximum ?? bars.map(\.value).max() ?? 0
        var svg = SVGText.header(width: width, height: height, title: title, subtitle: subtitle)
        if bars.isEmpty { svg += SVGText.noData(x: width / 2, y: top + 20) }
        for (index, bar) in bars.enumerated() {
            let y = top + Double(index) * rowHeight
            let length = largest > 0 ? max(2, (width - left - noteSpace) * bar.value / largest) : 2
            svg += """
                <text x="\(left - 10)" y="\(y + 19)" font-size="15" text-anchor="end">\(index + 1). \(SVGText.escape(bar.label))</text>
                <rect x="\(left)" y="\(y + 5)" width="\(String(format: "%.1f", length))" height="\(rowHeight - 10)" fill="#bdbdbd" stroke="#000" stroke-width="0.8"/>
                <text x="\(String(format: "%.1f", left + length + 8))" y="\(y + 19)" font-size="14">\(SVGText.escape(bar.note))</text>

                """
        }
        return svg + "</svg>\n"
    }
}
