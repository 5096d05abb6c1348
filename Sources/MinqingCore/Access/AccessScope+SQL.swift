import MinqingRules

/// The SQL form of an ``AccessScope`` for each kind of row a list can show: the one place the policy's
/// reach is turned into predicates (over the aliases the stores use).
extension AccessScope {
    /// Over `submissions s`: a representative's codes and stations (home and further), an observer's own
    /// filings, a department's assignments.
    func restrictSubmissions(_ builder: inout QueryBuilder) {
        if let representative {
            let p = builder.bind(representative)
            builder.condition(
                """
                (s.representative_id = \(p) OR s.station_id IN (
                    SELECT home_station_id FROM representatives WHERE id = \(p)
                    UNION SELECT station_id FROM representative_stations WHERE representative_id = \(p)))
                """)
        }
        builder.filter(observer) { "s.filed_by_observer_id = \($0)" }
        builder.filter(department) { "EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id AND a.department_id = \($0))" }
    }

    /// Over `assignments a`: a department's own.
    func restrictAssignments(_ builder: inout QueryBuilder) {
        builder.filter(department) { "a.department_id = \($0)" }
        if representative != nil || observer != nil { builder.condition("false") }
    }

    /// Over `observers`: a representative's own observers, an observer himself; departments none.
    func restrictObservers(_ builder: inout QueryBuilder) {
        builder.filter(representative) { "representative_id = \($0)" }
        builder.filter(observer) { "id = \($0)" }
        if department != nil { builder.condition("false") }
    }
}
