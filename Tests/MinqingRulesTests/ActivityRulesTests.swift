import Foundation
import MinqingRules
import Testing

@Suite struct ActivityRulesTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func anActivityIsHeldOnlyOnceItHasStarted() throws {
        #expect(
            throws: DomainError.conflict(code: "activity_not_started", detail: "The activity starts at \(start); it is held after that.")
        ) {
            try ActivityStateMachine.hold(from: .planned, startsAt: start, now: start.addingTimeInterval(-1))
        }
        #expect(try ActivityStateMachine.hold(from: .planned, startsAt: start, now: start) == .held)
        #expect(throws: DomainError.self) { try ActivityStateMachine.hold(from: .held, startsAt: start, now: start) }
    }

    @Test func closingNeedsAConsultationsMinutesAndEveryProblemReplied() throws {
        #expect(throws: DomainError.invalid("minutes", "are required to close a consultation (协商纪要)")) {
            try ActivityStateMachine.close(from: .held, kind: .consultation, hasMinutes: false, problemsAwaitingReply: 0)
        }
        #expect(try ActivityStateMachine.close(from: .held, kind: .talk, hasMinutes: false, problemsAwaitingReply: 0) == .closed)
        do {
            _ = try ActivityStateMachine.close(from: .held, kind: .consultation, hasMinutes: true, problemsAwaitingReply: 2)
            Issue.record("closed with two problems awaiting a reply")
        } catch {
            guard case .conflict(let code, _) = error else { throw error }
            #expect(code == "problems_awaiting_reply")
        }
        #expect(throws: DomainError.self) {
            try ActivityStateMachine.close(from: .planned, kind: .talk, hasMinutes: true, problemsAwaitingReply: 0)
        }
    }

    @Test func finishedActivitiesAreReadOnly() {
        for status in [ActivityStatus.closed, .cancelled] {
            #expect(status.isFinished && ActivityStateMachine.allowedActions(from: status).isEmpty)
            for action in ActivityAction.allCases where !(status == .closed && action == .publish) {
                #expect(throws: DomainError.self) { try ActivityStateMachine.next(from: status, on: action) }
            }
        }
        // an outcome is published once the activity was held, never before
        #expect((try? ActivityStateMachine.next(from: .closed, on: .publish)) == .closed)
        #expect((try? ActivityStateMachine.next(from: .planned, on: .publish)) == nil)
        #expect(ActivityStateMachine.allowedActions(from: .planned) == ["hold", "cancel"])
        #expect(ActivityStateMachine.allowedActions(from: .held) == ["close"])
        #expect((try? ActivityStateMachine.next(from: .held, on: .addProblem)) == .held)
        #expect((try? ActivityStateMachine.next(from: .held, on: .cancel)) == nil)
    }

    @Test func onlyAHeldInquiryTakesAReviewOpinionAndOnlyOnce() throws {
        func refusal(_ status: ActivityStatus, _ kind: ActivityKind, _ has: Bool) -> String? {
            do {
                _ = try ActivityStateMachine.reviewOpinion(from: status, kind: kind, hasOpinion: has)
                return nil
            } catch {
                switch error {
                case .conflict(let code, _): return code
                case .invalidTransition: return "invalid_transition"
                default: return "\(error)"
                }
            }
        }
        #expect(try ActivityStateMachine.reviewOpinion(from: .held, kind: .inquiry, hasOpinion: false) == .held)
        #expect(refusal(.held, .consultation, false) == "not_an_inquiry")
        #expect(refusal(.planned, .inquiry, false) == "invalid_transition")
        #expect(refusal(.closed, .inquiry, false) == "invalid_transition")
        #expect(refusal(.cancelled, .inquiry, false) == "invalid_transition")
        #expect(refusal(.held, .inquiry, true) == "review_opinion_exists")
        #expect(ActivityKind.allCases.filter(\.takesQuestions) == [.inquiry])
    }

    @Test func representativesOrganiseOnlyReceptionsAndReportBacks() {
        #expect(ActivityKind.allCases.filter(\.representativeMayOrganise) == [.reception, .reportBack])
        #expect(ActivityKind.allCases.filter(\.needsMinutesToClose) == [.consultation])
    }
}
