/// The levels of people's congresses, from the top: province (省), city (市), county or district (县/区),
/// township or street (乡镇/街道).
public enum RegionLevel: String, Sendable, CaseIterable, Comparable {
    case province, city, county, township

    /// 0 at the top.
    public var depth: Int { Self.allCases.firstIndex(of: self)! }

    /// A region's level must be below its parent's (a city under a province, never a city under a city).
    public func mayBeChild(of parent: RegionLevel) -> Bool { depth > parent.depth }

    public static func < (lhs: RegionLevel, rhs: RegionLevel) -> Bool { lhs.depth < rhs.depth }

    /// 行政区划代码: 6 digits for a province, city or county, 9 for a township.
    public static func isDivisionCode(_ text: String) -> Bool {
        (text.utf8.count == 6 || text.utf8.count == 9) && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
