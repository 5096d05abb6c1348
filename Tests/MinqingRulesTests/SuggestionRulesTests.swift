import Foundation
import MinqingRules
import Testing

@Suite struct SuggestionRulesTests {
    @Test func theStateMachineWalksFromDraftToDone() throws {
        var status = SuggestionStatus.draft
        for action: SuggestionAction in [.submit, .accept, .preassign, .assign, .leadsReplied, .settlePlanned, .reportDone] {
            status = try SuggestionStateMachine.next(from: status, on: action)
        }
        #expect(status == .done)
        #expect(try SuggestionStateMachine.next(from: .submitted, on: .return) == .draft)
        #expect(try SuggestionStateMachine.next(from: .answered, on: .reopen) == .reopened)
        #expect(try SuggestionStateMachine.next(from: .reopened, on: .assign) == .assigned)
        #expect(try SuggestionStateMachine.next(from: .assigned, on: .leadReturned) == .accepted)
        #expect(SuggestionStateMachine.settle(.solved) == .settleSolved)
        #expect(try SuggestionStateMachine.next(from: .answered, on: .settleExplained) == .closed)
    }

    @Test func theWrongStateNamesTheCurrentStatusAndWhatIsAllowed() {
        #expect(
            throws: DomainError.invalidTransition(
                current: "draft", allowed: ["submit"], detail: "Cannot accept a suggestion that is draft.")
        ) {
            try SuggestionStateMachine.next(from: .draft, on: .accept)
        }
        #expect(SuggestionStateMachine.allowedActions(from: .submitted) == ["accept", "return", "convert"])
        #expect(SuggestionStateMachine.allowedActions(from: .answered) == ["rate"])
        #expect(SuggestionStatus.terminal == [.done, .closed, .converted])
    }

    @Test func theEngineAsksEachKindsOwnMachine() throws {
        #expect(try HandlingSubject.Kind.suggestion.next(from: "assigned", on: .leadsReplied) == "answered")
        #expect(try HandlingSubject.Kind.submission.next(from: "assigned", on: .leadsReplied) == "replied")
        #expect(try HandlingSubject.Kind.suggestion.next(from: "assigned", on: .leadReturned) == "accepted")
        #expect(throws: DomainError.self) { try HandlingSubject.Kind.suggestion.next(from: "draft", on: .leadsReplied) }
    }

    @Test func numbersAreReadablePerSessionOrYear() {
        #expect(SuggestionNumber.format(12, inSession: true, year: 2026) == "第0012号")
        #expect(SuggestionNumber.format(12, inSession: false, year: 2026) == "闭-2026-0012")
        let region = UUID()
        #expect(
            SuggestionNumber.scope(session: nil, region: region, year: 2026)
                != SuggestionNumber.scope(session: nil, region: region, year: 2027))
    }

    @Test func extensionsKeepTheTermsUnitAndTheSixMonthCap() throws {
        let policy = LoopPolicy()
        #expect(throws: DomainError.self) { try policy.checkExtension(of: .months(3), by: 5, unit: .workingDays) }
        #expect(throws: DomainError.self) { try policy.checkExtension(of: .months(3), by: 4, unit: .months) }
        try policy.checkExtension(of: .months(3), by: 3, unit: .months)
        try policy.checkExtension(of: .workingDays(15), by: 60, unit: .workingDays)
        #expect(throws: DomainError.self) { try policy.checkExtension(of: .workingDays(15), by: 61, unit: .workingDays) }
        let calendar = WorkingCalendar(local: LocalCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai")!))
        let assigned = calendar.local.date(year: 2027, month: 1, day: 31, hour: 10, minute: 0)
        let (term, due) = HandlingTerm.months(3).extended(
            by: 1, assignedAt: assigned, due: calendar.local.dueDate(assignedAt: assigned, months: 3), calendar: calendar)
        #expect(term == .months(4))
        #expect(due == calendar.local.dueDate(assignedAt: assigned, months: 4))
        #expect(calendar.local.ymd(due) == (2027, 5, 31))
    }

    @Test func aRoundWaitsForItsEvaluatorsAndTheWorseRatingSettlesIt() {
        let both: Set<RoundRating.Evaluator> = [.resident, .representative]
        #expect(RoundRating.decide(expected: both, given: [.resident: .satisfied], windowOver: false) == .wait)
        #expect(RoundRating.decide(expected: [.resident], given: [.resident: .satisfied], windowOver: false) == .close(.satisfied))
        #expect(
            RoundRating.decide(expected: both, given: [.resident: .satisfied, .representative: .basicallySatisfied], windowOver: false)
                == .close(.basicallySatisfied))
        #expect(RoundRating.decide(expected: both, given: [.representative: .unsatisfied], windowOver: false) == .reopen)
        #expect(
            RoundRating.decide(expected: both, given: [.resident: .basicallySatisfied], windowOver: true) == .close(.basicallySatisfied))
        #expect(RoundRating.decide(expected: both, given: [:], windowOver: true) == .closeUnrated)
        #expect(RoundRating.decide(expected: both, given: [:], windowOver: false) == .wait)
        #expect(RoundRating.worst(of: [.satisfied, .unsatisfied, .basicallySatisfied]) == .unsatisfied)
    }
}

@Suite struct ConvertedLetterTests {
    @Test func aLetterKeepsWithinIntakeLimits() {
        let long = ConvertedLetter(title: String(repeating: "题", count: 120), body: String(repeating: "字", count: 2500))
        #expect(long.title.count == 100 && long.content.count == 2000 && long.content.hasSuffix("…"))
        let exact = ConvertedLetter(title: "标题", body: String(repeating: "字", count: 2000))
        #expect(exact.content.count == 2000 && !exact.content.hasSuffix("…"))
        // a body too short to stand alone is led by its title
        #expect(ConvertedLetter(title: " 路灯 ", body: "修好").content == "路灯：修好")
        #expect(ConvertedLetter(title: "路灯", body: "  请修好路灯  ").content == "请修好路灯")
    }

    @Test func eachTypeFilesAsAKindOfInput() {
        #expect(SuggestionType.proposal.letterKind == .suggestion && SuggestionType.suggestion.letterKind == .suggestion)
        #expect(SuggestionType.criticism.letterKind == .opinion && SuggestionType.opinion.letterKind == .opinion)
        #expect(!Channel.filable.contains(.suggestion))
    }
}

@Suite struct SuggestionEditTests {
    @Test func editsThatKeepTheStatusAreRefusedOutsideTheirStatuses() throws {
        try SuggestionStateMachine.check(.revise, in: .draft)
        #expect(throws: DomainError.self) { try SuggestionStateMachine.check(.revise, in: .submitted) }
        try SuggestionStateMachine.check(.object, in: .preassigned)
        #expect(throws: DomainError.self) { try SuggestionStateMachine.check(.object, in: .accepted) }
        try SuggestionStateMachine.check(.markKey, in: .inFollowUp)
        #expect(throws: DomainError.self) { try SuggestionStateMachine.check(.markKey, in: .draft) }
        for status in SuggestionStatus.allCases {
            // co-signers join any open suggestion, and none that is finished
            #expect(((try? SuggestionStateMachine.check(.coSign, in: status)) != nil) == status.isOpen, "\(status)")
        }
        // they never show as a status's next actions, and finished suggestions stay finished
        #expect(SuggestionStateMachine.allowedActions(from: .draft) == ["submit"])
        #expect(SuggestionStatus.terminal == [.done, .closed, .converted])
    }
}
