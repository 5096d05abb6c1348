/// What every state machine's table answers the same way: the client names of the actions a status allows,
/// in the actions' declared order, each name once (several internal actions may share one, e.g. `rate`).
public enum TransitionTable {
    public static func clientActions<Status: Hashable, Action: CaseIterable & Hashable>(
        _ table: [Status: [Action: Status]], from status: Status, name: (Action) -> String?
    ) -> [String] {
        let allowed = Set((table[status] ?? [:]).keys.compactMap(name))
        return Action.allCases.compactMap(name).reduce(into: [String]()) { result, name in
            if allowed.contains(name) && !result.contains(name) { result.append(name) }
        }
    }
}
