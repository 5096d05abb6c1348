import Foundation

/// What a caller can reach, as restrictions that each store turns into its own SQL predicate (the
/// `AccessScope+SQL` extensions in MinqingCore). `nil` on a dimension means "not restricted by it"; the
/// next dimension (a region subtree) is one more field here and one more predicate per store.
public struct AccessScope: Sendable, Equatable {
    /// Only what came in through this representative's codes and stations, or concerns him.
    public var representative: UUID?
    /// Only what this observer filed, or the observer himself.
    public var observer: UUID?
    /// Only this department's work: its assignments, its report rows, its webhook endpoints.
    public var department: UUID?

    public init(representative: UUID? = nil, observer: UUID? = nil, department: UUID? = nil) {
        self.representative = representative
        self.observer = observer
        self.department = department
    }

    /// No restriction at all (admins).
    public static let everything = AccessScope()

    public var isEverything: Bool { self == .everything }
}

extension AccessScope {
    /// The owners of one object along the scope's dimensions (nil: the object has none on that one).
    public struct Owners: Sendable, Equatable {
        public var representative: UUID?
        public var observer: UUID?
        public var department: UUID?

        public init(representative: UUID? = nil, observer: UUID? = nil, department: UUID? = nil) {
            self.representative = representative
            self.observer = observer
            self.department = department
        }
    }

    /// The object is reachable when it matches every dimension the scope restricts.
    public func reaches(_ owners: Owners) -> Bool {
        (representative == nil || representative == owners.representative)
            && (observer == nil || observer == owners.observer)
            && (department == nil || department == owners.department)
    }
}
