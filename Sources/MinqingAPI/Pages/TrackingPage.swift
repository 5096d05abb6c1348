import Foundation
import HTTPTypes
import Hummingbird
import MinqingCore
import MinqingOpenAPI
import MinqingQR
import MinqingRules

/// The receipt after filing: receipt number, what happens next, the private tracking link and its QR code.
struct ReceiptView {
    let page: PageChrome
    let receiptNo: String
    let kind: String
    let category: String
    let submittedAt: String
    let workingDays: Int
    let trackingURL: String
    let trackingPath: String
    let qrSVG: String
}

struct EventView {
    let time: String
    let iso: String
    let text: String
}

struct ReplyView {
    let time: String
    let iso: String
    let from: String
    let outcome: String
    let text: String
    let round: Int
    let laterRound: Bool
}

struct RatingView {
    let round: Int
    let rating: String
    let comment: String?
}

struct EvaluationErrors {
    var rating: String?
    var comment: String?
}

/// `/t/{token}`: status, public timeline, replies, the resident's ratings and, while open, the rating form.
struct SuggestionLine {
    let number: String
    let answer: String?
    let outcome: String?
}

struct TrackingView {
    let page: PageChrome
    let receiptNo: String
    let kind: String
    let category: String
    let submittedAt: String
    let statusName: String
    let statusTone: String
    let next: String
    let mergedInto: String?
    /// 已转为代表建议: the suggestion's number (or 草稿) and, once answered, the answer.
    let suggestion: SuggestionLine?
    let flash: String?
    let events: [EventView]
    let replies: [ReplyView]
    let hasReplies: Bool
    let ratings: [RatingView]
    let hasRatings: Bool
    let ratingOpen: Bool
    let action: String
    let csrf: String
    let choices: [OptionView]
    let comment: String
    let errors: EvaluationErrors
    let errorList: [ErrorLink]
    let hasErrors: Bool
    let receiptPath: String
}

extension ResidentPages {
    static func evaluationPurpose(_ token: String) -> String { "evaluate:\(token)" }

    // MARK: - GET /t/{token}/receipt

    func showReceipt(_ request: Request, token: String) async -> Response {
        do {
            let tracking = try await api.tracking(token: token)
            let path = "/t/\(token)"
            let url = services.config.publicBaseURL + path
            let kind = SubmissionKind(rawValue: tracking.kind.rawValue) ?? .opinion
            let view = ReceiptView(
                page: chrome("提交成功"), receiptNo: tracking.receiptNo, kind: kind.chineseName,
                category: tracking.categoryName ?? tracking.category,
                submittedAt: PageText.dateTime(tracking.createdAt, timeZone: timeZone),
                workingDays: services.config.loop.defaultWorkingDays(for: kind), trackingURL: url, trackingPath: path,
                qrSVG: try Self.inlineQR(url, label: "跟踪链接的二维码")
            )
            return html("receipt", view)
        } catch DomainError.notFound {
            return notFoundTracking()
        } catch {
            return failure(error)
        }
    }

    /// The QR code as inline SVG markup (no script, no style attribute: allowed by the page's CSP).
    static func inlineQR(_ text: String, label: String) throws -> String {
        let svg = QRSVGRenderer.render(try QRMatrix.encode(text))
        let body = svg.range(of: "<svg").map { String(svg[$0.lowerBound...]) } ?? svg
        return body.replacingOccurrences(of: "<svg ", with: "<svg class=\"qr\" role=\"img\" aria-label=\"\(label)\" ")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: - GET /t/{token}

    func showTracking(_ request: Request, token: String) async -> Response {
        do {
            let seed = csrf.seed(from: request)
            let flash: String? =
                switch request.uri.queryParameters.get("done") {
                case "rated": "感谢您的评价！"
                case "closed": "这一轮已经评价过了，下面是最新的办理情况。"
                default: nil
                }
            return try await renderTracking(
                token: token, seed: seed.value, flash: flash,
                cookie: seed.isNew ? csrf.cookie(seed.value) : nil)
        } catch DomainError.notFound {
            return notFoundTracking()
        } catch {
            return failure(error)
        }
    }

    // MARK: - POST /t/{token}/evaluation

    func submitEvaluation(_ request: Request, token: String) async -> Response {
        do {
            let body = try await formBody(request)
            guard let seed = CSRFGuard.cookieSeed(request),
                csrf.verify(seed: seed, token: body[CSRFGuard.fieldName], purpose: Self.evaluationPurpose(token))
            else { return expiredForm(back: "/t/\(token)") }
            let chosen = body["rating"] ?? ""
            let comment = body["comment"] ?? ""
            guard let rating = Components.Schemas.Rating(rawValue: chosen) else {
                return try await renderTracking(
                    token: token, seed: seed, chosen: chosen, comment: comment,
                    errors: [FieldError(field: "rating", message: "is required")], status: .unprocessableContent
                )
            }
            do {
                // Exactly the JSON API's operation (POST /v1/tracking/{token}/evaluation).
                _ = try await api.evaluateAsResident(
                    .init(
                        path: .init(trackingToken: token),
                        body: .json(.init(rating: rating, comment: comment.isEmpty ? nil : comment))
                    ))
                return redirect("/t/\(token)?done=rated")
            } catch DomainError.invalid(let errors) {
                return try await renderTracking(
                    token: token, seed: seed, chosen: chosen, comment: comment, errors: errors,
                    status: .unprocessableContent)
            } catch DomainError.invalidTransition, DomainError.conflict {
                // A second tap, or the round was closed meanwhile: show the current state.
                return redirect("/t/\(token)?done=closed")
            }
        } catch DomainError.notFound {
            return notFoundTracking()
        } catch {
            return failure(error)
        }
    }

    private func renderTracking(
        token: String, seed: String, flash: String? = nil, chosen: String = "", comment: String = "",
        errors: [FieldError] = [], status: HTTPResponse.Status = .ok, cookie: String? = nil
    ) async throws -> Response {
        let tracking = try await api.tracking(token: token)
        var ratings: [RatingView] = []
        // rated this round and still replied: the representative's rating is awaited
        var residentRated = false
        if let id = try await api.submissions.id(forTrackingToken: token), let detail = try await api.submissions.detail(id, now: api.now) {
            let own = detail.evaluations.filter { $0.evaluator == "resident" }.sorted { $0.round < $1.round }
            ratings = own.map { RatingView(round: $0.round, rating: PageText.ratingName($0.rating), comment: $0.comment) }
            residentRated = tracking.mergedIntoReceiptNo == nil && own.contains { $0.round == tracking.round }
        }
        var slots = EvaluationErrors()
        var list: [ErrorLink] = []
        for error in errors {
            let text = PageText.message(for: error)
            if error.field == "rating" {
                slots.rating = text
                list.append(ErrorLink(target: "rating", message: text))
            } else {
                slots.comment = text
                list.append(ErrorLink(target: "comment", message: text))
            }
        }
        let merged = tracking.mergedIntoReceiptNo
        let events = tracking.timeline.compactMap { event in
            PageText.event(event, mergedInto: merged).map {
                EventView(time: PageText.dateTime(event.at, timeZone: timeZone), iso: PageText.isoDate(event.at), text: $0)
            }
        }
        let replies = tracking.replies.map { reply in
            ReplyView(
                time: PageText.dateTime(reply.at, timeZone: timeZone), iso: PageText.isoDate(reply.at),
                from: reply.departmentName ?? "人大代表", outcome: PageText.outcomeName(reply.outcome), text: reply.text,
                round: reply.round, laterRound: reply.round > 1)
        }
        let choices = Rating.allCases.map { ($0, PageText.ratingName($0)) }
        let view = TrackingView(
            page: chrome("办理进度 \(tracking.receiptNo)", script: tracking.ratingOpen),
            receiptNo: tracking.receiptNo, kind: PageText.kindName(tracking.kind.rawValue),
            category: tracking.categoryName ?? tracking.category,
            submittedAt: PageText.dateTime(tracking.createdAt, timeZone: timeZone),
            statusName: PageText.statusName(tracking.status, residentRated: residentRated),
            statusTone: PageText.statusTone(tracking.status),
            next: nextStep(tracking, residentRated: residentRated), mergedInto: merged,
            suggestion: tracking.suggestion.map {
                SuggestionLine(
                    number: $0.number ?? "起草中", answer: $0.answerSummary,
                    outcome: $0.answerOutcome.map { PageText.outcomeName($0) })
            },
            flash: flash,
            events: events.reversed(), replies: replies, hasReplies: !replies.isEmpty, ratings: ratings,
            hasRatings: !ratings.isEmpty, ratingOpen: tracking.ratingOpen,
            action: "/t/\(token)/evaluation", csrf: csrf.token(seed: seed, purpose: Self.evaluationPurpose(token)),
            choices: choices.map {
                OptionView(value: $0.0.rawValue, label: $0.1, selected: chosen == $0.0.rawValue, id: "rating-\($0.0.rawValue)")
            },
            comment: comment, errors: slots, errorList: list, hasErrors: !list.isEmpty, receiptPath: "/t/\(token)/receipt"
        )
        return html("tracking", view, status: status, cookie: cookie)
    }

    func nextStep(_ tracking: Components.Schemas.Tracking, residentRated: Bool) -> String {
        let kind = SubmissionKind(rawValue: tracking.kind.rawValue) ?? .opinion
        switch tracking.status {
        case .submitted: return "人大代表和工作人员会尽快查看您的反映，决定是否受理。"
        case .accepted: return "您的反映已受理，正在确定由哪个单位办理。"
        case .assigned:
            let days = services.config.loop.defaultWorkingDays(for: kind)
            return "承办单位正在办理，一般在交办后 \(days) 个工作日内答复（节假日顺延），答复会显示在这里。"
        case .replied where residentRated: return "已收到您的评价，人大代表也评价后本件即办结。"
        case .replied: return tracking.ratingOpen ? "已收到答复，请您对办理结果评价。" : "已收到答复。"
        case .closed: return "本件已办结，感谢您的参与和监督。"
        case .reopened: return "您对答复不满意，本件将重新交办办理，请耐心等待新的答复。"
        case .rejected: return "本件不予受理，原因见下方记录。如有疑问，请联系人大代表联络站。"
        case .merged: return "您反映的问题与其他居民反映的相同问题合并办理，下方显示合并后的办理进度。"
        }
    }
}
