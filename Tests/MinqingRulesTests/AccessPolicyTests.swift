import Foundation
import MinqingRules
import Testing

/// The access policy against the contract: every operation of openapi.yaml has an entry, and the entries
/// say what the README's roles say. The HTTP side (that the server asks the policy, before the body) is
/// `AccessMatrixTests` in MinqingAPITests.
@Suite struct AccessPolicyTests {
    /// The operationIds of the top-level openapi.yaml, read as text (one `operationId: name` per line).
    static func specOperations() throws -> Set<String> {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../openapi.yaml")
        let text = try String(contentsOf: spec, encoding: .utf8)
        return Set(
            text.split(separator: "\n").compactMap { line -> String? in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("operationId:") else { return nil }
                return trimmed.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces)
            })
    }

    @Test func everyOperationOfTheSpecHasAnEntryAndNoEntryIsStale() throws {
        let spec = try Self.specOperations()
        #expect(spec.count > 70)
        let known = Set(APIOperation.allCases.map(\.rawValue))
        let missing = spec.subtracting(known).sorted()
        #expect(missing.isEmpty, "operations of openapi.yaml without an AccessPolicy entry: \(missing)")
        let stale = known.subtracting(spec).sorted()
        #expect(stale.isEmpty, "AccessPolicy entries for operations openapi.yaml no longer has: \(stale)")
    }

    static let admin = User(id: UUID(), username: "a", role: .admin, createdAt: Date())
    static let representative = User(id: UUID(), username: "r", role: .representative, representativeID: UUID(), createdAt: Date())
    static let observer = User(id: UUID(), username: "o", role: .observer, observerID: UUID(), createdAt: Date())
    static let department = User(id: UUID(), username: "d", role: .department, departmentID: UUID(), createdAt: Date())

    @Test func anonymousCallersNeedASignInExceptForThePublicOperations() {
        let open: Set<APIOperation> = [
            .getHealth, .getReadiness, .getMetrics, .login, .listCategories, .lookupCode, .getCodeQRSVG, .getCodeQRPNG, .getCodePoster,
            .getTracking, .evaluateAsResident, .createSubmission, .getAnnualBoard, .listStationActivities,
            // Open311: the facade checks the api_key itself
            .getOpen311DiscoveryXML, .getOpen311DiscoveryJSON, .listOpen311ServicesXML, .listOpen311ServicesJSON,
            .getOpen311ServiceXML, .getOpen311ServiceJSON, .createOpen311RequestXML, .createOpen311RequestJSON,
            .listOpen311RequestsXML, .listOpen311RequestsJSON, .getOpen311RequestXML, .getOpen311RequestJSON,
            .getOpen311TokenXML, .getOpen311TokenJSON,
        ]
        for operation in APIOperation.allCases {
            let refused: Bool
            do {
                try AccessPolicy.admit(nil, to: operation)
                refused = false
            } catch {
                refused = true
                #expect(error == .unauthenticated("Sign in and send the token as 'Authorization: Bearer <token>'."))
            }
            #expect(refused != open.contains(operation), "\(operation)")
        }
    }

    @Test func departmentsDoTheirWorkAndNothingOfStaffs() throws {
        for operation in [
            APIOperation.acknowledgeAssignment, .replyAssignment, .listAssignments, .getMonthlyReport,
            .createDepartmentWebhook, .listSubmissions,
        ] {
            try AccessPolicy.admit(Self.department, to: operation)
        }
        for operation in [
            APIOperation.assignSubmission, .acceptSubmission, .createStation, .approveAssignmentExtension,
            .listObservers, .listCodes, .revealSubmissionContact, .createGlobalWebhook,
        ] {
            #expect(throws: DomainError.forbidden("The department role may not do this.")) {
                try AccessPolicy.admit(Self.department, to: operation)
            }
        }
    }

    @Test func onlyStaffAssignAndOnlyTheDepartmentHandles() throws {
        try AccessPolicy.admit(Self.admin, to: .assignSubmission)
        for caller in [Self.representative, Self.observer, Self.department] {
            #expect(throws: DomainError.self) { try AccessPolicy.admit(caller, to: .assignSubmission) }
        }
        for caller in [Self.admin, Self.representative, Self.observer] {
            #expect(throws: DomainError.self) { try AccessPolicy.admit(caller, to: .replyAssignment) }
        }
        try AccessPolicy.admit(Self.representative, to: .evaluateSubmissionAsRepresentative)
        #expect(throws: DomainError.self) { try AccessPolicy.admit(Self.admin, to: .evaluateSubmissionAsRepresentative) }
    }

    @Test func eachRoleReachesWhatItsBindingOwns() {
        let other = UUID()
        #expect(AccessPolicy.scope(of: Self.admin).isEverything)
        let rep = AccessPolicy.scope(of: Self.representative)
        #expect(rep.reaches(representative: Self.representative.representativeID))
        #expect(!rep.reaches(representative: other))
        #expect(!rep.reaches(department: other))
        let observer = AccessPolicy.scope(of: Self.observer)
        #expect(observer.reaches(representative: other, observer: Self.observer.observerID))
        #expect(!observer.reaches(representative: other, observer: other))
        let department = AccessPolicy.scope(of: Self.department)
        #expect(department.reaches(department: Self.department.departmentID))
        #expect(!department.reaches(department: other))
        #expect(!department.reaches(department: nil), "a global webhook endpoint is staff's")
        #expect(!department.reaches(representative: other))
    }

    @Test func residentsContactNeverReachesADepartment() {
        #expect(!AccessPolicy.seesResidentContact(Self.department))
        #expect(AccessPolicy.seesResidentContact(Self.representative))
        #expect(!AccessPolicy.mayFileWithoutCode(Self.department))
        #expect(AccessPolicy.mayFileWithoutCode(Self.observer))
    }
}

@Suite struct ActivityAccessTests {
    @Test func onlyStaffAdminsAndTheOrganisingRepresentativeRunAnActivity() {
        let organiser = AccessPolicyTests.representative.representativeID
        #expect(AccessPolicy.mayManage(activityOrganisedBy: organiser, caller: AccessPolicyTests.representative))
        #expect(!AccessPolicy.mayManage(activityOrganisedBy: UUID(), caller: AccessPolicyTests.representative))
        #expect(!AccessPolicy.mayManage(activityOrganisedBy: nil, caller: AccessPolicyTests.representative))
        #expect(AccessPolicy.mayManage(activityOrganisedBy: nil, caller: AccessPolicyTests.admin))
        #expect(!AccessPolicy.mayManage(activityOrganisedBy: nil, caller: AccessPolicyTests.department))
    }
}
