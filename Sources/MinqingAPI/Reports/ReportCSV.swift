import Foundation
import MinqingCore
import MinqingRules

/// Report snapshots as UTF-8 CSV with a byte-order mark and Chinese headers, so Excel opens them right.
enum ReportCSV {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        "\u{FEFF}" + ([header] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func render(_ sheet: MonthlySheet) -> String {
        render(
            ["承办单位", "回执编号", "标题", "类别", "交办时间", "办理期限", "月末状态", "逾期工作日", "催办次数", "最新进展"],
            sheet.departments.flatMap { department in
                department.items.map { item in
                    [
                        department.departmentName, item.receiptNo, item.title, item.category, text(item.assignedAt), text(item.dueAt),
                        item.stateAtMonthEnd.label, String(item.workingDaysOverdue), String(item.remindersSent),
                        item.latestProgress ?? "",
                    ]
                }
            }
        )
    }

    static func render(_ report: SessionReport) -> String {
        func row(_ name: String, _ f: SessionReport.Figures) -> [String] {
            [name]
                + [
                    f.suggestions, f.solved, f.planned, f.explained, f.leadReplies, f.leadRepliesOnTime, f.leadRepliesContactedBefore,
                    f.satisfied, f.basicallySatisfied, f.unsatisfied, f.done, f.inFollowUp,
                ].map(String.init)
        }
        return render(
            ["承办单位", "主办件数", "A类答复", "B类答复", "C类答复", "主办答复", "按期答复", "办前联系", "满意", "基本满意", "不满意", "已办成", "跟踪落实中"],
            report.departments.map { row($0.departmentName, $0.figures) } + [row("合计", report.totals)])
    }

    static func render(_ list: OversightList) -> String {
        render(
            ["承办单位", "责任人", "督办原因", "回执编号", "标题", "时间"],
            list.departments.flatMap { department in
                department.items.map { item in
                    [
                        department.departmentName, department.responsiblePerson ?? "", item.reason.label, item.receiptNo, item.title,
                        text(item.at),
                    ]
                }
            }
        )
    }

    static func render(_ report: AnnualReport) -> String {
        render(
            [
                "排名", "承办单位", "交办件数", "答复件数", "按时答复率", "满意率", "未评价", "重办率", "平均答复工作日",
                "延期次数", "提级次数", "建议办理率", "建议未办前联系", "得分", "等级",
            ],
            report.departments.map { d in
                [
                    String(d.rank), d.departmentName, String(d.assigned), String(d.replied), text(d.onTimeRate),
                    text(d.satisfactionRate), String(d.unrated), text(d.reopenRate), text(d.averageWorkingDaysToReply),
                    String(d.extensions), String(d.escalations), text(d.suggestions?.rate),
                    d.suggestions.map { String($0.repliedWithoutContact) } ?? "", text(d.score), d.grade.shortLabel,
                ]
            }
        )
    }

    static func render(_ ranking: RepresentativeRanking) -> String {
        render(
            [
                "排名", "代表", "得分", "轮值到岗", "轮值缺岗", "接待", "参加活动", "述职", "收到意见", "已办结", "评价办理",
                "领衔建议", "附议建议",
            ],
            ranking.representatives.map { entry in
                let c = entry.record.counts
                return [String(entry.rank), entry.record.name, text(entry.record.score)]
                    + [
                        c.slotsKept, c.slotsMissed, c.receptions, c.activities, c.reportBacks, c.itemsReceived, c.itemsClosed,
                        c.itemsRated, c.suggestionsLed, c.suggestionsCoSigned,
                    ].map(String.init)
            }
        )
    }

    /// The digest's sections one after the other, each row named by its section.
    static func render(_ digest: MonthlyDigest) -> String {
        let f = digest.figures
        let figures: [[String]] = [
            ["本月数据", "收到群众意见", String(f.submissions), ""], ["本月数据", "代表建议", String(f.suggestions), ""],
            ["本月数据", "活动问题", String(f.problems), ""], ["本月数据", "办结", String(f.closed), ""],
            ["本月数据", "群众直接反映占比", text(f.directShare), ""], ["本月数据", "交办", String(f.assigned), ""],
            ["本月数据", "按时答复率", text(f.onTimeRate), ""], ["本月数据", "满意率", text(f.satisfactionRate), ""],
            ["本月数据", "平均答复工作日", text(f.averageWorkingDaysToReply), ""], ["本月数据", "月末逾期", String(f.overdue), ""],
            ["本月数据", "站点接待", String(f.receptions), ""],
        ]
        return render(
            ["栏目", "名称", "数值", "备注"],
            figures + digest.hotWords.map { ["民意热词", $0.term, String($0.items), "较上月 \($0.change >= 0 ? "+" : "")\($0.change)"] }
                + digest.clusters.map {
                    ["一类问题", $0.term, String($0.size), "\($0.stations) 个站点 · " + $0.commonTerms.joined(separator: " ")]
                }
                + digest.keyItems.map { ["重点件", $0.receiptNo + " " + $0.title, "", $0.status] }
                + digest.departments.map { ["逾期单位", $0.departmentName, String($0.overdue), ""] }
                + digest.referredUp.map { ["提交上级", $0.receiptNo + " " + $0.title, "", $0.toRegion ?? ""] })
    }

    /// Whole numbers without a decimal point; unknown as an empty cell.
    static func text(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func text(_ date: Date) -> String { date.formatted(.iso8601) }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
