import Foundation
import MinqingCore
import MinqingRules

/// How Minqing's words read in GeoReport v2: its argument names for intake's fields, the status notes
/// in Chinese, the notice a filing gets.
enum Open311Vocabulary {
    /// Intake's field names → the Open311 arguments they came from.
    static let fields = [
        "content": "description", "category": "service_code", "kind": "attribute[kind]", "title": "attribute[title]",
        "location.address": "address_string", "location.latitude": "lat", "location.longitude": "long",
        "contact.name": "first_name", "contact.phone": "phone",
    ]

    static func field(_ name: String) -> String { fields[name] ?? name }

    /// What the loop does next, as a filing's `service_notice`.
    static func notice(kind: SubmissionKind, policy: LoopPolicy) -> String {
        "人大代表联络站已收到您的\(kind.chineseName)，受理后交有关部门办理，一般在交办后 \(policy.defaultWorkingDays(for: kind)) 个工作日内答复（节假日顺延）。"
    }

    /// The status note: the rejection, the merge, the close reason with the answer, the newest answer, or
    /// where it stands.
    static func statusNotes(_ request: Open311Request) -> String {
        if request.ownStatus == .rejected { return "不予受理" + (request.rejectionNote.map { "：\($0)" } ?? "") }
        let merged = request.mergedInto.map { "与 \($0) 合并办理。" } ?? ""
        let reply = request.latestReply.map { "答复：\($0)" }
        switch request.status {
        case .closed:
            let reason =
                switch request.closeReason {
                case "satisfied": "已办结（满意）。"
                case "basically_satisfied": "已办结（基本满意）。"
                default: "已办结。"
                }
            return merged + reason + (reply ?? "")
        case .replied: return merged + (reply ?? "已答复。")
        case .submitted: return merged + "已提交，等待受理。"
        case .accepted: return merged + "已受理，正在确定承办单位。"
        case .assigned: return merged + "已交办，正在办理。"
        case .reopened: return merged + "重新办理中。"
        case .rejected, .merged: return merged
        }
    }

    /// The kinds as the service definition's values.
    static let kinds: [(key: SubmissionKind, name: String)] = SubmissionKind.allCases.map { ($0, $0.chineseName) }
}
