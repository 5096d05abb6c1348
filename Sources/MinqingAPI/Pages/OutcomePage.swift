import Foundation
import Hummingbird
import MinqingCore
import MinqingRules

/// The public outcome page of an activity (公开成果, `/a/{code}`): what was discussed and how each problem
/// was answered, in plain Chinese and without personal data.
struct OutcomeView {
    let page: PageChrome
    /// The activity's card, as its code's page shows it.
    let activity: ActivityView
    let problems: [ProblemLine]
    let hasProblems: Bool
    let publishedOn: String
}

struct ProblemLine {
    let number: String
    let title: String
    let department: String?
    let status: String
    let outcome: String?
    let reply: String?
}

extension ResidentPages {
    // MARK: - GET /a/{code}

    func showOutcome(_ request: Request, code: String) async -> Response {
        do {
            guard let activity = try await api.activityStore.published(code: code) else { return notFoundOutcome() }
            let problems = try await api.problemStore.publicOutcome(activity: activity.id)
            let view = OutcomeView(
                page: chrome("\(activity.title)·公开成果"), activity: try await activityView(activity),
                problems: problems.map { problem in
                    ProblemLine(
                        number: "第\(problem.seq)项", title: problem.title, department: problem.departmentName,
                        status: problem.status.chineseName,
                        outcome: problem.outcome.map { PageText.outcomeName(.init(rawValue: $0.rawValue)!) }, reply: problem.reply)
                },
                hasProblems: !problems.isEmpty,
                publishedOn: String(PageText.dateTime(activity.publishedAt ?? activity.updatedAt, timeZone: timeZone).prefix { $0 != " " }))
            return html("outcome", view)
        } catch {
            return failure(error)
        }
    }

    func notFoundOutcome() -> Response {
        message(.notFound, title: "未找到活动成果", heading: "没有找到这个活动的公开成果", ["这个活动的成果还没有公开，或链接不完整。请稍后再来看看。"])
    }
}
