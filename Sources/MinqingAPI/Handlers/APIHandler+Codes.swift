import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingQR
import MinqingRules
import OpenAPIRuntime

extension APIHandler {
    var baseURL: String { services.config.publicBaseURL }

    func listCodes(_ input: Operations.ListCodes.Input) async throws -> Operations.ListCodes.Output {
        guard let target = try queryID(input.query.targetId, "target_id") else {
            throw DomainError.invalid("target_id", "is required")
        }
        // another's target lists nothing, exactly like an unknown one
        let reach = try scope
        guard reach.reaches(representative: target) || reach.region != nil else {
            return .ok(.init(body: .json(.init(items: []))))
        }
        var found = try await codes.list(targetID: target)
        if reach.region != nil {
            let paths = try await regions.paths(of: .stations, Array(Set(found.map(\.stationID))))
            found = found.filter { reach.reaches(regionPath: paths[$0.stationID]) }
        }
        let items = found.map { Components.Schemas.Code($0, base: baseURL) }
        return .ok(.init(body: .json(.init(items: items))))
    }

    func createCode(_ input: Operations.CreateCode.Input) async throws -> Operations.CreateCode.Output {
        guard case .json(let body) = input.body else { throw DomainError.invalid("body", "must be JSON") }
        var v = FieldValidator()
        let target = v.id(body.targetId, "target_id")
        try v.check()
        let code = try await codes.issue(kind: Code.Kind(rawValue: body.kind.rawValue)!, targetID: target!, within: try scope, now: now)
        services.codeCards.removeAll()  // the target's previous code was revoked with it
        return .created(.init(body: .json(.init(code, base: baseURL))))
    }

    func lookupCode(_ input: Operations.LookupCode.Input) async throws -> Operations.LookupCode.Output {
        let card = try await scan(input.path.code)
        let links = CodeLinks(base: baseURL, code: card.code.code)
        let activity = try await card.activity.asyncMap { activity in
            Components.Schemas.PublicActivity(
                activity, representatives: try await representativeNames(Set(activity.representativeIDs)))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        code: card.code.code, kind: .init(rawValue: card.code.kind.rawValue) ?? .station, status: .active,
                        representative: card.representative.map(Components.Schemas.PublicRepresentative.init),
                        station: .init(card.station), activity: activity,
                        nextDuty: card.nextDuty.map { duty in
                            .init(
                                date: duty.slot.date, from: DutySlot.clock(duty.slot.from), to: DutySlot.clock(duty.slot.to),
                                representatives: duty.names)
                        },
                        nextReceptionDay: nextReceptionDay(card)?.key, submitUrl: links.submit, pageUrl: links.page
                    ))))
    }

    func revokeCode(_ input: Operations.RevokeCode.Input) async throws -> Operations.RevokeCode.Output {
        let code = try await codes.revoke(input.path.code, now: now)
        services.codeCards.removeAll()
        return .ok(.init(body: .json(.init(code, base: baseURL))))
    }

    func getCodeStats(_ input: Operations.GetCodeStats.Input) async throws -> Operations.GetCodeStats.Output {
        guard let code = try await codes.find(input.path.code) else { throw DomainError.notFound("Code \(input.path.code)") }
        let stats = try await codes.stats(code.code).adding(services.scans.unwritten(code.code))
        return .ok(
            .init(
                body: .json(
                    .init(
                        code: code.code, total: stats.total, days: stats.days.map { .init(date: $0.date, scans: $0.scans) }
                    ))))
    }

    func getCodeQRSVG(_ input: Operations.GetCodeQRSVG.Input) async throws -> Operations.GetCodeQRSVG.Output {
        let card = try await loadCard(input.path.code)
        let matrix = try QRMatrix.encode(CodeLinks(base: baseURL, code: card.code.code).page)
        return .ok(.init(body: .imageSvgXml(HTTPBody(QRSVGRenderer.render(matrix)))))
    }

    func getCodeQRPNG(_ input: Operations.GetCodeQRPNG.Input) async throws -> Operations.GetCodeQRPNG.Output {
        let asked = input.query.size ?? 512
        guard (64...1024).contains(asked) else { throw DomainError.invalid("size", "must be between 64 and 1024") }
        let size = (asked + 63) / 64 * 64
        let card = try await loadCard(input.path.code)
        let url = CodeLinks(base: baseURL, code: card.code.code).page
        let png = try services.qrImages.image(.init(url: url, size: size)) {
            QRPNGRenderer.render(try QRMatrix.encode(url), width: size)
        }
        return .ok(.init(body: .png(HTTPBody(png))))
    }

    func getCodePoster(_ input: Operations.GetCodePoster.Input) async throws -> Operations.GetCodePoster.Output {
        let card = try await loadCard(input.path.code)
        let url = CodeLinks(base: baseURL, code: card.code.code).page
        let content: PosterContent
        if let representative = card.representative {
            content = PosterContent(
                name: representative.name,
                subtitle: [representative.level.chineseTitle, representative.sector].compactMap { $0 }.joined(separator: " · "),
                stationName: card.station.name, receptionText: card.station.receptionSchedule?.chineseDescription ?? "",
                phone: card.station.phone, url: url
            )
        } else {
            content = PosterContent(
                name: card.station.name, subtitle: "人大代表联络站", stationName: card.station.address ?? card.station.name,
                receptionText: card.station.receptionSchedule?.chineseDescription ?? "", phone: card.station.phone, url: url
            )
        }
        return .ok(.init(body: .imageSvgXml(HTTPBody(try PosterRenderer.render(content)))))
    }

    /// The station's next reception day, today included (none on an activity's code).
    func nextReceptionDay(_ card: CodeCard) -> WorkingCalendar.Day? {
        guard card.activity == nil else { return nil }
        return card.station.receptionSchedule?.nextDay(from: WorkingCalendar.Day(now, in: calendar), in: calendar)
    }

    /// One scan of a public code (`GET /v1/codes/{code}`, `/c/{code}`): its card, and the scan counted in memory.
    func scan(_ code: String) async throws -> CodeCard {
        let card = try await loadCard(code)
        services.scans.count(card.code.code, at: now)
        return card
    }

    /// An active code's card, from ``CodeCardCache`` when it was read a moment ago.
    func loadCard(_ code: String) async throws -> CodeCard {
        try await services.codeCards.card(code) {
            try await CodeCard.load(
                code, codes: codes, representatives: representatives, stations: stations, activities: activityStore, rota: rota,
                window: services.config.loop.activityCodeWindow, now: now)
        }
    }
}
