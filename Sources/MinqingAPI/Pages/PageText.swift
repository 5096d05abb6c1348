import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules

/// The plain-Chinese words of the resident pages: field labels, error messages, statuses, timeline entries.
enum PageText {
    /// Labels of the fields, by the field names the intake rules report (`contact.phone`, …).
    static let labels: [String: String] = [
        "kind": "反映类型", "category": "类别", "content": "反映内容", "location.address": "地点",
        "contact.name": "姓名", "contact.phone": "手机号码", "consent": "个人信息处理同意", "comment": "评价意见",
        "rating": "满意程度", "code": "二维码",
    ]

    /// The Chinese message for a field error of the intake or evaluation rules.
    static func message(for error: FieldError) -> String {
        let label = labels[error.field] ?? "此项"
        switch error.field {
        case "kind": return "请选择反映类型。"
        case "category": return "请选择类别。"
        case "contact.phone": return "请填写正确的 11 位手机号码（以 13–19 开头），或留空。"
        case "consent": return "留下手机号码时，请勾选同意我们为办理本件处理您的个人信息。"
        case "rating": return "请选择满意程度。"
        case "code": return "这个二维码无法使用，请扫描联络站张贴的最新二维码。"
        default: break
        }
        let text = error.message
        if text.contains("must not be empty") { return "请填写\(label)。" }
        if text.contains("control characters") { return "\(label)含有无法识别的字符，请删除后再提交。" }
        if let number = firstNumber(in: text) {
            if text.contains("at least") { return "\(label)至少需要 \(number) 个字。" }
            if text.contains("at most") { return "\(label)不能超过 \(number) 个字。" }
        }
        return "\(label)填写有误，请检查。"
    }

    private static func firstNumber(in text: String) -> Int? {
        guard let range = text.range(of: #"\d+"#, options: .regularExpression) else { return nil }
        return Int(text[range])
    }

    /// A replied item the resident has rated waits only for the representative (both evaluate an item filed
    /// through his code): it no longer asks the resident.
    static func statusName(_ status: Components.Schemas.SubmissionStatus, residentRated: Bool = false) -> String {
        switch status {
        case .replied where residentRated: "已答复，待代表评价"
        case .submitted: "已提交，等待受理"
        case .accepted: "已受理"
        case .rejected: "不予受理"
        case .merged: "已合并办理"
        case .assigned: "已交办，正在办理"
        case .replied: "已答复，请您评价"
        case .closed: "已办结"
        case .reopened: "重新办理中"
        }
    }

    /// A CSS modifier for the status badge.
    static func statusTone(_ status: Components.Schemas.SubmissionStatus) -> String {
        switch status {
        case .submitted, .accepted, .assigned, .reopened: "open"
        case .replied: "replied"
        case .closed: "done"
        case .rejected, .merged: "ended"
        }
    }

    /// One public timeline entry in plain words; nil for entries the resident need not see.
    static func event(_ event: Components.Schemas.TrackingEvent, mergedInto: String?) -> String? {
        let departments = (event.departmentNames ?? []).joined(separator: "、")
        switch event.action {
        case "submitted": return "已提交"
        case "accepted": return "已受理"
        case "rejected": return "不予受理" + (event.note.map { "：\($0)" } ?? "")
        case "merged": return "与相同问题合并办理" + (mergedInto.map { "（随回执 \($0) 一并办理）" } ?? "")
        case "resolved": return "人大代表已当场答复"
        case "assigned": return departments.isEmpty ? "已交办" : "已交办至\(departments)"
        case "escalated": return departments.isEmpty ? "已提级办理" : "已提级交办至\(departments)"
        case "referred": return "已提交上级人大协调"
        case "replied": return "已答复"
        case "reopened": return "您表示不满意，已重新办理"
        case "closed": return "已办结"
        default: return nil
        }
    }

    static func outcomeName(_ outcome: Components.Schemas.ReplyOutcome) -> String {
        switch outcome {
        case .solved: "已解决（采纳）"
        case .planned: "已列入计划解决"
        case .explained: "已作解释说明"
        }
    }

    static func ratingName(_ rating: Rating) -> String {
        switch rating {
        case .satisfied: "满意"
        case .basicallySatisfied: "基本满意"
        case .unsatisfied: "不满意"
        }
    }

    static func kindName(_ kind: String) -> String {
        SubmissionKind(rawValue: kind)?.chineseName ?? kind
    }

    /// 2026年3月5日 14:30 in the configured time zone.
    static func dateTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%d年%d月%d日 %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// 12月10日（周四）: a local day with its weekday.
    static func day(_ day: WorkingCalendar.Day, in local: LocalCalendar) -> String {
        let noon = local.date(year: day.year, month: day.month, day: day.day, hour: 12)
        let weekday = ["日", "一", "二", "三", "四", "五", "六"][local.calendar.component(.weekday, from: noon) - 1]
        return "\(day.month)月\(day.day)日（周\(weekday)）"
    }

    /// The machine form of the same instant for `<time datetime>`.
    static func isoDate(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
