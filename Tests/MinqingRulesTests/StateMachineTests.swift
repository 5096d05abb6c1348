import MinqingRules
import Testing

/// The transition tables themselves: every (status, action) pair, allowed or refused, as DOMAIN.md states
/// them — written out here by hand, not read back from the machines.
@Suite struct StateMachineTests {
    static let submissionAllowed: [SubmissionStatus: [SubmissionAction: SubmissionStatus]] = [
        .submitted: [.accept: .accepted, .reject: .rejected, .merge: .merged, .resolve: .replied, .refer: .submitted],
        .accepted: [.assign: .assigned, .reject: .rejected, .merge: .merged, .refer: .accepted],
        .assigned: [.leadsReplied: .replied, .leadReturned: .accepted, .escalate: .assigned],
        .replied: [.close: .closed, .reopen: .reopened, .autoClose: .closed],
        .reopened: [.assign: .assigned, .escalate: .assigned, .refer: .reopened],
        .closed: [.spotCheckReopen: .reopened],
    ]

    /// Asks a machine every action from `status` and compares with the hand-written table; a refusal must
    /// be an `invalidTransition`, whose current status and allowed actions `refused` checks.
    static func checkEveryAction<Status: Hashable, Action: Hashable & CaseIterable>(
        from status: Status, _ table: [Status: [Action: Status]], next: (Status, Action) throws(DomainError) -> Status,
        refused: (_ current: String, _ allowed: [String]) -> Void
    ) {
        for action in Action.allCases {
            let expected = table[status]?[action]
            do {
                let next = try next(status, action)
                #expect(next == expected, "\(status) on \(action) went to \(next)")
            } catch {
                #expect(expected == nil, "\(status) on \(action) was refused")
                guard case .invalidTransition(let current, let allowed, _) = error else {
                    Issue.record("not an invalid transition: \(error)")
                    continue
                }
                refused(current, allowed)
            }
        }
    }

    @Test(arguments: SubmissionStatus.allCases)
    func everySubmissionPairIsAllowedOrRefusedAsTheTableSays(_ status: SubmissionStatus) {
        Self.checkEveryAction(from: status, Self.submissionAllowed, next: SubmissionStateMachine.next) { current, allowed in
            #expect(current == status.rawValue)
            #expect(allowed == SubmissionStateMachine.allowedActions(from: status))
        }
    }

    @Test func allowedActionsNameOnlyClientActions() {
        #expect(SubmissionStateMachine.allowedActions(from: .submitted) == ["accept", "reject", "merge", "resolve", "refer"])
        #expect(SubmissionStateMachine.allowedActions(from: .replied) == ["evaluate"])
        #expect(SubmissionStateMachine.allowedActions(from: .assigned) == ["escalate"])
        #expect(SubmissionStateMachine.allowedActions(from: .closed).isEmpty)
        #expect(SubmissionStateMachine.allowedActions(from: .merged).isEmpty)
    }

    @Test func theNamedSetsPartitionTheStatuses() {
        #expect(SubmissionStatus.open == [.submitted, .accepted, .assigned, .replied, .reopened])
        #expect(SubmissionStatus.terminal == [.rejected, .merged, .closed])
        #expect(SubmissionStatus.open.isDisjoint(with: SubmissionStatus.terminal))
        #expect(AssignmentStatus.open == [.pending, .acknowledged])
        #expect(AssignmentStatus.terminal == [.replied, .returned, .escalated])
        #expect(AssignmentStatus.open.rawValues == ["acknowledged", "pending"])
        // a terminal submission moves again only by the year-end spot check
        for status in SubmissionStatus.terminal {
            for action in SubmissionAction.allCases where action != .spotCheckReopen {
                #expect(throws: DomainError.self) { try SubmissionStateMachine.next(from: status, on: action) }
            }
        }
    }

    @Test func aRatingIsOpenExactlyWhenReplied() {
        for status in SubmissionStatus.allCases {
            #expect(SubmissionStateMachine.isRatingOpen(status) == (status == .replied), "\(status)")
        }
    }

    static let assignmentAllowed: [AssignmentStatus: [AssignmentAction: AssignmentStatus]] = [
        .pending: [.acknowledge: .acknowledged, .return: .returned, .reply: .replied, .escalate: .escalated],
        .acknowledged: [.return: .returned, .reply: .replied, .escalate: .escalated],
    ]

    @Test(arguments: AssignmentStatus.allCases)
    func everyAssignmentPairIsAllowedOrRefusedAsTheTableSays(_ status: AssignmentStatus) {
        Self.checkEveryAction(from: status, Self.assignmentAllowed, next: AssignmentStateMachine.next) { current, allowed in
            #expect(current == status.rawValue)
            #expect(!allowed.contains("escalate"), "escalation is staff's, never offered to the department")
        }
    }

    static let extensionAllowed: [ExtensionStatus?: [ExtensionAction: ExtensionStatus]] = [
        nil: [.request: .requested],
        .requested: [.approve: .approved, .deny: .denied],
        .approved: [.request: .requested],
        .denied: [.request: .requested],
    ]

    @Test func everyExtensionPairOnAnOpenAssignmentIsAllowedOrRefusedAsTheTableSays() {
        let statuses: [ExtensionStatus?] = [nil] + ExtensionStatus.allCases.map { $0 }
        for status in statuses {
            for action in ExtensionAction.allCases {
                let expected = Self.extensionAllowed[status]?[action]
                do {
                    let next = try ExtensionStateMachine.next(from: status, on: action, assignment: .acknowledged)
                    #expect(next == expected, "\(String(describing: status)) on \(action) went to \(next)")
                } catch {
                    #expect(expected == nil, "\(String(describing: status)) on \(action) was refused")
                }
            }
        }
    }

    @Test func aClosedAssignmentCannotAskForMoreTime() {
        for status in AssignmentStatus.terminal {
            #expect(throws: DomainError.self) { try ExtensionStateMachine.next(from: nil, on: .request, assignment: status) }
        }
        #expect(throws: Never.self) { try ExtensionStateMachine.next(from: nil, on: .request, assignment: .pending) }
    }

    @Test func aPendingRequestNamesTheDecisionsStillPossible() {
        do {
            _ = try ExtensionStateMachine.next(from: .requested, on: .request, assignment: .pending)
            Issue.record("a second request was accepted")
        } catch {
            #expect(
                error
                    == .invalidTransition(
                        current: "extension_requested", allowed: ["approve", "deny"],
                        detail: "An extension can be asked once at a time; this one waits for a decision."))
        }
    }
}
