import Foundation
import MinqingCore
import MinqingRules

/// Report snapshots as UTF-8 CSV with a byte-order mark and Chinese headers, so Excel opens them right.
enum ReportCSV {
    static func render(_ kind: ReportStore.Kind, _ data: JSONValue) -> String {
        let (header, rows): ([String], [[String]]) = switch kind {
        case .monthly: monthly(data)
        case .quarterly: quarterly(data)
        case .annual: annual(data)
        }
        return "\u{FEFF}" + ([header] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func monthly(_ data: JSONValue) -> ([String], [[String]]) {
        let header = ["承办单位", "回执编号", "标题", "类别", "交办时间", "办理期限", "月末状态", "逾期工作日", "催办次数", "最新进展"]
        let rows = departments(data).flatMap { department in
            items(department).map { item in
                [text(department["department_name"]), text(item["receipt_no"]), text(item["title"]), text(item["category"]),
                 text(item["assigned_at"]), text(item["due_at"]), stateName(text(item["state_at_month_end"])),
                 text(item["working_days_overdue"]), text(item["reminders_sent"]), text(item["latest_progress"])]
            }
        }
        return (header, rows)
    }

    static func quarterly(_ data: JSONValue) -> ([String], [[String]]) {
        let reasons = ["overdue": "逾期未办结", "unsatisfied": "评价不满意", "key_item_open": "重点件未办结"]
        let header = ["承办单位", "责任人", "督办原因", "回执编号", "标题", "时间"]
        let rows = departments(data).flatMap { department in
            items(department).map { item in
                [text(department["department_name"]), text(department["responsible_person"]),
                 reasons[text(item["reason"])] ?? text(item["reason"]), text(item["receipt_no"]), text(item["title"]), text(item["at"])]
            }
        }
        return (header, rows)
    }

    static func annual(_ data: JSONValue) -> ([String], [[String]]) {
        let header = ["排名", "承办单位", "交办件数", "答复件数", "按时答复率", "满意率", "未评价", "重办率", "平均答复工作日",
                      "延期次数", "提级次数", "得分", "等级"]
        let rows = departments(data).map { d in
            [text(d["rank"]), text(d["department_name"]), text(d["assigned"]), text(d["replied"]), text(d["on_time_rate"]),
             text(d["satisfaction_rate"]), text(d["unrated"]), text(d["reopen_rate"]), text(d["average_working_days_to_reply"]),
             text(d["extensions"]), text(d["escalations"]), text(d["score"]), Grade(rawValue: text(d["grade"]))?.shortLabel ?? text(d["grade"])]
        }
        return (header, rows)
    }

    static func departments(_ data: JSONValue) -> [[String: JSONValue]] {
        guard case .object(let root) = data, case .array(let list)? = root["departments"] else { return [] }
        return list.compactMap { if case .object(let o) = $0 { o } else { nil } }
    }

    static func items(_ department: [String: JSONValue]) -> [[String: JSONValue]] {
        guard case .array(let list)? = department["items"] else { return [] }
        return list.compactMap { if case .object(let o) = $0 { o } else { nil } }
    }

    static func stateName(_ state: String) -> String {
        ["pending": "待签收", "acknowledged": "办理中", "replied": "已答复", "returned": "已退回", "escalated": "已提级"][state] ?? state
    }

    static func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        case .number(let d)?: d == d.rounded() ? String(Int(d)) : String(d)
        case .bool(let b)?: b ? "是" : "否"
        default: ""
        }
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
