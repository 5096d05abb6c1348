import Foundation

/// Graded handling (分级办理) in a period, for one region of a report's subtree: what was filed there, what
/// it closed itself, what it closed after a region below referred it up, and what it referred to the
/// region above.
public struct RegionHandling: Codable, Sendable, Equatable {
    public var regionID: UUID
    public var regionName: String
    /// Filed in the period with this region as the origin.
    public var received: Int
    /// Closed in the period here, where they were filed.
    public var closedAtOwnLevel: Int
    /// Closed in the period here after coming up from a region below.
    public var closedOnReferral: Int
    /// Referred from here to the region above in the period.
    public var referredUp: Int

    public init(
        regionID: UUID, regionName: String, received: Int = 0, closedAtOwnLevel: Int = 0, closedOnReferral: Int = 0,
        referredUp: Int = 0
    ) {
        (self.regionID, self.regionName, self.received) = (regionID, regionName, received)
        (self.closedAtOwnLevel, self.closedOnReferral, self.referredUp) = (closedAtOwnLevel, closedOnReferral, referredUp)
    }

    enum CodingKeys: String, CodingKey {
        case regionID = "region_id", regionName = "region_name", received, closedAtOwnLevel = "closed_at_own_level"
        case closedOnReferral = "closed_on_referral", referredUp = "referred_up"
    }
}
