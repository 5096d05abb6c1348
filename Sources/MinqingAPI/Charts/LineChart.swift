import Foundation

/// A line over equally spaced points (a week each, say), server-rendered SVG with no script or external
/// resource: a black line with square markers on a grey grid, the values written above the points when
/// there is room, so it prints in black and white.
struct LineChart {
    struct Point {
        /// Written under the axis (every few points when they are many).
        var label: String
        var value: Double
    }

    var title: String
    var subtitle: String
    var points: [Point]

    func render() -> String {
        let width = 900.0, height = 420.0, left = 70.0, right = 30.0, top = 90.0, bottom = 70.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let ceiling = Self.niceCeiling(points.map(\.value).max() ?? 0)
        var svg = SVGText.header(width: width, height: height, title: title, subtitle: subtitle)
        // the grid: four whole steps
        for step in 0...4 {
            let value = ceiling * Double(step) / 4, y = top + plotHeight * (1 - Double(step) / 4)
            svg += """
                <line x1="\(left)" y1="\(f(y))" x2="\(width - right)" y2="\(f(y))" stroke="\(step == 0 ? "#000" : "#cccccc")" stroke-width="\(step == 0 ? 1 : 0.6)"/>
                <text x="\(left - 8)" y="\(f(y + 5))" font-size="13" text-anchor="end">\(Self.number(value))</text>

                """
        }
        if points.isEmpty {
            return svg + SVGText.noData(x: width / 2, y: top + plotHeight / 2) + "</svg>\n"
        }
        let spacing = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let x = { (index: Int) in points.count > 1 ? left + Double(index) * spacing : left + plotWidth / 2 }
        let y = { (value: Double) in top + plotHeight * (1 - (ceiling > 0 ? value / ceiling : 0)) }
        let path = points.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element.value)))" }.joined(separator: " ")
        svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\"/>\n"
        let labelEvery = max(1, Int((Double(points.count) / 13).rounded(.up)))
        let valuesFit = spacing >= 28 || points.count == 1
        for (index, point) in points.enumerated() {
            let px = x(index), py = y(point.value)
            svg +=
                "<rect x=\"\(f(px - 3.5))\" y=\"\(f(py - 3.5))\" width=\"7\" height=\"7\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"/>\n"
            if valuesFit {
                svg +=
                    "<text x=\"\(f(px))\" y=\"\(f(py - 9))\" font-size=\"12\" text-anchor=\"middle\">\(Self.number(point.value))</text>\n"
            }
            // every few labels, counted from the newest, so the last point is always named
            if (points.count - 1 - index) % labelEvery == 0 {
                svg += """
                    <text x="\(f(px))" y="\(f(top + plotHeight + 22))" font-size="12" text-anchor="middle">\(SVGText.escape(point.label))</text>

                    """
            }
        }
        return svg + "</svg>\n"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The value written on the axis and above a point: whole numbers without decimals.
    static func number(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// The axis' top: four equal grid steps that reach the maximum, each a round whole number (the values
    /// are counts): 1–8 times a power of ten, or 1.5 and 2.5 times one from 10 up.
    static func niceCeiling(_ maximum: Double) -> Double {
        let needed = max(maximum / 4, 1)
        let power = pow(10, floor(log10(needed)))
        let multipliers: [Double] = power >= 10 ? [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10] : [1, 2, 3, 4, 5, 6, 8, 10]
        return 4 * (multipliers.map { $0 * power }.first { $0 >= needed } ?? 10 * power)
    }
}
