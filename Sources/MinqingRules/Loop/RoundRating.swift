/// How a submission's round is settled by its evaluators (DOMAIN.md, "Rating a reply"): the resident
/// (through the tracking link) and, where the submission came through a representative's code or a
/// station with representatives, the representative. A round waits for every evaluator who can rate, or
/// for the rating window to end; its result is the worse of the ratings given, and an unsatisfied rating
/// by either reopens it at once.
public enum RoundRating {
    public enum Evaluator: String, Sendable, CaseIterable, Hashable { case resident, representative }

    public enum Decision: Sendable, Equatable {
        /// Another evaluator can still rate within the window.
        case wait
        /// Satisfied or basically satisfied: closed with this (the worse given) rating.
        case close(Rating)
        /// An unsatisfied rating: the next round.
        case reopen
        /// The window ended without any rating.
        case closeUnrated
    }

    public static func decide(expected: Set<Evaluator>, given: [Evaluator: Rating], windowOver: Bool) -> Decision {
        if given.values.contains(.unsatisfied) { return .reopen }
        if let worst = worst(of: given.values), windowOver || expected.isSubset(of: Set(given.keys)) { return .close(worst) }
        return windowOver ? .closeUnrated : .wait
    }

    /// The worse of some ratings (unsatisfied < basically satisfied < satisfied).
    public static func worst(of ratings: some Sequence<Rating>) -> Rating? {
        ratings.max { severity($0) < severity($1) }
    }

    static func severity(_ rating: Rating) -> Int {
        switch rating {
        case .satisfied: 0
        case .basicallySatisfied: 1
        case .unsatisfied: 2
        }
    }
}
