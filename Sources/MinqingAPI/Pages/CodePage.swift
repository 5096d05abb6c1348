import Foundation
import HTTPTypes
import Hummingbird
import MinqingCore
import MinqingRules

/// One choice of a radio group or select.
struct OptionView {
    let value: String
    let label: String
    let selected: Bool
    let id: String
}

/// The person or station behind a scanned code.
struct CardView {
    let name: String
    let initial: String
    let subtitle: String
    let photoURL: String?
    let stationName: String?
    let address: String?
    let schedule: String?
    /// 下次代表驻站 and 下个接待日, in plain Chinese.
    let nextDuty: String?
    let nextReception: String?
    let bio: String?
}

/// The activity an activity code files into (活动码): what residents at the event see above the form.
struct ActivityView {
    let kindName: String
    let title: String
    let topic: String?
    let time: String
    let place: String?
    let officials: String?
    let representatives: String?
}

/// Error messages next to the fields of the intake form.
struct IntakeErrors {
    var kind: String?
    var category: String?
    var content: String?
    var address: String?
    var name: String?
    var phone: String?
    var consent: String?

    /// Where each API field's first error shows on the form, and the input it links to.
    static var slots: [String: (WritableKeyPath<IntakeErrors, String?>, String)] {
        [
            "kind": (\.kind, "kind"), "category": (\.category, "category"), "content": (\.content, "content"),
            "location.address": (\.address, "address"), "contact.name": (\.name, "name"), "contact.phone": (\.phone, "phone"),
            "consent": (\.consent, "consent"),
        ]
    }
}

/// A link from the error summary to the field.
struct ErrorLink {
    let target: String
    let message: String
}

/// The `/c/{code}` page: the card and the form, empty or as posted with its errors.
struct CodeView {
    let page: PageChrome
    let card: CardView
    let activity: ActivityView?
    let action: String
    let csrf: String
    let formKey: String
    let kinds: [OptionView]
    let categories: [OptionView]
    let categoryChosen: Bool
    let content: String
    let contentCount: Int
    let address: String
    let name: String
    let phone: String
    let anonymous: Bool
    let consent: Bool
    let errors: IntakeErrors
    let errorList: [ErrorLink]
    let hasErrors: Bool
    let banner: String?
}

/// What the resident typed, kept across a failed submission.
struct IntakeForm: Sendable {
    var kind = SubmissionKind.opinion.rawValue
    var category = ""
    var content = ""
    var address = ""
    var name = ""
    var phone = ""
    var anonymous = false
    var consent = false
    var formKey: String

    static let keyField = "form_key"

    init(formKey: String) {
        self.formKey = formKey
    }

    init(_ form: FormBody) {
        kind = form["kind"] ?? ""
        category = form["category"] ?? ""
        content = form["content"] ?? ""
        address = form["address"] ?? ""
        name = form["name"] ?? ""
        phone = form["phone"] ?? ""
        anonymous = form.isChecked("anonymous")
        consent = form.isChecked("consent")
        let key = form[Self.keyField] ?? ""
        formKey = CSRFGuard.isToken(key) ? key : SecretToken.make()
    }

    var phoneGiven: Bool { !phone.trimmingCharacters(in: .whitespaces).isEmpty }

    /// The same request the JSON API builds; empty optional fields are absent.
    func request(code: String) -> IntakeRequest {
        func optional(_ text: String) -> String? { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text }
        return IntakeRequest(
            code: code, kind: kind, category: category, content: content, address: optional(address),
            name: anonymous ? nil : optional(name), phone: optional(phone), anonymous: anonymous
        )
    }

    /// The idempotency key of this form: a double tap replays the first filing instead of filing twice.
    var idempotencyKey: String { "page:" + formKey }
}

extension ResidentPages {
    static func intakePurpose(_ code: String) -> String { "intake:\(code)" }

    // MARK: - GET /c/{code}

    func showCode(_ request: Request, code text: String) async -> Response {
        do {
            let card = try await api.scan(text)
            let seed = csrf.seed(from: request)
            return try await renderCode(
                card, form: IntakeForm(formKey: SecretToken.make()), seed: seed.value,
                cookie: seed.isNew ? csrf.cookie(seed.value) : nil)
        } catch {
            return await codeFailure(error, code: text)
        }
    }

    // MARK: - POST /c/{code}

    func submitCode(_ request: Request, code text: String) async -> Response {
        do {
            let body = try await formBody(request)
            guard
                csrf.verify(
                    seed: CSRFGuard.cookieSeed(request), token: body[CSRFGuard.fieldName],
                    purpose: Self.intakePurpose(text))
            else { return expiredForm(back: "/c/\(text)") }
            let seed = CSRFGuard.cookieSeed(request)!
            let card = try await api.loadCard(text)
            var form = IntakeForm(body)
            let intake = form.request(code: card.code.code)
            // The intake rules themselves, run early so that every message, consent included, shows at once.
            var errors: [FieldError] = []
            do { _ = try intake.validated() } catch { if case .invalid(let found) = error { errors = found } }
            if form.phoneGiven && !form.consent {
                errors.append(FieldError(field: "consent", message: "required when a phone number is given"))
            }
            if !errors.isEmpty {
                return try await renderCode(card, form: form, errors: errors, seed: seed, status: .unprocessableContent)
            }
            do {
                let receipt = try await file(intake, key: form.idempotencyKey)
                return redirect("/t/\(receipt.trackingToken)/receipt")
            } catch DomainError.invalid(let found) {
                return try await renderCode(card, form: form, errors: found, seed: seed, status: .unprocessableContent)
            } catch DomainError.rateLimited(let retryAfter, _) {
                let minutes = max(1, (retryAfter + 59) / 60)
                var headers = HTTPFields()
                headers[.retryAfter] = String(retryAfter)
                return try await renderCode(
                    card, form: form, seed: seed, status: .tooManyRequests, headers: headers,
                    banner: "提交太频繁了，请约 \(minutes) 分钟后再提交。您填写的内容已保留。"
                )
            } catch DomainError.conflict(let code, _) where code == "idempotency_key_reused" {
                // The page was submitted before and then edited (e.g. after going back): a new form, kept input.
                form.formKey = SecretToken.make()
                return try await renderCode(
                    card, form: form, seed: seed, status: .conflict,
                    banner: "这份表单已经提交过一次。如果要再反映一件新的事情，请确认内容后再次提交。"
                )
            }
        } catch {
            return await codeFailure(error, code: text)
        }
    }

    /// Files through the intake service; a concurrent double tap waits for the first filing's receipt.
    private func file(_ request: IntakeRequest, key: String) async throws -> Receipt {
        var attempts = 0
        while true {
            do {
                return try await api.intake.file(
                    request, filer: nil, clientAddress: RequestScope.current.clientAddress, idempotencyKey: key, now: api.now
                )
            } catch DomainError.conflict(let code, _) where code == "idempotency_key_in_use" && attempts < 20 {
                attempts += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Unknown code → 404, withdrawn code (or an activity code outside its window) → 410 with the station's
    /// phone, anything else → 500.
    private func codeFailure(_ error: any Error, code text: String) async -> Response {
        switch error {
        case DomainError.notFound:
            return notFoundCode()
        case DomainError.gone(let reason, _):
            var station: Station?
            if let code = try? await api.codes.find(text) {
                station = try? await api.stations.find(code.stationID)
            }
            let (title, heading, first) =
                switch reason {
                case "activity_code_not_open":
                    ("活动二维码尚未开放", "这个活动的二维码尚未开放", "这个活动的二维码还没到开放时间，请在活动前几天再来扫码反映。")
                case "activity_code_closed": ("活动二维码已关闭", "这个活动的二维码已关闭", "这个活动已经结束一段时间，它的二维码不再接收意见。")
                case "activity_cancelled": ("活动已取消", "这个活动已经取消", "这个活动已经取消，它的二维码不再接收意见。")
                default: ("二维码已停用", "这个二维码已停用", "这个二维码已被收回，不能再用来反映问题。请扫描联络站张贴的最新二维码。")
                }
            var paragraphs = [first]
            if station?.phone != nil {
                paragraphs.append("您也可以直接联系联络站反映：")
            }
            return message(.gone, title: title, heading: heading, paragraphs, contactName: station?.name, phone: station?.phone)
        default:
            return failure(error)
        }
    }

    private func renderCode(
        _ card: CodeCard, form: IntakeForm, errors: [FieldError] = [], seed: String, status: HTTPResponse.Status = .ok,
        cookie: String? = nil, headers: HTTPFields = [:], banner: String? = nil
    ) async throws -> Response {
        let categories = try await api.categories.all().filter(\.active)
        var slots = IntakeErrors()
        var list: [ErrorLink] = []
        var general: [String] = []
        for error in errors {
            let text = PageText.message(for: error)
            guard let (slot, target) = IntakeErrors.slots[error.field] else {
                general.append(text)
                continue
            }
            slots[keyPath: slot] = slots[keyPath: slot] ?? text
            list.append(ErrorLink(target: target, message: text))
        }
        let representative = card.representative
        let station = card.station
        let photo = representative?.photoURL
        let name = representative?.name ?? station.name
        let activity = try await card.activity.asyncMap { try await activityView($0) }
        let title = card.activity.map { "就「\($0.title)」反映" } ?? representative.map { "向\($0.name)代表反映" } ?? "向\(station.name)反映"
        let view = CodeView(
            page: chrome(title, script: true),
            card: CardView(
                name: name, initial: String(name.prefix(1)),
                subtitle: representative?.level.chineseTitle ?? Self.stationTitle(station.level),
                photoURL: photo, stationName: representative == nil ? nil : station.name, address: station.address,
                schedule: station.receptionSchedule?.chineseDescription,
                nextDuty: card.nextDuty.flatMap { duty in
                    guard let date = WorkingCalendar.Day(key: duty.slot.date) else { return nil }
                    let day = PageText.day(date, in: api.calendar)
                    let time = "\(day) \(DutySlot.clock(duty.slot.from))–\(DutySlot.clock(duty.slot.to))"
                    return representative == nil && !duty.names.isEmpty ? time + " · " + duty.names.joined(separator: "、") : time
                },
                nextReception: api.nextReceptionDay(card).map { PageText.day($0, in: api.calendar) }, bio: representative?.bio
            ),
            activity: activity,
            action: "/c/\(card.code.code)", csrf: csrf.token(seed: seed, purpose: Self.intakePurpose(card.code.code)),
            formKey: form.formKey,
            kinds: SubmissionKind.allCases.map {
                OptionView(value: $0.rawValue, label: $0.chineseName, selected: form.kind == $0.rawValue, id: "kind-\($0.rawValue)")
            },
            categories: categories.map {
                OptionView(value: $0.code, label: $0.name, selected: form.category == $0.code, id: "category-\($0.code)")
            },
            categoryChosen: categories.contains { $0.code == form.category },
            content: form.content, contentCount: form.content.trimmingCharacters(in: .whitespacesAndNewlines).count,
            address: form.address, name: form.name, phone: form.phone, anonymous: form.anonymous, consent: form.consent,
            errors: slots, errorList: list, hasErrors: !list.isEmpty,
            banner: banner ?? (general.isEmpty ? nil : general.joined(separator: " "))
        )
        return html(
            "code", view, status: status, cookie: cookie, imageSources: Self.origin(of: photo).map { [$0] } ?? [],
            headers: headers)
    }

    /// The activity's card: its time in the configured zone, who attends (names only: public figures).
    func activityView(_ activity: ActivityRecord) async throws -> ActivityView {
        let zone = timeZone
        let found = try await api.representatives.find(activity.representativeIDs)
        let names = activity.representativeIDs.compactMap { found[$0]?.name }
        let officials = activity.officials.map { official in official.title.map { "\(official.name)（\($0)）" } ?? official.name }
        let end = PageText.dateTime(activity.endsAt, timeZone: zone)
        let sameDay = end.prefix(while: { $0 != " " }) == PageText.dateTime(activity.startsAt, timeZone: zone).prefix(while: { $0 != " " })
        return ActivityView(
            kindName: activity.kind.chineseName, title: activity.title, topic: activity.topic,
            time: PageText.dateTime(activity.startsAt, timeZone: zone) + " 至 " + (sameDay ? String(end.suffix(5)) : end),
            place: activity.place, officials: officials.isEmpty ? nil : officials.joined(separator: "、"),
            representatives: names.isEmpty ? nil : names.joined(separator: "、"))
    }

    static func stationTitle(_ level: Station.Level) -> String {
        switch level {
        case .hub: "人大代表联络总站"
        case .centre: "人大代表联络中心站"
        case .station: "人大代表联络站"
        case .point: "人大代表联络点"
        }
    }

    /// `https://host:port` of an absolute http(s) URL, for the page's `img-src`.
    static func origin(of url: String?) -> String? {
        guard let url, let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = parsed.host, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        else { return nil }
        return "\(scheme)://\(host)" + (parsed.port.map { ":\($0)" } ?? "")
    }
}
