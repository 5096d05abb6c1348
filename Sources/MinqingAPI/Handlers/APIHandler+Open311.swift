import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

/// Open311 GeoReport v2 (`/open311/v2`), a facade over the same intake and loop as `/v1`: each endpoint
/// builds its document once, from the generated types, and serves it as JSON or, by the Spark convention,
/// as XML (``SparkXML``). Errors leave as GeoReport errors (``Open311Error``, from ``ProblemMiddleware``).
extension APIHandler {
    static let open311Specification = "http://wiki.open311.org/GeoReport_v2"
    /// When this facade last changed (the discovery document's changeset).
    static let open311Changeset = Date(timeIntervalSince1970: 1_796_256_000)  // 2026-12-03T00:00:00Z

    var open311Keys: Open311KeyStore { Open311KeyStore(database: services.database, logger: logger) }

    // MARK: - Documents

    func open311Discovery(_ jurisdiction: String?) throws -> Components.Schemas.Open311Discovery {
        try requireJurisdiction(jurisdiction)
        return .init(
            changeset: Self.open311Changeset, contact: services.config.open311Contact,
            keyService: "向本级人大常委会工作人员申请：POST \(baseURL)/v1/open311-keys",
            endpoints: [
                .init(
                    specification: Self.open311Specification, url: "\(baseURL)/open311/v2", changeset: Self.open311Changeset,
                    _type: .production, formats: ["text/xml", "application/json"])
            ])
    }

    func open311Services(_ jurisdiction: String?) async throws -> [Components.Schemas.Open311Service] {
        try requireJurisdiction(jurisdiction)
        return try await categories.all().filter(\.active).map { category in
            .init(
                serviceCode: category.code, serviceName: category.name,
                description: "向人大代表联络站反映\(category.name)方面的意见、建议、投诉、求助或咨询。", metadata: true, _type: .realtime,
                keywords: ([category.name] + Open311Vocabulary.kinds.map(\.name)).joined(separator: ", "), group: "民情民意")
        }
    }

    func open311Definition(_ code: String, jurisdiction: String?) async throws -> Components.Schemas.Open311ServiceDefinition {
        try requireJurisdiction(jurisdiction)
        guard try await categories.all().contains(where: { $0.code == code && $0.active }) else {
            throw DomainError.notFound("Service \(code)")
        }
        return .init(
            serviceCode: code,
            attributes: [
                .init(
                    variable: true, code: "kind", datatype: .singlevaluelist, required: true, datatypeDescription: "反映类型",
                    order: 1, description: "这是意见、建议、投诉、求助还是咨询？",
                    values: Open311Vocabulary.kinds.map { .init(key: $0.key.rawValue, name: $0.name) }),
                .init(
                    variable: true, code: "title", datatype: .string, required: false, datatypeDescription: "不超过 100 字",
                    order: 2, description: "一句话概括（可不填）"),
            ])
    }

    /// Files through the key named in the form, as `/v1` files: the same intake, with Open311's names.
    func open311File(_ form: Components.Schemas.Open311RequestForm) async throws -> [Components.Schemas.Open311Created] {
        try requireJurisdiction(form.jurisdictionId)
        guard let secret = Self.given(form.apiKey) else { throw DomainError.invalid("api_key", "is required") }
        guard let code = Self.given(form.serviceCode) else { throw DomainError.invalid("service_code", "is required") }
        guard let key = try await open311Keys.authenticate(secret) else {
            throw DomainError.forbidden("The api_key is not known or was revoked.")
        }
        guard try await categories.all().contains(where: { $0.code == code && $0.active }) else {
            throw DomainError.notFound("Service \(code)")
        }
        var v = FieldValidator()
        let latitude = Self.coordinate(form.lat, "lat", &v)
        let longitude = Self.coordinate(form.long, "long", &v)
        let address = Self.given(form.addressString)
        if latitude == nil && longitude == nil && address == nil && v.errors.isEmpty {
            v.add("address_string", "or lat and long is required")
        }
        let media = v.url(Self.given(form.mediaUrl), "media_url", max: 500)
        try v.check()
        let name = [form.lastName, form.firstName].compactMap(Self.given)
        let request = IntakeRequest(
            kind: Self.given(form.attribute_lbrack_kind_rbrack_) ?? "", category: code,
            title: Self.given(form.attribute_lbrack_title_rbrack_), content: form.description ?? "", address: address,
            latitude: latitude, longitude: longitude,
            name: name.isEmpty ? nil : name.joined(separator: name.allSatisfy(Self.isHan) ? "" : " "),
            phone: Self.given(form.phone), anonymous: name.isEmpty)
        let receipt = try await intake.file(
            request, through: key, mediaURL: media, clientAddress: RequestScope.current.clientAddress, idempotencyKey: nil, now: now)
        let kind = SubmissionKind(rawValue: request.kind) ?? .opinion
        // the resident's private tracking page, where he follows the item and rates the answer, is told only here
        let notice = Open311Vocabulary.notice(kind: kind, policy: services.config.loop) + "跟踪和评价：\(baseURL)/t/\(receipt.trackingToken)"
        return [.init(serviceRequestId: receipt.receiptNo, serviceNotice: notice)]
    }

    /// The requests the caller may read: a key's own in full, or without a key every Open311 filing's public view.
    func open311Requests(_ q: some Open311ListParameters) async throws -> [Components.Schemas.Open311ServiceRequest] {
        try requireJurisdiction(q.jurisdictionId)
        let key = try await open311Key(q.apiKey)
        let window = try Open311Window.resolve(start: q.startDate, end: q.endDate, now: now)
        let (offset, limit) = try Open311Window.page(q.page, size: q.pageSize)
        var statuses: [Open311Status]?
        if let status = Self.given(q.status) {
            statuses = try status.split(separator: ",").map {
                guard let parsed = Open311Status(rawValue: $0.trimmingCharacters(in: .whitespaces)) else {
                    throw DomainError.invalid("status", "must be open or closed (comma-separated)")
                }
                return parsed
            }
        }
        let filter = Open311RequestFilter(
            keyID: key?.id, receiptNos: Self.list(q.serviceRequestId), categories: Self.list(q.serviceCode), statuses: statuses,
            window: window,
            offset: offset, limit: limit)
        let found = try await Open311RequestStore(database: services.database, logger: logger).list(filter)
        return found.map { Components.Schemas.Open311ServiceRequest($0, full: key != nil, policy: services.config.loop) }
    }

    func open311Request(_ receipt: String, apiKey: String?) async throws -> [Components.Schemas.Open311ServiceRequest] {
        let key = try await open311Key(apiKey)
        guard let found = try await Open311RequestStore(database: services.database, logger: logger).find(receipt, key: key?.id) else {
            throw DomainError.notFound("Service request \(receipt)")
        }
        return [.init(found, full: key != nil, policy: services.config.loop)]
    }

    // MARK: - Helpers

    /// A given key must be live (403 otherwise); none reads the public view.
    private func open311Key(_ secret: String?) async throws -> Open311Key? {
        guard let secret = Self.given(secret) else { return nil }
        guard let key = try await open311Keys.authenticate(secret) else {
            throw DomainError.forbidden("The api_key is not known or was revoked.")
        }
        return key
    }

    func requireJurisdiction(_ given: String?) throws {
        guard let expected = services.config.open311Jurisdiction, let given = Self.given(given) else { return }
        guard given == expected else { throw DomainError.notFound("Jurisdiction \(given)") }
    }

    /// "Optional" in GeoReport v2: an empty argument is as good as none.
    static func given(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    static func list(_ text: String?) -> [String]? {
        given(text).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    static func coordinate(_ text: String?, _ field: String, _ v: inout FieldValidator) -> Double? {
        guard let text = given(text) else { return nil }
        guard let value = Double(text), value.isFinite else {
            v.add(field, "must be a decimal number (WGS84)")
            return nil
        }
        return value
    }

    static func isHan(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isIdeographic }
    }
}

/// The arguments of `GET /requests` (both formats' generated query types have the same fields).
protocol Open311ListParameters {
    var jurisdictionId: String? { get }
    var apiKey: String? { get }
    var serviceRequestId: String? { get }
    var serviceCode: String? { get }
    var startDate: Date? { get }
    var endDate: Date? { get }
    var status: String? { get }
    var page: Int? { get }
    var pageSize: Int? { get }
}

extension Operations.ListOpen311RequestsXML.Input.Query: Open311ListParameters {}
extension Operations.ListOpen311RequestsJSON.Input.Query: Open311ListParameters {}

extension Components.Schemas.Open311ServiceRequest {
    /// `full`: the filing key's view (description, place, media and status note); otherwise the public view.
    init(_ r: Open311Request, full: Bool, policy: LoopPolicy) {
        self.init(
            serviceRequestId: r.receiptNo, status: .init(rawValue: Open311Status(r.status).rawValue)!,
            statusNotes: full ? Open311Vocabulary.statusNotes(r) : nil, serviceName: r.categoryName, serviceCode: r.category,
            description: full ? r.description : nil, agencyResponsible: r.agency,
            serviceNotice: Open311Vocabulary.notice(kind: r.kind, policy: policy), requestedDatetime: r.requestedAt,
            updatedDatetime: r.updatedAt, expectedDatetime: r.expectedAt, address: full ? r.address : nil,
            lat: full ? r.latitude : nil, long: full ? r.longitude : nil, mediaUrl: full ? r.mediaURL : nil)
    }
}
