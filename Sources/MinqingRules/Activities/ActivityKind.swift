/// The kinds of activity a liaison station holds (DOMAIN.md, "Activities").
public enum ActivityKind: String, Sendable, CaseIterable, Codable {
    /// 协商议事, "局长·代表面对面": a problem list the departments answer in writing.
    case consultation
    /// 民情恳谈
    case talk
    /// 接待: a representative receives residents (each month's reception day, 接待日).
    case reception
    /// 领导进站
    case leaderVisit = "leader_visit"
    /// 视察 / 执法检查
    case inspection
    /// 专题询问
    case inquiry
    /// 代表述职: a representative reports back to his voters.
    case reportBack = "report_back"
    /// 开放日
    case openDay = "open_day"

    public var chineseName: String {
        switch self {
        case .consultation: "协商议事"
        case .talk: "民情恳谈"
        case .reception: "代表接待"
        case .leaderVisit: "领导进站"
        case .inspection: "视察检查"
        case .inquiry: "专题询问"
        case .reportBack: "代表述职"
        case .openDay: "开放日"
        }
    }

    /// The kinds a representative organises himself at his own station; the others are the congress's.
    public var representativeMayOrganise: Bool { self == .reception || self == .reportBack }

    /// An inquiry keeps the questions put and who answered them, and yields a review opinion (审议意见).
    public var takesQuestions: Bool { self == .inquiry }

    /// Closing a consultation needs its minutes (协商纪要).
    public var needsMinutesToClose: Bool { self == .consultation }
}
