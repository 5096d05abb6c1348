import MinqingRules

/// The SQL form of an ``AccessScope`` for each kind of row a list can show: the one place the policy's
/// reach is turned into predicates (over the aliases the stores use).
extension AccessScope {
    /// Over `submissions s`: a representative's codes and stations (home and further), an observer's own
    /// filings, a department's assignments, a region's items: those it handles now and, unless `handling`
    /// (an action rather than a read), those filed in it and referred up, which it keeps reading.
    func restrictSubmissions(_ builder: inout QueryBuilder, handling: Bool = false) {
        builder.filter(representative) { Self.throughRepresentative($0, representative: "s.representative_id", station: "s.station_id") }
        builder.filter(observer) { "s.filed_by_observer_id = \($0)" }
        builder.filter(department) { "EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id AND a.department_id = \($0))" }
        builder.filter(region) {
            handling
                ? RegionStore.subtree("s.region_id", of: $0)
                : "(\(RegionStore.subtree("s.region_id", of: $0)) OR \(RegionStore.subtree("s.origin_region_id", of: $0)))"
        }
    }

    /// "Came in through the representative bound at `p`": through his codes (`representative`), or at one
    /// of his stations, home or further (`station`).
    static func throughRepresentative(_ p: String, representative: String, station: String) -> String {
        "(\(representative) = \(p) OR \(station) IN (\(stations(of: p))))"
    }

    /// The stations of the representative bound at `p`: his home station and those he serves further.
    static func stations(of p: String) -> String {
        "SELECT home_station_id FROM representatives WHERE id = \(p) UNION SELECT station_id FROM representative_stations WHERE representative_id = \(p)"
    }

    /// Over `assignments a` joined to their subjects `handling_subjects h`: a department's own; a region's,
    /// for the subjects it handles.
    func restrictAssignments(_ builder: inout QueryBuilder) {
        builder.filter(department) { "a.department_id = \($0)" }
        builder.filter(region) { RegionStore.subtree("h.region_id", of: $0) }
        if representative != nil || observer != nil { builder.condition("false") }
    }

    /// Over rows that belong to a department (`department` and `region` name its id and its region's
    /// columns): a region's, those of the departments in its subtree; a department's, its own;
    /// representatives and observers none.
    func restrictDepartmentRows(_ builder: inout QueryBuilder, department: String, region: String) {
        builder.filter(self.region) { RegionStore.subtree(region, of: $0) }
        builder.filter(self.department) { "\(department) = \($0)" }
        if representative != nil || observer != nil { builder.condition("false") }
    }

    /// Over `observers`: a representative's own observers, an observer himself, those at a region's
    /// stations; departments none.
    func restrictObservers(_ builder: inout QueryBuilder) {
        builder.filter(representative) { "representative_id = \($0)" }
        builder.filter(observer) { "id = \($0)" }
        builder.filter(region) { "station_id IN (SELECT id FROM stations WHERE \(RegionStore.subtree("region_id", of: $0)))" }
        if department != nil { builder.condition("false") }
    }

    /// Over `users u`: everyone for admins; for a region, the users whose binding lies in it (its staff and
    /// leaders, its representatives, observers at its stations, its departments). Other scopes list no one.
    func restrictUsers(_ builder: inout QueryBuilder) {
        if let region {
            let p = builder.bind(region)
            builder.condition(
                """
                (\(RegionStore.subtree("u.region_id", of: p))
                 OR u.representative_id IN (SELECT id FROM representatives WHERE \(RegionStore.subtree("region_id", of: p)))
                 OR u.department_id IN (SELECT id FROM departments WHERE \(RegionStore.subtree("region_id", of: p)))
                 OR u.observer_id IN (SELECT o.id FROM observers o JOIN stations st ON st.id = o.station_id
                                      WHERE \(RegionStore.subtree("st.region_id", of: p))))
                """)
        }
        if representative != nil || observer != nil || department != nil { builder.condition("false") }
    }
}

extension AccessScope {
    /// Over `suggestions g`: a representative's own and those he is asked to co-sign; a department's,
    /// through its assignments and pre-assignments; a region's, those made to its congress or one below it.
    func restrictSuggestions(_ builder: inout QueryBuilder) {
        builder.filter(representative) {
            """
            (g.representative_id = \($0) OR EXISTS (
                SELECT 1 FROM suggestion_co_signers c WHERE c.suggestion_id = g.id AND c.representative_id = \($0)))
            """
        }
        builder.filter(department) {
            """
            (EXISTS (SELECT 1 FROM assignments a WHERE a.suggestion_id = g.id AND a.department_id = \($0))
             OR EXISTS (SELECT 1 FROM suggestion_preassignments p WHERE p.suggestion_id = g.id AND p.department_id = \($0)))
            """
        }
        builder.filter(region) { RegionStore.subtree("g.region_id", of: $0) }
        if observer != nil { builder.condition("false") }
    }
}

extension AccessScope {
    /// Over `activities v`: a representative's, those he organises or takes part in; a department's, those
    /// an official of it attends or with a problem assigned to it; a region's, those of its subtree;
    /// observers none.
    func restrictActivities(_ builder: inout QueryBuilder) {
        builder.filter(representative, ActivityStore.takesPart)
        builder.filter(department) {
            """
            (v.officials @> jsonb_build_array(jsonb_build_object('department_id', \($0)::text)) OR EXISTS (
                SELECT 1 FROM activity_problems p JOIN assignments a ON a.problem_id = p.id
                WHERE p.activity_id = v.id AND a.department_id = \($0)))
            """
        }
        builder.filter(region) { RegionStore.subtree("v.region_id", of: $0) }
        if observer != nil { builder.condition("false") }
    }
}
