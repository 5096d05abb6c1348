import Foundation

extension MonthlySheet {
    /// A station's month at work (代表轮值驻站, 接待日): receptions held against the target
    /// (每月在各联络站组织开展4次以上接待活动, `MINQING_RECEPTIONS_PER_MONTH`), duty slots kept and missed,
    /// visitors, and the items filed at its receptions.
    public struct StationMonth: Codable, Sendable, Equatable {
        public var stationID: UUID
        public var stationName: String
        /// Duty slots whose reception was recorded, plus reception activities held at the station.
        public var receptions: Int
        public var receptionTarget: Int
        public var meetsTarget: Bool
        /// Slots of the month with at least one representative checked in; missed: those without.
        public var slotsKept: Int
        public var slotsMissed: Int
        /// Visitors recorded at the slots' receptions and the reception activities.
        public var visitors: Int
        /// Submissions of channel `reception` filed at the station in the month.
        public var itemsFiled: Int

        public init(
            stationID: UUID, stationName: String, receptions: Int, receptionTarget: Int, slotsKept: Int, slotsMissed: Int,
            visitors: Int, itemsFiled: Int
        ) {
            (self.stationID, self.stationName, self.receptions, self.receptionTarget) = (
                stationID, stationName, receptions, receptionTarget
            )
            meetsTarget = receptions >= receptionTarget
            (self.slotsKept, self.slotsMissed, self.visitors, self.itemsFiled) = (slotsKept, slotsMissed, visitors, itemsFiled)
        }

        enum CodingKeys: String, CodingKey {
            case stationID = "station_id", stationName = "station_name", receptions, receptionTarget = "reception_target"
            case meetsTarget = "meets_target", slotsKept = "slots_kept", slotsMissed = "slots_missed", visitors
            case itemsFiled = "items_filed"
        }
    }
}
