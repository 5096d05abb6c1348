/// Every operation of `openapi.yaml`, by its `operationId`. ``AccessPolicy/audience(of:)`` has an answer for
/// each (the switch is exhaustive), and `AccessPolicyTests` fails when the spec has an operation
/// this list lacks, so a new operation cannot be served without a decision on who may call it.
public enum APIOperation: String, Sendable, CaseIterable {
    // operations
    case getHealth, getReadiness, getMetrics
    // registry
    case listStations, createStation, getStation, updateStation
    case listRepresentatives, createRepresentative, getRepresentative, updateRepresentative
    case listObservers, createObserver, getObserver, updateObserver
    case listDepartments, createDepartment, getDepartment, updateDepartment
    case listCategories, createCategory, updateCategory
    case listRegions, createRegion, getRegion, updateRegion
    // session and users
    case login, logout, getMe, listUsers, createUser, getUser, updateUser, resetUserPassword, changeMyPassword
    case listAuditEvents
    // codes
    case listCodes, createCode, lookupCode, revokeCode, getCodeStats, getCodeQRSVG, getCodeQRPNG, getCodePoster
    // the loop
    case createSubmission, listSubmissions, getSubmission
    case acceptSubmission, rejectSubmission, mergeSubmission, resolveSubmission
    case assignSubmission, escalateSubmission, evaluateSubmissionAsRepresentative, revealSubmissionContact
    case referSubmission, markKeyItem
    case getTracking, evaluateAsResident
    case listAssignments, acknowledgeAssignment, returnAssignment, addAssignmentProgress
    case requestAssignmentExtension, approveAssignmentExtension, denyAssignmentExtension, replyAssignment
    case getCalendar, putCalendar
    // representatives' suggestions
    case listSessions, createSession, getSession, updateSession, getSessionReport, writeSessionReport
    case listSuggestions, createSuggestion, getSuggestion, updateSuggestion, submitSuggestion, coSignSuggestion
    case acceptSuggestion, returnSuggestion, convertSuggestion, assignSuggestion, rateSuggestion, markSuggestionDone
    case preassignSuggestion, objectToSuggestion, submissionToSuggestion, markKeySuggestion
    case addAssignmentContact
    // activities at the stations
    case listActivities, createActivity, getActivity, updateActivity, holdActivity, closeActivity, cancelActivity
    case listStationActivities
    case listActivityProblems, createActivityProblem, getProblem, assignProblem, rateProblem
    case publishActivity, getConsultationPlan, putConsultationPlan, recordReviewOpinion
    case getStationRota, putStationRota, checkInRotaSlot, recordRotaReception
    // Open311 GeoReport v2, and its keys
    case getOpen311DiscoveryXML, getOpen311DiscoveryJSON, listOpen311ServicesXML, listOpen311ServicesJSON
    case getOpen311ServiceXML, getOpen311ServiceJSON, createOpen311RequestXML, createOpen311RequestJSON
    case listOpen311RequestsXML, listOpen311RequestsJSON, getOpen311RequestXML, getOpen311RequestJSON
    case getOpen311TokenXML, getOpen311TokenJSON
    case listOpen311Keys, createOpen311Key, revokeOpen311Key
    // insight
    case getHotWords, getHotWordsChart, getSimilarItems, getClusters
    case getDashboard, getDashboardChart, getRepresentativeRecord
    // the rhythm
    case getMonthlyReport, getQuarterlyReport, getAnnualReport, publishAnnualReport, getAnnualBoard
    case getRepresentativeRanking, getDigest
    case getOversightMeeting, updateOversightMeeting, listSpotChecks, decideSpotCheck
    case listNotifications, markNotificationRead
    case listDepartmentWebhooks, createDepartmentWebhook, listGlobalWebhooks, createGlobalWebhook
    case deleteWebhook, rotateWebhookSecret, listWebhookDeliveries
}
