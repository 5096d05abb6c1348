import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Open311 GeoReport v2 in both formats, its keys, and a filing through it followed round the loop.
@Suite(.timeLimit(.minutes(3))) struct Open311Tests {
    typealias S = Open311Support

    /// A key of street A bound to station A, issued by the district's staff.
    static func key(_ client: any TestClientProtocol, _ f: LoopFixture, name: String = "12345 市民热线") async throws -> (
        id: String, secret: String
    ) {
        let issued = try await client.call(
            .post, "/v1/open311-keys", token: f.registry.token(.staff),
            json: ["name": name, "region_id": f.registry.streetA.id.text, "station_id": f.registry.stationA.id.text])
        #expect(issued.status == .created, "\(issued.text)")
        let key = try #require(issued["key"] as? [String: Any])
        return (try #require(key["id"] as? String), try #require(issued.string("api_key")))
    }

    /// A complete filing; `changes` replace arguments of the same name.
    static func filing(_ secret: String, _ changes: [(String, String)] = []) -> [(String, String)] {
        let names = Set(changes.map(\.0))
        return [
            ("api_key", secret), ("service_code", "urban_rural_construction"), ("attribute[kind]", "complaint"),
            ("attribute[title]", "路灯不亮"), ("description", "江南大道 100 号门口的路灯坏了三个月，晚上出行很不安全。"),
            ("address_string", "江南大道100号"), ("lat", "30.2084"), ("long", "120.2119"), ("first_name", "三"), ("last_name", "张"),
            ("phone", "13812345678"), ("email", "zhang@example.cn"), ("media_url", "https://img.example.cn/light.jpg"),
        ].filter { !names.contains($0.0) } + changes
    }

    @Test func discoveryServicesAndDefinitionsInBothFormats() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let json = try await client.call(.get, "/open311/v2/discovery.json")
            #expect(json.status == .ok && json.headers[.contentType] == "application/json; charset=utf-8", "\(json.text)")
            let endpoint = try #require((json["endpoints"] as? [[String: Any]])?.first)
            #expect(endpoint["specification"] as? String == "http://wiki.open311.org/GeoReport_v2")
            #expect(endpoint["formats"] as? [String] == ["text/xml", "application/json"] && endpoint["type"] as? String == "production")
            let xml = try S.xml(try await client.call(.get, "/open311/v2/discovery.xml"))
            #expect(xml.name == "discovery")
            #expect(S.text(xml, "endpoints/endpoint/url") == endpoint["url"] as? String)
            #expect(
                S.children(try #require(S.children(S.children(xml, "endpoints")[0], "endpoint").first), "formats")
                    .first?.elements(forName: "format").map(\.stringValue) == ["text/xml", "application/json"])
            #expect(S.text(xml, "changeset") == json.string("changeset"))

            // one service per active category, the same in both formats
            let categories = try await client.call(.get, "/v1/categories").items.filter { $0["active"] as? Bool == true }
            let services = S.array(try await client.call(.get, "/open311/v2/services.json"))
            #expect(services.map { $0["service_code"] as? String } == categories.map { $0["code"] as? String })
            #expect(services.first?["service_name"] as? String == categories.first?["name"] as? String)
            #expect(services.allSatisfy { $0["metadata"] as? Bool == true && $0["type"] as? String == "realtime" })
            let listed = try S.xml(try await client.call(.get, "/open311/v2/services.xml"))
            #expect(listed.name == "services")
            let items = S.children(listed, "service")
            #expect(items.map { S.text($0, "service_code") } == services.map { $0["service_code"] as? String })
            #expect(items.map { S.text($0, "service_name") } == services.map { $0["service_name"] as? String })
            #expect(S.text(items[0], "metadata") == "true")

            // the definition: the kind (required list) and the title
            let definition = try await client.call(.get, "/open311/v2/services/urban_rural_construction.json")
            let attributes = try #require(definition["attributes"] as? [[String: Any]])
            #expect(attributes.map { $0["code"] as? String } == ["kind", "title"])
            #expect(attributes[0]["datatype"] as? String == "singlevaluelist" && attributes[0]["required"] as? Bool == true)
            #expect((attributes[0]["values"] as? [[String: Any]])?.map { $0["key"] as? String } == SubmissionKind.allCases.map(\.rawValue))
            let defined = try S.xml(try await client.call(.get, "/open311/v2/services/urban_rural_construction.xml"))
            #expect(defined.name == "service_definition" && S.text(defined, "service_code") == "urban_rural_construction")
            let values = try defined.nodes(forXPath: "attributes/attribute[code='kind']/values/value/name").map { $0.stringValue ?? "" }
            #expect(values == SubmissionKind.allCases.map(\.chineseName))

            // unknown: a GeoReport 404 in the path's format
            let unknownJSON = try await client.call(.get, "/open311/v2/services/no_such_thing.json")
            #expect(unknownJSON.status == .notFound && S.array(unknownJSON).first?["code"] as? Int == 404, "\(unknownJSON.text)")
            let unknownXML = try await client.call(.get, "/open311/v2/services/no_such_thing.xml")
            #expect(unknownXML.status == .notFound)
            let errors = try S.xml(unknownXML)
            #expect(errors.name == "errors" && S.text(errors, "error/code") == "404" && S.text(errors, "error/description") != nil)
            let tokenJSON = try await client.call(.get, "/open311/v2/tokens/123456.json")
            #expect(tokenJSON.status == .notFound && S.array(tokenJSON).first?["code"] as? Int == 404, "\(tokenJSON.text)")
            let token = try await client.call(.get, "/open311/v2/tokens/123456.xml")
            #expect(try token.status == .notFound && S.text(S.xml(token), "error/code") == "404")
        }
    }

    @Test func keysAreIssuedOnceListedInScopeAndRevoked() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (id, secret) = try await Self.key(client, f)
            #expect(secret.hasPrefix("mq311_") && secret.count > 30)
            let listed = try await client.call(.get, "/v1/open311-keys", token: r.streetStaffA).items
            #expect(listed.map { $0["id"] as? String } == [id] && listed[0]["api_key"] == nil && listed[0]["active"] as? Bool == true)
            #expect(try await client.call(.get, "/v1/open311-keys", token: r.streetStaffB).items.isEmpty)
            // another street's staff cannot bind a key to this street, nor reach its key
            let outside = try await client.call(
                .post, "/v1/open311-keys", token: r.streetStaffB, json: ["name": "x", "region_id": r.streetA.id.text])
            #expect(outside.status == .unprocessableContent && outside.errorFields == ["region_id"], "\(outside.text)")
            let wrongStation = try await client.call(
                .post, "/v1/open311-keys", token: r.streetStaffA,
                json: ["name": "x", "region_id": r.streetA.id.text, "station_id": r.stationB.id.text])
            #expect(wrongStation.status == .unprocessableContent && wrongStation.errorFields == ["station_id"], "\(wrongStation.text)")
            let foreign = try await client.call(.post, "/v1/open311-keys/\(id)/revoke", token: r.streetStaffB)
            let unknown = try await client.call(.post, "/v1/open311-keys/\(UUID().uuidString)/revoke", token: r.streetStaffB)
            #expect(foreign.status == .notFound && unknown.status == .notFound && foreign.code == unknown.code)

            #expect(try await S.post(client, "/open311/v2/requests.json", Self.filing(secret)).status == .created)
            let revoked = try await client.call(.post, "/v1/open311-keys/\(id)/revoke", token: r.streetStaffA)
            #expect(revoked.status == .ok && revoked["active"] as? Bool == false && revoked["revoked_at"] != nil)
            let refused = try await S.post(client, "/open311/v2/requests.xml", Self.filing(secret))
            #expect(try refused.status == .forbidden && S.text(S.xml(refused), "error/code") == "403", "\(refused.text)")
            let reading = try await client.call(.get, "/open311/v2/requests.json?api_key=\(secret)")
            #expect(reading.status == .forbidden)
        }
    }

    @Test func aFilingThroughOpen311GoesRoundTheLoopAndItsStatusFollows() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let r = f.registry
            let (_, secret) = try await Self.key(client, f)
            let filed = try await S.post(client, "/open311/v2/requests.json", Self.filing(secret))
            #expect(filed.status == .created && filed.headers[.contentType] == "application/json; charset=utf-8", "\(filed.text)")
            let created = try #require(S.array(filed).first)
            let receipt = try #require(created["service_request_id"] as? String)
            #expect(receipt.hasPrefix("MQ"))
            let notice = try #require(created["service_notice"] as? String)
            #expect(notice.contains("5 个工作日"))
            let token = try #require(notice.components(separatedBy: "/t/").last)

            // in /v1 it is an ordinary submission of the key's street and station, channel open311, contact sealed
            let listed = try await client.call(.get, "/v1/submissions", token: r.streetStaffA).items
            let v1 = try #require(listed.first { $0["receipt_no"] as? String == receipt })
            let id = try #require(v1["id"] as? String)
            let detail = try await client.call(.get, "/v1/submissions/\(id)", token: r.streetStaffA)
            let submission = detail.json
            #expect(submission["channel"] as? String == "open311" && submission["station_id"] as? String == r.stationA.id.text)
            #expect(submission["kind"] as? String == "complaint" && submission["title"] as? String == "路灯不亮")
            let contact = submission["contact"] as? [String: Any]
            #expect(contact?["phone"] as? String == "138****5678" && contact?["name"] as? String != "张三", "\(detail.text)")
            #expect(!detail.text.contains("13812345678") && !detail.text.contains("zhang@example.cn"))
            let timeline = detail["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.first?["note"] as? String == "channel: open311 (12345 市民热线)", "\(timeline)")

            // read back in both formats: the same values as /v1, never contact data
            func read() async throws -> (json: [String: Any], xml: XMLElement) {
                let json = try #require(
                    S.array(try await client.call(.get, "/open311/v2/requests/\(receipt).json?api_key=\(secret)")).first)
                let xml = try S.xml(try await client.call(.get, "/open311/v2/requests/\(receipt).xml?api_key=\(secret)"))
                #expect(xml.name == "service_requests")
                let request = try #require(S.children(xml, "request").first)
                for field in [
                    "service_request_id", "status", "status_notes", "service_code", "description", "requested_datetime", "address",
                ] {
                    #expect(S.text(request, field) == json[field] as? String, "\(field)")
                }
                #expect(S.text(request, "lat").flatMap(Double.init) == json["lat"] as? Double)
                #expect(!String(describing: json).contains("138") && !(xml.xmlString.contains("1381234")))
                return (json, request)
            }
            var (json, _) = try await read()
            #expect(json["status"] as? String == "open" && json["status_notes"] as? String == "已提交，等待受理。")
            #expect(json["description"] as? String == submission["content"] as? String)
            #expect(json["requested_datetime"] as? String == submission["created_at"] as? String)
            let categoryName =
                try await client.call(.get, "/v1/categories").items
                .first { $0["code"] as? String == "urban_rural_construction" }?["name"] as? String
            #expect(json["service_name"] as? String == categoryName && categoryName != nil)
            #expect(json["media_url"] as? String == "https://img.example.cn/light.jpg" && json["lat"] as? Double == 30.2084)
            // without a key: the public view
            let open = try #require(S.array(try await client.call(.get, "/open311/v2/requests/\(receipt).json")).first)
            #expect(
                open["status"] as? String == "open" && open["description"] == nil && open["address"] == nil && open["status_notes"] == nil)

            try await PageFixtures.advanceToReplied(client, f, token: token, reply: "已更换路灯，感谢您的反映。")
            json = try await read().json
            #expect(json["status"] as? String == "open" && json["status_notes"] as? String == "答复：已更换路灯，感谢您的反映。")
            #expect(json["agency_responsible"] as? String == r.cityDepartment.name && json["expected_datetime"] != nil)

            // the resident rates on his tracking page; the station's representative too (both evaluate): closed
            let rated = try await client.call(.post, "/v1/tracking/\(token)/evaluation", json: ["rating": "satisfied"])
            #expect(rated.status == .ok, "\(rated.text)")
            #expect(try await read().json["status"] as? String == "open")
            let representative = try await client.call(
                .post, "/v1/submissions/\(id)/evaluation", token: f.representative, json: ["rating": "satisfied"])
            #expect(representative.status == .ok, "\(representative.text)")
            json = try await read().json
            #expect(
                json["status"] as? String == "closed" && json["status_notes"] as? String == "已办结（满意）。答复：已更换路灯，感谢您的反映。",
                "\(json) \(rated.text)")
            let closed = S.array(try await client.call(.get, "/open311/v2/requests.json?status=closed&api_key=\(secret)"))
            #expect(closed.map { $0["service_request_id"] as? String } == [receipt])
            #expect(S.array(try await client.call(.get, "/open311/v2/requests.json?status=open&api_key=\(secret)")).isEmpty)
        }
    }

    @Test func listsFilterByIdCodeStatusAndWindowAndPage() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (_, secret) = try await Self.key(client, f)
            let (_, other) = try await Self.key(client, f, name: "第三方 App")
            var receipts: [String] = []
            for index in 0..<3 {
                let filed = try await S.post(client, "/open311/v2/requests.json", Self.filing(secret, [("attribute[title]", "第\(index)件")]))
                receipts.append(try #require(S.array(filed).first?["service_request_id"] as? String))
            }
            _ = try await S.post(client, "/open311/v2/requests.json", Self.filing(other))
            // a resident's filing through a code is not Open311's
            #expect(try await client.call(.post, "/v1/submissions", json: f.submission()).status == .created)

            func ids(_ query: String, key: String? = nil) async throws -> [String] {
                let path =
                    "/open311/v2/requests.json?" + [query, "api_key=" + (key ?? secret)].filter { !$0.isEmpty }.joined(separator: "&")
                let result = try await client.call(.get, path)
                #expect(result.status == .ok, "\(path): \(result.text)")
                return S.array(result).compactMap { $0["service_request_id"] as? String }
            }
            #expect(try await ids("") == receipts.reversed())  // newest first, the key's own
            #expect(try await ids("service_request_id=\(receipts[0]),\(receipts[2])") == [receipts[2], receipts[0]])
            #expect(try await ids("service_code=urban_rural_construction,other") == receipts.reversed())
            #expect(try await ids("service_code=public_safety").isEmpty)
            #expect(try await ids("page_size=2") == [receipts[2], receipts[1]])
            #expect(try await ids("page_size=2&page=2") == [receipts[0]])
            #expect(try await ids("end_date=2020-01-01T00:00:00Z").isEmpty)
            #expect(try await ids("start_date=\(Self.iso(Date().addingTimeInterval(-3600)))") == receipts.reversed())
            let everyone = S.array(try await client.call(.get, "/open311/v2/requests.json"))
            #expect(everyone.count == 4 && everyone.allSatisfy { $0["description"] == nil })
            let xml = try S.xml(try await client.call(.get, "/open311/v2/requests.xml?api_key=\(secret)"))
            #expect(S.children(xml, "request").compactMap { S.text($0, "service_request_id") } == receipts.reversed())
        }
    }

    @Test func badArgumentsAreGeoReportErrorsNamingTheArgument() async throws {
        try await APITestHarness.withLoop { client, f, _ in
            let (_, secret) = try await Self.key(client, f)
            let good = Self.filing(secret)
            func without(_ name: String) -> [(String, String)] { good.filter { $0.0 != name } }
            func replacing(_ name: String, _ value: String) -> [(String, String)] { without(name) + [(name, value)] }
            let cases: [([(String, String)], Int, String)] = [
                (without("api_key"), 400, "api_key"), (without("service_code"), 400, "service_code"),
                (replacing("api_key", "mq311_forged"), 403, "api_key"), (replacing("service_code", "no_such_thing"), 404, "no_such_thing"),
                (replacing("description", "太短"), 400, "description"), (without("long"), 400, "long"),
                (without("lat").filter { $0.0 != "long" && $0.0 != "address_string" }, 400, "address_string"),
                (replacing("lat", "north"), 400, "lat"), (replacing("attribute[kind]", "praise"), 400, "attribute[kind]"),
                (replacing("phone", "12345"), 400, "phone"), (replacing("media_url", "ftp://x"), 400, "media_url"),
            ]
            for (form, status, named) in cases {
                for format in ["json", "xml"] {
                    let result = try await S.post(client, "/open311/v2/requests.\(format)", form)
                    #expect(result.status.code == status, "\(named) \(format): \(result.status.code) \(result.text)")
                    let description =
                        format == "json"
                        ? S.array(result).first?["description"] as? String : S.text(try S.xml(result), "error/description")
                    #expect(description?.contains(named) == true, "\(named) \(format): \(result.text)")
                }
            }
            #expect(try await client.call(.get, "/v1/submissions", token: f.admin).items.isEmpty)  // nothing was filed
            // a JSON body is not the standard's form
            let json = try await client.call(.post, "/open311/v2/requests.json", json: ["api_key": secret])
            #expect(json.status == .badRequest && S.array(json).first?["code"] as? Int == 400, "\(json.text)")
            // a query the parser cannot split is the client's mistake, here and on /v1
            let malformed = try await client.call(.get, "/open311/v2/requests.json?&status=open")
            #expect(malformed.status == .badRequest && S.array(malformed).first?["code"] as? Int == 400, "\(malformed.text)")
            let v1 = try await client.call(.get, "/v1/submissions?&limit=1", token: f.admin)
            #expect(v1.status == .badRequest && v1.code == "bad_request", "\(v1.text)")
            for (query, named) in [
                ("start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z", "start_date"),
                ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "end_date"),
                ("page_size=0", "page_size"), ("page_size=1001", "page_size"), ("page=0", "page"), ("status=pending", "status"),
            ] {
                let result = try await client.call(.get, "/open311/v2/requests.json?\(query)")
                #expect(result.status == .badRequest, "\(query): \(result.text)")
                #expect((S.array(result).first?["description"] as? String)?.contains(named) == true, "\(query): \(result.text)")
            }
        }
    }

    @Test func aConfiguredJurisdictionMustMatchAndTheKeyIsRateLimited() async throws {
        let policy = LoopPolicy(intakePerAddressPerMinute: 0, intakePerCodePerMinute: 2)
        let jurisdiction: (inout AppConfig) -> Void = { $0.open311Jurisdiction = "binjiang.gov.cn" }
        try await APITestHarness.withApp(policy: policy, configure: jurisdiction) { client, services in
            let f = try await LoopFixture.make(services)
            let (_, secret) = try await Self.key(client, f)
            #expect(try await client.call(.get, "/open311/v2/services.json?jurisdiction_id=binjiang.gov.cn").status == .ok)
            #expect(try await client.call(.get, "/open311/v2/services.json").status == .ok)
            let other = try await client.call(.get, "/open311/v2/services.xml?jurisdiction_id=sfgov.org")
            #expect(try other.status == .notFound && S.text(S.xml(other), "error/code") == "404")
            // two a minute per key: the third is refused, unless the minute turned in between (then the fifth is)
            var statuses: [Int] = []
            var limited: APIResult?
            while limited == nil, statuses.count < 5 {
                let result = try await S.post(client, "/open311/v2/requests.xml", Self.filing(secret))
                statuses.append(result.status.code)
                if result.status == .tooManyRequests { limited = result }
            }
            #expect(Array(statuses.prefix(2)) == [201, 201] && statuses.filter { $0 == 201 }.count <= 4, "\(statuses)")
            let refusal = try #require(limited, "\(statuses)")
            #expect(try refusal.headers[.retryAfter] != nil && S.text(S.xml(refusal), "error/code") == "429")
        }
    }

    static func iso(_ date: Date) -> String { date.formatted(.iso8601) }
}
