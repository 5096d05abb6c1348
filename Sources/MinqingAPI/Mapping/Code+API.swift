import MinqingCore
import MinqingOpenAPI

/// The public URLs of a code, all under MINQING_PUBLIC_BASE_URL.
struct CodeLinks {
    let base: String
    let code: String

    var page: String { "\(base)/c/\(code)" }
    var qrSVG: String { "\(base)/v1/codes/\(code)/qr.svg" }
    var qrPNG: String { "\(base)/v1/codes/\(code)/qr.png" }
    var poster: String { "\(base)/v1/codes/\(code)/poster.svg" }
    var submit: String { "\(base)/v1/submissions" }
}

extension Components.Schemas.Code {
    init(_ code: Code, base: String) {
        let links = CodeLinks(base: base, code: code.code)
        self.init(
            code: code.code, kind: .init(rawValue: code.kind.rawValue) ?? .station,
            status: code.status == .active ? .active : .revoked, targetId: code.targetID.text,
            representativeId: code.representativeID?.text, stationId: code.stationID.text, activityId: code.activityID?.text,
            createdAt: code.createdAt,
            revokedAt: code.revokedAt, pageUrl: links.page, qrSvgUrl: links.qrSVG, qrPngUrl: links.qrPNG,
            posterUrl: links.poster
        )
    }
}

extension Components.Schemas.PublicRepresentative {
    init(_ representative: Representative) {
        self.init(
            id: representative.id.text, name: representative.name, level: .init(rawValue: representative.level.rawValue)!,
            sector: representative.sector, bio: representative.bio, photoUrl: representative.photoURL
        )
    }
}

extension Components.Schemas.PublicStation {
    init(_ station: Station) {
        self.init(
            id: station.id.text, name: station.name, address: station.address,
            receptionSchedule: station.receptionSchedule.map(Components.Schemas.ReceptionSchedule.init), phone: station.phone
        )
    }
}
