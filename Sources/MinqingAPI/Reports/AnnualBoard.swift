import Foundation
import MinqingCore
import MinqingRules

/// The red/yellow/green board (三色榜): one labelled bar per department, readable in black and white too
/// (each bar also carries its grade in words).
enum AnnualBoard {
    static func render(_ report: AnnualReport, policy: RhythmPolicy) -> String {
        let departments = report.departments, year = String(report.year)
        let rowHeight = 34.0, left = 250.0, width = 900.0, top = 90.0
        let height = top + Double(departments.count) * rowHeight + 60
        let colors: [Grade: String] = [.green: "#2e7d32", .yellow: "#f9a825", .red: "#c62828", .none: "#9e9e9e"]
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" \
            font-family="\(SVGText.fontFamily)">
            <rect width="100%" height="100%" fill="#ffffff"/>
            <text x="\(width / 2)" y="44" font-size="26" font-weight="bold" text-anchor="middle">\(SVGText.escape(year))年度承办单位评议 · 三色榜</text>
            <text x="\(width / 2)" y="70" font-size="14" text-anchor="middle" fill="#444">\(SVGText.escape(policy.gradeLegend))</text>

            """
        for (index, department) in departments.enumerated() {
            let y = top + Double(index) * rowHeight
            let score = ReportCSV.text(department.score)
            let value = department.score ?? 0
            let grade = department.grade
            let barWidth = max(2, (width - left - 150) * value / 100)
            svg += """
                <text x="\(left - 10)" y="\(y + 21)" font-size="15" text-anchor="end">\(department.rank). \(SVGText.escape(department.departmentName))</text>
                <rect x="\(left)" y="\(y + 6)" width="\(barWidth)" height="\(rowHeight - 12)" fill="\(colors[grade] ?? "#9e9e9e")" stroke="#222" stroke-width="0.6"/>
                <text x="\(left + barWidth + 8)" y="\(y + 21)" font-size="15">\(SVGText.escape(score.isEmpty ? "—" : score)) 分 · \(grade.boardLabel)</text>

                """
        }
        return svg + "</svg>\n"
    }
}
