import Foundation

/// A duty slot of a station's rota (代表轮值驻站): a local date, a time span on it, the representatives on
/// duty. Times are minutes after local midnight.
public struct DutySlot: Sendable, Equatable {
    public var id: UUID?
    public var date: String
    public var from: Int
    public var to: Int
    public var representativeIDs: [UUID]

    public init(id: UUID? = nil, date: String, from: Int, to: Int, representativeIDs: [UUID]) {
        (self.id, self.date, self.from, self.to, self.representativeIDs) = (id, date, from, to, representativeIDs)
    }

    /// `HH:mm` → minutes after midnight; nil when malformed.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    public static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}

/// The rules of a month's rota, one refusal per field (`slots[2].date`): every slot lies in its month and
/// ends after it starts, names at least one representative, and no representative has two slots that
/// overlap — in this rota or at another station (`elsewhere`: his other slots that month).
public enum DutyRota {
    public struct Busy: Sendable, Equatable {
        public var representativeID: UUID
        public var date: String
        public var from: Int
        public var to: Int

        public init(representativeID: UUID, date: String, from: Int, to: Int) {
            (self.representativeID, self.date, self.from, self.to) = (representativeID, date, from, to)
        }
    }

    public static func check(_ slots: [DutySlot], month: String, elsewhere: [Busy] = []) throws(DomainError) {
        var v = FieldValidator()
        var taken = elsewhere
        for (index, slot) in slots.enumerated() {
            let field = "slots[\(index)]"
            if !slot.date.hasPrefix(month + "-") { v.add("\(field).date", "must be a day of \(month)") }
            if slot.representativeIDs.isEmpty { v.add("\(field).representative_ids", "must name at least one representative") }
            if slot.to <= slot.from {
                v.add("\(field).to", "must be after from")
                continue  // no span to overlap with
            }
            for representative in slot.representativeIDs {
                if taken.contains(where: {
                    $0.representativeID == representative && $0.date == slot.date && $0.from < slot.to && slot.from < $0.to
                }) {
                    v.add("\(field).representative_ids", "has a representative already on duty at that time")
                    break
                }
            }
            taken += slot.representativeIDs.map { Busy(representativeID: $0, date: slot.date, from: slot.from, to: slot.to) }
        }
        try v.check()
    }

    /// The slot days whose representatives are reminded on `today` (a working day): those after it up to
    /// the next working day, so a slot on a weekend or holiday is reminded on the working day before it.
    public static func remindedDays(on today: WorkingCalendar.Day, calendar: WorkingCalendar) -> (
        after: WorkingCalendar.Day, through: WorkingCalendar.Day
    ) {
        var next = calendar.next(today)
        while !calendar.isWorkingDay(next) { next = calendar.next(next) }
        return (today, next)
    }
}
