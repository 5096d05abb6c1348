import Foundation
import MinqingCore
import MinqingRules

/// 民情专报 as a printable page (`digest.mustache`): black on white, tables with rules, no script and
/// nothing to fetch, so it prints as it shows.
enum DigestPage {
    /// The templates, loaded once (the resident pages' folder holds this one too).
    private static let renderer = Result { try PageRenderer.load() }

    static func render(_ snapshot: ReportStore.Snapshot<MonthlyDigest>, local: LocalCalendar) throws -> String {
        try renderer.get().render("digest", View(snapshot, local: local))
    }

    struct View {
        struct FigureRow {
            let leftName: String, leftValue: String, rightName: String, rightValue: String
        }
        struct Word {
            let term: String, items: Int, change: String
        }
        struct Cluster {
            let term: String, size: Int, stations: Int, terms: String
        }

        let title: String, regionName: String, month: String, version: Int, reason: String?, createdAt: String, to: String
        let figures: [FigureRow]
        let hotWords: [Word], hasHotWords: Bool
        let clusters: [Cluster], hasClusters: Bool
        let keyItems: [MonthlyDigest.Item], hasKeyItems: Bool
        let departments: [MonthlyDigest.OverdueDepartment], hasDepartments: Bool
        let referredUp: [MonthlyDigest.Item], hasReferredUp: Bool

        init(_ snapshot: ReportStore.Snapshot<MonthlyDigest>, local: LocalCalendar) {
            let digest = snapshot.data, f = digest.figures
            let month = Period(key: digest.period).map { "\($0.year)年\(digest.period.suffix(2))月" } ?? digest.period
            (title, regionName, self.month) = ("民情专报 · \(snapshot.regionName) · \(month)", snapshot.regionName, month)
            (version, reason) = (snapshot.version, snapshot.reason)
            (createdAt, to) = (Self.day(snapshot.createdAt, local), Self.day(digest.to.addingTimeInterval(-1), local))
            func percent(_ rate: Double?) -> String { rate.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
            let pairs: [(String, String)] = [
                ("收到群众意见", "\(f.submissions) 件"), ("代表建议", "\(f.suggestions) 件"), ("活动问题清单", "\(f.problems) 项"),
                ("办结", "\(f.closed) 件"), ("群众直接反映占比", percent(f.directShare)), ("交办部门", "\(f.assigned) 件"),
                ("按时答复率", percent(f.onTimeRate)), ("满意率", percent(f.satisfactionRate)),
                ("平均答复工作日", f.averageWorkingDaysToReply.map { String(format: "%.1f", $0) } ?? "—"),
                ("月末逾期", "\(f.overdue) 件"), ("站点接待", "\(f.receptions) 次"), ("", ""),
            ]
            figures = stride(from: 0, to: pairs.count, by: 2).map {
                FigureRow(leftName: pairs[$0].0, leftValue: pairs[$0].1, rightName: pairs[$0 + 1].0, rightValue: pairs[$0 + 1].1)
            }
            hotWords = digest.hotWords.map {
                Word(term: $0.term, items: $0.items, change: $0.change == 0 ? "持平" : $0.change > 0 ? "↑\($0.change)" : "↓\(-$0.change)")
            }
            clusters = digest.clusters.map {
                Cluster(term: $0.term, size: $0.size, stations: $0.stations, terms: $0.commonTerms.joined(separator: "、"))
            }
            (keyItems, departments, referredUp) = (digest.keyItems, digest.departments, digest.referredUp)
            (hasHotWords, hasClusters, hasKeyItems) = (!hotWords.isEmpty, !clusters.isEmpty, !keyItems.isEmpty)
            (hasDepartments, hasReferredUp) = (!departments.isEmpty, !referredUp.isEmpty)
        }

        /// The local day, 2026-12-01.
        private static func day(_ date: Date, _ local: LocalCalendar) -> String { WorkingCalendar.Day(date, in: local).key }
    }
}
