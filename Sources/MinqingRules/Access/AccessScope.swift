import Foundation

/// What a caller can reach, as restrictions that each store turns into its own SQL predicate (the
/// `AccessScope+SQL` extensions in MinqingCore). `nil` on a dimension means "not restricted by it".
public struct AccessScope: Sendable, Equatable {
    /// Only what came in through this representative's codes and stations, or concerns him.
    public var representative: UUID?
    /// Only what this observer filed, or the observer himself.
    public var observer: UUID?
    /// Only this department's work: its assignments, its report rows, its webhook endpoints.
    public var department: UUID?
    /// Only what belongs to this region or a region below it (staff and leaders).
    public var region: UUID?

    public init(representative: UUID? = nil, observer: UUID? = nil, department: UUID? = nil, region: UUID? = nil) {
        self.representative = representative
        self.observer = observer
        self.department = department
        self.region = region
    }

    /// No restriction at all (admins).
    public static let everything = AccessScope()

    public var isEverything: Bool { self == .everything }
}

extension AccessScope {
    /// Whether one object is reachable: it must match every dimension the scope restricts. The arguments are
    /// the object's owners along the dimensions (nil: it has none on that one, so a scope restricted there
    /// does not reach it); along the region dimension, the object's region and the regions above it.
    public func reaches(
        representative owner: UUID? = nil, observer filer: UUID? = nil, department handler: UUID? = nil,
        regionPath: [UUID]? = nil
    ) -> Bool {
        (representative == nil || representative == owner)
            && (observer == nil || observer == filer)
            && (department == nil || department == handler)
            && (region.map { regionPath?.contains($0) == true } ?? true)
    }
}
