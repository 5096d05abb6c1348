// The measuring part of bench/snapshot-json/run.sh; the types are pasted in front of it from Sources.
let t0 = Date(timeIntervalSince1970: 1_790_000_000)
var deps: [MonthlySheet.Department] = []
var jdeps: [JSONValue] = []
for d in 0..<2000 {
    var sheet = MonthlySheet.Department(departmentID: UUID(), departmentName: "部门\(d)")
    var items: [JSONValue] = []
    for i in 0..<75 {
        sheet.items.append(.init(receiptNo: "MQ2026-\(d * 75 + i)", title: "路灯不亮请尽快处理问题\(i)", category: "urban_rural_construction",
            assignedAt: t0, dueAt: t0, stateAtMonthEnd: .pending, workingDaysOverdue: 3, remindersSent: 2, latestProgress: i % 3 == 0 ? nil : "已勘查"))
        items.append(.object(["receipt_no": .string("MQ2026-\(d * 75 + i)"), "title": .string("路灯不亮请尽快处理问题\(i)"), "category": .string("urban_rural_construction"),
            "assigned_at": .date(t0), "due_at": .date(t0), "state_at_month_end": .string("pending"), "working_days_overdue": .int(3), "reminders_sent": .int(2),
            "latest_progress": i % 3 == 0 ? .null : .string("已勘查")]))
    }
    deps.append(sheet)
    jdeps.append(.object(["department_id": .id(sheet.departmentID), "department_name": .string(sheet.departmentName), "items": .array(items),
        "totals": .object(["received": .int(1), "replied": .int(1), "replied_on_time": .int(1), "overdue": .int(1)])]))
}
let report = MonthlySheet(period: "2026-12", from: t0, to: t0, departments: deps, intake: nil)
let jreport = JSONValue.object(["period": .string("2026-12"), "departments": .array(jdeps)])
func time(_ label: String, _ body: () throws -> Int) rethrows {
    var best = Double.infinity; var size = 0
    for _ in 0..<3 { let s = Date(); size = try body(); best = min(best, Date().timeIntervalSince(s)) }
    print(label, String(format: "%.3f s", best), size, "bytes")
}
time("JSONValue.text (today's writer)") { jreport.text.utf8.count }
time("JSONEncoder typed, unsorted") { let e = JSONEncoder(); e.dateEncodingStrategy = .iso8601; return try! e.encode(report).count }
let data = { let e = JSONEncoder(); e.dateEncodingStrategy = .iso8601; return try! e.encode(report) }()
time("JSONDecoder typed") { let d = JSONDecoder(); d.dateDecodingStrategy = .iso8601; return try! d.decode(MonthlySheet.self, from: data).departments.count }
