import Foundation
import HTTPTypes
import HummingbirdTesting
import MinqingCore
import MinqingRules
import TestSupport
import Testing

@testable import MinqingAPI

/// Every operation of openapi.yaml × every kind of caller × own and another's object, over HTTP.
///
/// The expected audience of each operation is written out below by hand (from the README's roles), not
/// read from ``AccessPolicy``; an operation of the spec missing here fails the test. Each request carries
/// an empty JSON object as its body, invalid for nearly every write, so the answers also show that
/// authorization comes first: anonymous and forged tokens get 401, a role that may never call the
/// operation gets 403, and an admitted role never gets either. An admitted role bound to a registry row
/// (representative, observer, department) or a region (staff and leaders, here street A's) gets 404 for
/// another's object (street B's, for them) — exactly what an unknown id gets — and never 404 for its own.
@Suite(.timeLimit(.minutes(5))) struct AccessMatrixTests {
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, forged, representative, observer, department, staff, leader, admin
    }

    /// What a path's `{id}` (or `{code}`) names, when the operation acts on an object the scope decides.
    enum Object: Sendable {
        case submission, assignment, observer, code, station, representative, department, webhook, notification, user
        case suggestion, session, activity, problem, rotaSlot, representativeRecord
    }

    /// operationId → (who may call it, the scoped object it acts on).
    static let expected: [String: (audience: String, object: Object?)] = [
        "getHealth": ("anyone", nil), "getReadiness": ("anyone", nil), "getMetrics": ("anyone", nil),
        "listStations": ("signed-in", nil), "createStation": ("admin staff", nil), "getStation": ("signed-in", nil),
        "updateStation": ("admin staff", .station),
        "listRepresentatives": ("signed-in", nil), "createRepresentative": ("admin staff", nil),
        "getRepresentative": ("signed-in", nil), "updateRepresentative": ("admin staff", .representative),
        "listObservers": ("admin staff leader representative observer", nil), "createObserver": ("admin staff", nil),
        "getObserver": ("admin staff leader representative observer", .observer), "updateObserver": ("admin staff", .observer),
        "listDepartments": ("signed-in", nil), "createDepartment": ("admin staff", nil), "getDepartment": ("signed-in", nil),
        "updateDepartment": ("admin staff", .department),
        "listRegions": ("signed-in", nil), "createRegion": ("admin", nil), "getRegion": ("signed-in", nil),
        "updateRegion": ("admin", nil),
        "listCategories": ("anyone", nil), "createCategory": ("admin", nil), "updateCategory": ("admin", nil),
        "login": ("anyone", nil), "logout": ("signed-in", nil), "getMe": ("signed-in", nil),
        "listUsers": ("admin staff", nil), "createUser": ("admin staff", nil), "getUser": ("admin staff", .user),
        "updateUser": ("admin staff", .user), "resetUserPassword": ("admin staff", .user), "changeMyPassword": ("signed-in", nil),
        "listAuditEvents": ("admin staff", nil),
        "listCodes": ("admin staff leader representative", nil), "createCode": ("admin staff", nil), "lookupCode": ("anyone", nil),
        "revokeCode": ("admin staff", .code), "getCodeStats": ("admin staff leader representative", .code),
        "getCodeQRSVG": ("anyone", nil), "getCodeQRPNG": ("anyone", nil), "getCodePoster": ("anyone", nil),
        "createSubmission": ("identified", nil), "listSubmissions": ("signed-in", nil),
        "getSubmission": ("signed-in", .submission), "getSimilarItems": ("signed-in", .submission),
        "acceptSubmission": ("admin staff representative", .submission),
        "rejectSubmission": ("admin staff representative", .submission),
        "mergeSubmission": ("admin staff representative", .submission),
        "resolveSubmission": ("admin staff representative", .submission),
        "assignSubmission": ("admin staff", .submission), "escalateSubmission": ("admin staff", .submission),
        "evaluateSubmissionAsRepresentative": ("representative", .submission),
        "revealSubmissionContact": ("admin staff", .submission),
        "referSubmission": ("admin staff", .submission), "markKeyItem": ("admin leader", .submission),
        "getTracking": ("anyone", nil), "evaluateAsResident": ("anyone", nil),
        "listAssignments": ("admin staff leader department", nil),
        "acknowledgeAssignment": ("department", .assignment), "returnAssignment": ("department", .assignment),
        "addAssignmentProgress": ("department", .assignment), "requestAssignmentExtension": ("department", .assignment),
        "approveAssignmentExtension": ("admin staff", .assignment), "denyAssignmentExtension": ("admin staff", .assignment),
        "replyAssignment": ("department", .assignment),
        "getCalendar": ("signed-in", nil), "putCalendar": ("admin", nil),
        "getMonthlyReport": ("admin staff leader department", nil), "getQuarterlyReport": ("admin staff leader department", nil),
        "getAnnualReport": ("admin staff leader department", nil), "publishAnnualReport": ("admin staff", nil),
        "getAnnualBoard": ("identified", nil),
        "getOversightMeeting": ("admin staff leader", nil), "updateOversightMeeting": ("admin staff", nil),
        "listSpotChecks": ("admin staff leader", nil), "decideSpotCheck": ("admin staff", nil),
        "listNotifications": ("signed-in", nil), "markNotificationRead": ("signed-in", .notification),
        "listDepartmentWebhooks": ("admin staff department", .department),
        "createDepartmentWebhook": ("admin staff department", .department),
        "listGlobalWebhooks": ("admin", nil), "createGlobalWebhook": ("admin", nil),
        "deleteWebhook": ("admin staff department", .webhook), "rotateWebhookSecret": ("admin staff department", .webhook),
        "listWebhookDeliveries": ("admin staff department", .webhook),
        "listSessions": ("signed-in", nil), "createSession": ("admin staff", nil), "getSession": ("signed-in", nil),
        "updateSession": ("admin staff", .session),
        "getSessionReport": ("admin staff leader department", .session), "writeSessionReport": ("admin staff", .session),
        "listSuggestions": ("admin staff leader representative department", nil),
        "createSuggestion": ("admin staff representative", nil),
        "getSuggestion": ("admin staff leader representative department", .suggestion),
        "updateSuggestion": ("admin staff representative", .suggestion),
        "submitSuggestion": ("admin staff representative", .suggestion),
        "coSignSuggestion": ("representative", .suggestion),
        "acceptSuggestion": ("admin staff", .suggestion), "returnSuggestion": ("admin staff", .suggestion),
        "convertSuggestion": ("admin staff", .suggestion), "assignSuggestion": ("admin staff", .suggestion),
        "rateSuggestion": ("representative", .suggestion), "markSuggestionDone": ("admin staff department", .suggestion),
        "addAssignmentContact": ("department", .assignment),
        "preassignSuggestion": ("admin staff", .suggestion), "objectToSuggestion": ("department", .suggestion),
        "submissionToSuggestion": ("representative", .submission), "markKeySuggestion": ("admin leader", .suggestion),
        "listActivities": ("admin staff leader representative department", nil),
        "createActivity": ("admin staff representative", nil),
        "getActivity": ("admin staff leader representative department", .activity),
        "updateActivity": ("admin staff representative", .activity), "holdActivity": ("admin staff representative", .activity),
        "closeActivity": ("admin staff representative", .activity), "cancelActivity": ("admin staff representative", .activity),
        "listStationActivities": ("anyone", nil),
        "listActivityProblems": ("admin staff leader representative department", .activity),
        "createActivityProblem": ("admin staff representative", .activity),
        "getProblem": ("admin staff leader representative department", .problem),
        "assignProblem": ("admin staff", .problem), "rateProblem": ("representative", .problem),
        "publishActivity": ("admin staff representative", .activity), "recordReviewOpinion": ("admin staff", .activity),
        "getClusters": ("admin staff leader representative", nil), "getHotWords": ("admin staff leader representative", nil),
        "getHotWordsChart": ("admin staff leader representative", nil),
        "getDashboard": ("admin staff leader representative department", nil),
        "getDashboardChart": ("admin staff leader representative department", nil),
        "getRepresentativeRecord": ("admin staff leader representative", .representativeRecord),
        "getRepresentativeRanking": ("admin staff leader", nil), "getDigest": ("admin staff leader", nil),
        "listOpen311Keys": ("admin staff", nil), "createOpen311Key": ("admin staff", nil), "revokeOpen311Key": ("admin staff", nil),
        "getOpen311DiscoveryXML": ("anyone", nil), "getOpen311DiscoveryJSON": ("anyone", nil),
        "listOpen311ServicesXML": ("anyone", nil), "listOpen311ServicesJSON": ("anyone", nil),
        "getOpen311ServiceXML": ("anyone", nil), "getOpen311ServiceJSON": ("anyone", nil),
        "createOpen311RequestXML": ("anyone", nil), "createOpen311RequestJSON": ("anyone", nil),
        "listOpen311RequestsXML": ("anyone", nil), "listOpen311RequestsJSON": ("anyone", nil),
        "getOpen311RequestXML": ("anyone", nil), "getOpen311RequestJSON": ("anyone", nil),
        "getOpen311TokenXML": ("anyone", nil), "getOpen311TokenJSON": ("anyone", nil),
        "getConsultationPlan": ("admin staff leader", nil), "putConsultationPlan": ("admin staff", nil),
        "getStationRota": ("admin staff leader representative", nil), "putStationRota": ("admin staff", .station),
        "checkInRotaSlot": ("representative", .rotaSlot), "recordRotaReception": ("admin staff representative", .rotaSlot),
    ]

    struct Operation: Sendable {
        let id: String
        let method: HTTPRequest.Method
        let path: String
    }

    /// (method, path, operationId) of every operation, read from the top-level openapi.yaml by its layout
    /// (paths at two spaces, methods at four).
    static func specOperations() throws -> [Operation] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../openapi.yaml")
        var operations: [Operation] = []
        var path: String?
        var method: HTTPRequest.Method?
        var inPaths = false
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("paths:") {
                inPaths = true
                continue
            }
            if inPaths, let first = line.first, first != " ", first != "#" { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
                continue
            }
            if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                method = HTTPRequest.Method(String(line.dropFirst(4).dropLast()).uppercased())
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("operationId:"), let path, let method {
                operations.append(
                    Operation(
                        id: trimmed.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces),
                        method: method, path: path))
            }
        }
        return operations
    }

    /// The objects the callers own and the ones they don't (admins reach both: they get the other's).
    struct World: Sendable {
        let fixture: LoopFixture
        let tokens: [Caller: String]
        let own: [Object: [Caller: String]]
        let other: [Object: String]
        let code: String
        let trackingToken: String
    }

    @Test func everyOperationAnswersEveryCallerAsItsAudienceSays() async throws {
        let operations = try Self.specOperations()
        #expect(operations.count == Set(operations.map(\.id)).count && operations.count > 70)
        let missing = Set(operations.map(\.id)).subtracting(Self.expected.keys).sorted()
        #expect(missing.isEmpty, "operations without an expected audience here: \(missing)")
        try await APITestHarness.withLoop { client, fixture, services in
            let world = try await Self.world(client, fixture, services)
            // deleting and signing out last: they take away what later checks use
            let last = ["deleteWebhook", "logout"]
            for operation in operations.sorted(by: { (last.firstIndex(of: $0.id) ?? -1) < (last.firstIndex(of: $1.id) ?? -1) }) {
                guard let (audience, object) = Self.expected[operation.id] else { continue }
                for caller in Caller.allCases {
                    try await check(operation, audience: audience, object: object, caller: caller, world: world, client: client)
                }
            }
        }
    }

    func check(
        _ operation: Operation, audience: String, object: Object?, caller: Caller, world: World,
        client: any TestClientProtocol
    ) async throws {
        let signedIn = caller != .anonymous && caller != .forged
        let admitted: Bool =
            switch audience {
            case "anyone": true
            case "identified": caller != .forged  // a token that is sent must be valid
            case "signed-in": signedIn
            default: audience.split(separator: " ").contains(Substring(caller.rawValue))
            }
        // an inbox is its user's alone; other objects belong to the registry row a role is bound to
        // a congress session is cut by region only (a department reads its own row of any session's report)
        let bound =
            object == .notification
            ? signedIn
            : object == .session
                ? [.staff, .leader].contains(caller) : [.representative, .observer, .department, .staff, .leader].contains(caller)
        var targets: [(String?, Bool)] = [(nil, false)]  // (object id, is another's)
        if let object {
            if !admitted || !bound {
                targets = [(world.other[object], false)]  // refused before any lookup, or an admin who reaches all
            } else {
                targets = (world.own[object]?[caller]).map { [($0, false)] } ?? []
                targets.append((world.other[object], true))
            }
        }
        for (target, foreign) in targets {
            let path = fill(operation.path, object: target, world: world)
            let hasBody = [.post, .patch, .put].contains(operation.method)
            let result = try await client.call(operation.method, path, token: world.tokens[caller], json: hasBody ? [:] : nil)
            let label = "\(operation.method) \(path) (\(operation.id)) as \(caller)\(foreign ? " on another's object" : "")"
            if !admitted {
                let wanted: HTTPResponse.Status = signedIn ? .forbidden : .unauthorized
                #expect(result.status == wanted, "\(label) → \(result.status.code) \(result.text)")
            } else if foreign {
                #expect(result.status == .notFound, "\(label) → \(result.status.code) \(result.text)")
            } else {
                #expect(![.unauthorized, .forbidden].contains(result.status), "\(label) → \(result.status.code) \(result.text)")
                if object != nil { #expect(result.status != .notFound, "\(label) → 404 \(result.text)") }
            }
        }
    }

    func fill(_ template: String, object: String?, world: World) -> String {
        var path = template
        let values = [
            "{id}": object ?? UUID().uuidString.lowercased(), "{code}": object ?? world.code,
            "{tracking_token}": world.trackingToken, "{trackingToken}": world.trackingToken, "{token}": world.trackingToken,
            "{year}": "2026", "{month}": "2026-01", "{quarter}": "2026-Q1", "{name}": "intake.svg",
        ]
        for (name, value) in values { path = path.replacingOccurrences(of: name, with: value) }
        if path.hasPrefix("/v1/codes?") || template == "/v1/codes" {
            path += "?target_id=\(world.fixture.registry.representativeA.id.text)"
        }
        return path
    }

    /// Representative A's submission, filed by observer A and assigned to the county department; B's, assigned
    /// to the city department; a webhook endpoint for each department; their assignment notices.
    static func world(_ client: any TestClientProtocol, _ f: LoopFixture, _ services: APIServices) async throws -> World {
        let r = f.registry
        let codes = CodeStore(database: services.database, logger: services.logger)
        let codeB = try await codes.issue(kind: .representative, targetID: r.representativeB.id, now: Date()).code
        var mine = f.submission()
        mine["contact"] = nil
        let own = try await client.call(.post, "/v1/submissions", token: r.token(.observer), json: mine)
        var theirs = f.submission()
        theirs["code"] = codeB
        let other = try await client.call(.post, "/v1/submissions", json: theirs)
        guard let ownID = own.string("id"), let otherID = other.string("id"), let tracking = other.string("tracking_token") else {
            throw TestFailure("filing failed: \(own.text) \(other.text)")
        }
        for (id, department) in [(ownID, r.countyDepartment.id), (otherID, r.cityDepartment.id)] {
            _ = try await client.call(.post, "/v1/submissions/\(id)/accept", token: f.admin)
            let assigned = try await client.call(
                .post, "/v1/submissions/\(id)/assign", token: f.admin,
                json: ["assignments": [["department_id": department.text, "role": "lead"]]])
            guard assigned.status == .ok else { throw TestFailure("assign failed: \(assigned.text)") }
        }
        let ownAssignment = try await client.call(.get, "/v1/assignments", token: f.county).items.first?["id"] as? String
        let otherAssignment = try await client.call(.get, "/v1/assignments", token: f.cityToken).items.first?["id"] as? String
        let hook = ["url": "https://example.org/hook", "event_types": ["assignment.created"]] as [String: Any]
        let ownHook = try await client.call(.post, "/v1/departments/\(r.countyDepartment.id.text)/webhooks", token: f.admin, json: hook)
        // street A's own department and its endpoint, for street A's staff
        let streetDepartment = try await DepartmentStore(database: services.database, logger: services.logger)
            .create(.init(name: "西兴街道城建办", level: .township, regionID: r.streetA.id), now: Date())
        // a user in each street that no caller signs in as (a password reset ends its sessions)
        let accounts = UserStore(database: services.database, logger: services.logger)
        let userA = try await accounts.create(
            .init(username: "matrix-a", passwordHash: "x", role: .observer, observerID: r.observerA.id), now: Date())
        let userB = try await accounts.create(
            .init(username: "matrix-b", passwordHash: "x", role: .observer, observerID: r.observerB.id), now: Date())
        let streetHook = try await client.call(
            .post, "/v1/departments/\(streetDepartment.id.text)/webhooks", token: r.streetStaffA, json: hook)
        let otherHook = try await client.call(.post, "/v1/departments/\(r.cityDepartment.id.text)/webhooks", token: f.admin, json: hook)
        // representative A's suggestion, assigned to the county department; representative B's, submitted;
        // a session of each street
        let suggestions = SuggestionService(
            loop: LoopService(database: services.database, policy: LoopPolicy(), calendar: services.calendar, logger: services.logger),
            intake: IntakeService(
                database: services.database, policy: LoopPolicy(), sealer: services.sealer, calendar: services.calendar,
                logger: services.logger))
        var suggestionIDs: [UUID] = []
        for representative in [r.representativeA.id, r.representativeB.id] {
            let id = try await suggestions.create(
                SuggestionDraft(
                    representativeID: representative, type: .suggestion, title: "建议", body: "内容", category: "urban_rural_construction"),
                by: .system, filedBy: nil, within: .everything, now: Date())
            try await suggestions.submit(id, by: .system, now: Date())
            suggestionIDs.append(id)
        }
        try await suggestions.accept(suggestionIDs[0], by: .system, now: Date())
        try await suggestions.assign(
            suggestionIDs[0], [.init(departmentID: r.countyDepartment.id, role: .lead)], by: .system, within: .everything, now: Date())
        let sessionStore = SessionStore(database: services.database, logger: services.logger)
        let sessionA = try await sessionStore.create(
            .init(regionID: r.streetA.id, name: "西兴街道人大会议", opensOn: "2027-01-05", closesOn: "2027-01-06"), within: .everything,
            now: Date())
        let sessionB = try await sessionStore.create(
            .init(regionID: r.streetB.id, name: "长河街道人大会议", opensOn: "2027-01-05", closesOn: "2027-01-06"), within: .everything,
            now: Date())
        for session in [sessionA, sessionB] { try await sessionStore.writeReport(session.id, reason: nil, now: Date()) }
        // representative A's reception at station A, which the county department's director attends; one of street B
        let activities = ActivityService(database: services.database, logger: services.logger)
        let soon = Date().addingTimeInterval(86400)
        let repAUser = try #require(try await accounts.credentials(username: "rep-a")?.0, "the fixture's representative user")
        let ownActivity = try await activities.create(
            ActivityDraft(
                stationID: .some(r.stationA.id), kind: .reception, title: "代表接待日", startsAt: soon, endsAt: soon.addingTimeInterval(7200),
                officials: [ActivityOfficial(name: "周建国", title: "局长", departmentID: r.countyDepartment.id)]),
            by: repAUser, within: .everything, now: Date())
        let adminUser = try #require(try await accounts.credentials(username: "admin")?.0, "the fixture's admin user")
        let otherActivity = try await activities.create(
            ActivityDraft(
                regionID: r.streetB.id, stationID: .some(r.stationB.id), kind: .talk, title: "民情恳谈", startsAt: soon,
                endsAt: soon.addingTimeInterval(7200)),
            by: adminUser, within: .everything, now: Date())
        // a duty slot at each station, today: representative A's at station A, B's at station B
        let rotaStore = RotaStore(database: services.database, logger: services.logger)
        let (year, month, day) = services.calendar.ymd(Date())
        let today = String(format: "%04d-%02d-%02d", year, month, day)
        let monthKey = String(format: "%04d-%02d", year, month)
        let ownSlot = try await rotaStore.replace(
            station: r.stationA.id, month: monthKey,
            with: [DutySlot(date: today, from: 0, to: 1439, representativeIDs: [r.representativeA.id])],
            calendar: services.calendar, now: Date())[0].id
        let otherSlot = try await rotaStore.replace(
            station: r.stationB.id, month: monthKey,
            with: [DutySlot(date: today, from: 0, to: 1439, representativeIDs: [r.representativeB.id])],
            calendar: services.calendar, now: Date())[0].id
        // a problem on each activity
        let problems = ProblemService(
            loop: LoopService(database: services.database, policy: LoopPolicy(), calendar: services.calendar, logger: services.logger))
        let ownProblem = try await problems.create(
            ProblemDraft(title: "接待中反映的问题", body: "路灯不亮", category: "urban_rural_construction"), on: ownActivity, by: repAUser,
            now: Date())
        let otherProblem = try await problems.create(
            ProblemDraft(title: "恳谈中反映的问题", body: "停车难", category: "urban_rural_construction"), on: otherActivity, by: adminUser,
            now: Date())
        let ownNotice = try await client.call(.get, "/v1/notifications", token: f.county).items.first?["id"] as? String
        let otherNotice = try await client.call(.get, "/v1/notifications", token: f.cityToken).items.first?["id"] as? String
        guard let ownAssignment, let otherAssignment,
            let ownHookID = ownHook.string("id") ?? (ownHook["endpoint"] as? [String: Any])?["id"] as? String,
            let otherHookID = otherHook.string("id") ?? (otherHook["endpoint"] as? [String: Any])?["id"] as? String,
            let ownNotice, let otherNotice,
            let streetHookID = streetHook.string("id") ?? (streetHook["endpoint"] as? [String: Any])?["id"] as? String
        else { throw TestFailure("world incomplete: \(ownHook.text) \(streetHook.text)") }
        return World(
            fixture: f,
            tokens: [
                .forged: "mq_" + String(repeating: "x", count: 43), .representative: f.representative,
                .observer: r.token(.observer), .department: f.county, .admin: f.admin,
                .staff: r.streetStaffA, .leader: r.streetLeaderA,
            ],
            own: [
                .submission: [.representative: ownID, .observer: ownID, .department: ownID, .staff: ownID, .leader: ownID],
                .assignment: [.department: ownAssignment, .staff: ownAssignment, .leader: ownAssignment],
                .observer: [
                    .representative: r.observerA.id.text, .observer: r.observerA.id.text, .staff: r.observerA.id.text,
                    .leader: r.observerA.id.text,
                ],
                .code: [.representative: f.code, .staff: f.code, .leader: f.code],
                .station: [.staff: r.stationA.id.text, .leader: r.stationA.id.text],
                .representative: [.staff: r.representativeA.id.text, .leader: r.representativeA.id.text],
                .representativeRecord: [
                    .representative: r.representativeA.id.text, .staff: r.representativeA.id.text,
                    .leader: r.representativeA.id.text,
                ],
                .department: [.department: r.countyDepartment.id.text, .staff: streetDepartment.id.text],
                .webhook: [.department: ownHookID, .staff: streetHookID],
                .user: [.staff: userA.id.text],
                .notification: [.department: ownNotice],  // the others have none: only their foreign one is tried
                .suggestion: [
                    .representative: suggestionIDs[0].text, .department: suggestionIDs[0].text, .staff: suggestionIDs[0].text,
                    .leader: suggestionIDs[0].text,
                ],
                .session: [.staff: sessionA.id.text],
                .activity: [
                    .representative: ownActivity.text, .department: ownActivity.text, .staff: ownActivity.text,
                    .leader: ownActivity.text,
                ],
                .problem: [
                    .representative: ownProblem.text, .department: ownProblem.text, .staff: ownProblem.text, .leader: ownProblem.text,
                ],
                .rotaSlot: [.representative: ownSlot.text, .staff: ownSlot.text, .leader: ownSlot.text],
            ],
            other: [
                .submission: otherID, .assignment: otherAssignment, .observer: r.observerB.id.text, .code: codeB,
                .station: r.stationB.id.text, .representative: r.representativeB.id.text,
                .representativeRecord: r.representativeB.id.text, .user: userB.id.text,
                .department: r.cityDepartment.id.text, .webhook: otherHookID, .notification: otherNotice,
                .suggestion: suggestionIDs[1].text, .session: sessionB.id.text, .activity: otherActivity.text,
                .problem: otherProblem.text, .rotaSlot: otherSlot.text,
            ],
            code: f.code, trackingToken: tracking
        )
    }
}
