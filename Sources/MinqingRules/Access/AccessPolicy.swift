import Foundation

/// The one place that decides who may do what (docs/DOMAIN.md, "Roles").
///
/// Two questions, asked once per operation: ``admit(_:to:)`` — may this caller call the operation at all
/// (from the token alone, before the body is read: 401 or 403) — and ``scope(of:)`` — which objects can he
/// reach. An object outside the scope answers exactly like an unknown one (404, or absent from a list), so
/// a refusal never confirms that something exists. Stores turn the scope into SQL for lists
/// (`AccessScope+SQL`); single objects are checked with ``AccessScope/reaches(representative:observer:department:)`` on their owners.
public enum AccessPolicy {
    /// Who may call each operation.
    public static func audience(of operation: APIOperation) -> Audience {
        switch operation {
        case .getHealth, .getReadiness, .getMetrics, .login, .listCategories,
            .lookupCode, .getCodeQRSVG, .getCodeQRPNG, .getCodePoster,
            .getTracking, .evaluateAsResident, .listStationActivities:
            .anyone
        // Open311 callers present an api_key (checked by the facade), not a bearer token
        case .getOpen311DiscoveryXML, .getOpen311DiscoveryJSON, .listOpen311ServicesXML, .listOpen311ServicesJSON,
            .getOpen311ServiceXML, .getOpen311ServiceJSON, .createOpen311RequestXML, .createOpen311RequestJSON,
            .listOpen311RequestsXML, .listOpen311RequestsJSON, .getOpen311RequestXML, .getOpen311RequestJSON,
            .getOpen311TokenXML, .getOpen311TokenJSON:
            .anyone
        case .createSubmission, .getAnnualBoard:
            .anyoneIdentified
        case .listStations, .getStation, .listRepresentatives, .getRepresentative, .listDepartments, .getDepartment,
            .listRegions, .getRegion, .logout, .getMe, .changeMyPassword, .listSubmissions, .getSubmission, .getCalendar,
            .listNotifications, .markNotificationRead, .listSessions, .getSession, .getSimilarItems:
            .signedIn
        // system settings: the whole deployment's
        case .createCategory, .updateCategory, .putCalendar, .listGlobalWebhooks, .createGlobalWebhook,
            .createRegion, .updateRegion:
            .roles([.admin])
        // the congress's work, which staff do within their region
        case .createStation, .updateStation, .createRepresentative, .updateRepresentative, .createObserver, .updateObserver,
            .createDepartment, .updateDepartment, .listUsers, .createUser, .getUser, .updateUser, .resetUserPassword,
            .listAuditEvents,
            .createCode, .revokeCode, .assignSubmission, .escalateSubmission, .revealSubmissionContact, .referSubmission,
            .approveAssignmentExtension, .denyAssignmentExtension, .publishAnnualReport,
            .updateOversightMeeting, .decideSpotCheck,
            .createSession, .updateSession, .writeSessionReport, .acceptSuggestion, .returnSuggestion, .convertSuggestion,
            .assignSuggestion,
            .preassignSuggestion:
            .roles([.admin, .staff])
        // a representative drafts his own; staff on a representative's behalf
        case .createSuggestion, .updateSuggestion, .submitSuggestion:
            .roles([.admin, .staff, .representative])
        case .coSignSuggestion, .rateSuggestion, .submissionToSuggestion:
            .roles([.representative])
        case .markSuggestionDone:
            .roles([.admin, .staff, .department])
        case .objectToSuggestion:
            .roles([.department])
        case .listSuggestions, .getSuggestion:
            .roles([.admin, .staff, .leader, .representative, .department])
        case .getSessionReport:
            .roles([.admin, .staff, .leader, .department])
        case .listActivities, .getActivity, .listActivityProblems, .getProblem:
            .roles([.admin, .staff, .leader, .representative, .department])
        case .assignProblem, .putConsultationPlan:
            .roles([.admin, .staff])
        case .getConsultationPlan:
            .roles([.admin, .staff, .leader])
        case .getStationRota:
            .roles([.admin, .staff, .leader, .representative])
        case .putStationRota, .recordReviewOpinion, .listOpen311Keys, .createOpen311Key, .revokeOpen311Key:
            .roles([.admin, .staff])
        case .checkInRotaSlot:
            .roles([.representative])
        case .recordRotaReception:
            .roles([.admin, .staff, .representative])
        case .rateProblem:
            .roles([.representative])
        // a representative runs the receptions and report-backs he organises (`mayManage`)
        case .createActivity, .updateActivity, .holdActivity, .closeActivity, .cancelActivity, .createActivityProblem,
            .publishActivity:
            .roles([.admin, .staff, .representative])
        case .getOversightMeeting, .listSpotChecks, .getRepresentativeRanking, .getDigest:
            .roles([.admin, .staff, .leader])
        // a department its own handling, a representative what came through him
        case .getDashboard, .getDashboardChart:
            .roles([.admin, .staff, .leader, .representative, .department])
        case .getRepresentativeRecord:
            .roles([.admin, .staff, .leader, .representative])
        case .acceptSubmission, .rejectSubmission, .mergeSubmission, .resolveSubmission:
            .roles([.admin, .staff, .representative])
        case .listCodes, .getCodeStats, .getHotWords, .getHotWordsChart, .getClusters:
            .roles([.admin, .staff, .leader, .representative])
        case .evaluateSubmissionAsRepresentative:
            .roles([.representative])
        case .markKeyItem, .markKeySuggestion:
            .roles([.admin, .leader])
        case .listObservers, .getObserver:
            .roles([.admin, .staff, .leader, .representative, .observer])
        case .acknowledgeAssignment, .returnAssignment, .addAssignmentProgress, .requestAssignmentExtension, .replyAssignment,
            .addAssignmentContact:
            .roles([.department])
        case .listAssignments, .getMonthlyReport, .getQuarterlyReport, .getAnnualReport:
            .roles([.admin, .staff, .leader, .department])
        case .listDepartmentWebhooks, .createDepartmentWebhook, .deleteWebhook, .rotateWebhookSecret, .listWebhookDeliveries:
            .roles([.admin, .staff, .department])
        }
    }

    /// The object an operation acts on, named by its path, when the caller's scope decides whether he
    /// reaches it (checked before the body is read, like the audience).
    public static func object(of operation: APIOperation) -> AccessObject? {
        switch operation {
        case .getSubmission, .acceptSubmission, .rejectSubmission, .mergeSubmission, .resolveSubmission,
            .assignSubmission, .escalateSubmission, .evaluateSubmissionAsRepresentative, .revealSubmissionContact,
            .referSubmission, .markKeyItem, .submissionToSuggestion, .getSimilarItems:
            .submission
        case .acknowledgeAssignment, .returnAssignment, .addAssignmentProgress, .requestAssignmentExtension,
            .approveAssignmentExtension, .denyAssignmentExtension, .replyAssignment, .addAssignmentContact:
            .assignment
        case .getObserver, .updateObserver: .observer
        case .getCodeStats, .revokeCode: .code
        case .updateStation: .station
        case .getUser, .updateUser, .resetUserPassword: .user
        case .updateRepresentative: .representative
        case .updateDepartment, .listDepartmentWebhooks, .createDepartmentWebhook: .department
        case .getSuggestion, .updateSuggestion, .submitSuggestion, .coSignSuggestion, .acceptSuggestion, .returnSuggestion,
            .convertSuggestion, .assignSuggestion, .rateSuggestion, .markSuggestionDone, .preassignSuggestion, .objectToSuggestion,
            .markKeySuggestion:
            .suggestion
        case .updateSession, .getSessionReport, .writeSessionReport: .session
        case .getActivity, .updateActivity, .holdActivity, .closeActivity, .cancelActivity, .listActivityProblems,
            .createActivityProblem, .publishActivity, .recordReviewOpinion:
            .activity
        case .getProblem, .assignProblem, .rateProblem: .problem
        case .getRepresentativeRecord: .representativeRecord
        case .putStationRota: .station
        case .checkInRotaSlot, .recordRotaReception: .rotaSlot
        case .deleteWebhook, .rotateWebhookSecret, .listWebhookDeliveries: .webhookEndpoint
        default: nil
        }
    }

    /// Whether the operation only reads the object its path names. A region that referred an item up keeps
    /// reading it, but only the region that handles it now acts on it.
    public static func onlyReads(_ operation: APIOperation) -> Bool {
        switch operation {
        case .getSubmission, .getSimilarItems, .getObserver, .getCodeStats, .listDepartmentWebhooks, .listWebhookDeliveries, .getUser,
            .getSuggestion, .getActivity, .listActivityProblems, .getProblem, .getRepresentativeRecord:
            true
        default: false
        }
    }

    /// Refuses a caller the operation's audience does not admit: 401 when a sign-in is needed and missing,
    /// 403 for a role that may never call it.
    public static func admit(_ caller: User?, to operation: APIOperation) throws(DomainError) {
        let audience = audience(of: operation)
        guard let caller else {
            if audience.needsSignIn {
                throw .unauthenticated("Sign in and send the token as 'Authorization: Bearer <token>'.")
            }
            return
        }
        guard audience.admits(caller.role) else {
            throw .forbidden("The \(caller.role.rawValue) role may not do this.")
        }
    }

    /// What a signed-in caller can reach: admins everything, staff and leaders their region's subtree, every
    /// other role what its binding owns.
    public static func scope(of caller: User) -> AccessScope {
        switch caller.role {
        case .admin: .everything
        case .staff, .leader: AccessScope(region: caller.regionID ?? UUID())
        case .representative: AccessScope(representative: caller.representativeID ?? UUID())
        case .observer: AccessScope(observer: caller.observerID ?? UUID())
        case .department: AccessScope(department: caller.departmentID ?? UUID())
        }
    }

    /// Admins create users of every role; staff those who work within their region (not admins, not
    /// leaders, whom the congress above appoints).
    public static func mayCreateUser(of role: Role, by caller: User) -> Bool {
        switch caller.role {
        case .admin: true
        case .staff: [.staff, .representative, .observer, .department].contains(role)
        case .leader, .representative, .observer, .department: false
        }
    }

    /// Departments and leaders never receive a resident's contact data, not even masked; staff may reveal it.
    public static func seesResidentContact(_ caller: User) -> Bool { caller.role != .department && caller.role != .leader }

    /// An unpublished report is the congress's working copy: to everyone else (anonymous callers too) it does
    /// not exist yet.
    public static func seesUnpublishedReports(_ caller: User?) -> Bool {
        caller.map { [.admin, .staff, .leader].contains($0.role) } ?? false
    }

    /// Departments see a report's department rows only, never the intake summary.
    public static func seesIntakeSummary(_ caller: User) -> Bool { caller.role != .department }

    /// Only the lead representative revises and submits his suggestion; co-signers read it and co-sign.
    /// Staff and admins act on a representative's behalf.
    public static func mayDraft(suggestionLedBy lead: UUID, caller: User) -> Bool {
        caller.role != .representative || caller.representativeID == lead
    }

    /// Filing without a code (on a resident's behalf, 代录) is for representatives, observers and staff;
    /// departments handle items and leaders supervise them.
    public static func mayFileWithoutCode(_ caller: User) -> Bool { caller.role != .department && caller.role != .leader }

    /// Staff and admins run every activity of their reach; a representative only the receptions and
    /// report-backs he organises himself (at one of his stations).
    public static func mayManage(activityOrganisedBy organiser: UUID?, caller: User) -> Bool {
        switch caller.role {
        case .admin, .staff: true
        case .representative: organiser != nil && caller.representativeID == organiser
        case .leader, .observer, .department: false
        }
    }
}
