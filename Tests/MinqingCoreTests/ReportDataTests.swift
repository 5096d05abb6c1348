import Foundation
import MinqingCore
import MinqingRules
import TestSupport
import Testing

/// The snapshot types are the stored format: what the worker wrote before they existed (by string keys,
/// unknown values as `null`) must still decode, and what they write must keep those keys.
@Suite struct ReportDataTests {
    @Test func aMonthlySheetAsFirstWrittenDecodes() throws {
        let stored = """
            {"period":"2026-10","from":"2026-09-30T16:00:00Z","to":"2026-10-31T16:00:00Z","departments":[
             {"department_id":"3f1c2f8e-5d0a-4b8e-9b8a-1b2c3d4e5f60","department_name":"区住建局","items":[
              {"receipt_no":"MQ2026-000001","title":"路灯","category":"urban_rural_construction","assigned_at":"2026-10-12T01:00:00Z",
               "due_at":"2026-10-19T15:59:59Z","state_at_month_end":"pending","working_days_overdue":3,"reminders_sent":2,
               "latest_progress":null}],
             "totals":{"received":1,"replied":0,"replied_on_time":0,"overdue":1}}],
             "intake":{"received":1,"direct_from_residents":1,"direct_share":1.0,"by_category":[{"key":"城乡建设","count":1}],
                       "by_station":[],"by_channel":[{"key":"code","count":1}]}}
            """
        let sheet = try MonthlySheet.decode(json: stored)
        #expect(sheet.departments[0].items[0].stateAtMonthEnd == .pending)
        #expect(sheet.departments[0].items[0].latestProgress == nil)
        #expect(sheet.departments[0].totals.overdue == 1)
        #expect(sheet.intake?.byCategory.first?.key == "城乡建设")
        let written = try sheet.json()
        for key in [
            "\"department_id\"", "\"state_at_month_end\":\"pending\"", "\"replied_on_time\"", "\"direct_from_residents\"",
            "\"assigned_at\":\"2026-10-12T01:00:00Z\"",
        ] {
            #expect(written.contains(key), "\(key)")
        }
        #expect(try JSONValue.parse(MonthlySheet.decode(json: written).json()) == JSONValue.parse(written))
    }

    @Test func anOversightListAndAnAnnualReportAsFirstWrittenDecode() throws {
        let list = try OversightList.decode(
            json: """
                {"quarter":"2026-Q4","as_of":"2026-12-15T01:00:00Z","meeting_date":"2026-12-15","departments":[
                 {"department_id":"3f1c2f8e-5d0a-4b8e-9b8a-1b2c3d4e5f60","department_name":"区住建局","responsible_person":null,
                  "items":[{"reason":"key_item_open","receipt_no":"MQ2026-000002","title":"电梯","at":"2026-11-02T01:00:00Z"}]}]}
                """)
        #expect(list.departments[0].items[0].reason == .keyItemOpen && list.departments[0].responsiblePerson == nil)
        let annual = try AnnualReport.decode(
            json: """
                {"year":2026,"spot_check_seed":123456789,"spot_checks":3,"spot_check_share":0.1,"spot_check_minimum":3,
                 "weights":{"on_time":0.4,"satisfaction":0.4,"reopen":0.2},"departments":[
                 {"department_id":"3f1c2f8e-5d0a-4b8e-9b8a-1b2c3d4e5f60","department_name":"区住建局","assigned":4,"replied":4,
                  "replied_on_time":4,"on_time_rate":1,"satisfied":4,"basically_satisfied":0,"unsatisfied":0,"unrated":0,
                  "satisfaction_rate":1,"reopen_rate":0,"average_working_days_to_reply":1,"extensions":0,"escalations":0,
                  "score":100,"grade":"green","rank":1},
                 {"department_id":"4f1c2f8e-5d0a-4b8e-9b8a-1b2c3d4e5f60","department_name":"空单位","assigned":1,"replied":0,
                  "replied_on_time":0,"on_time_rate":0,"satisfied":0,"basically_satisfied":0,"unsatisfied":0,"unrated":0,
                  "satisfaction_rate":null,"reopen_rate":null,"average_working_days_to_reply":null,"extensions":0,"escalations":0,
                  "score":null,"grade":"none","rank":2}]}
                """)
        #expect(annual.departments.map(\.grade) == [.green, .none])
        #expect(annual.departments[1].score == nil && annual.departments[1].satisfactionRate == nil)
    }

    @Test func aDepartmentRowCarriesTheRulesRatesRounded() {
        var figures = DepartmentYearFigures.Increment()
        (figures.assigned, figures.repliedOnTime, figures.satisfied, figures.unsatisfied) = (3, 2, 2, 1)
        (figures.replyWorkingDays, figures.repliesTimed) = (7, 3)
        let row = AnnualReport.Department(
            departmentID: UUID(), departmentName: "区住建局", figures: figures, score: 71.2345,
            grade: .yellow, rank: 1)
        #expect(row.onTimeRate == 0.667 && row.satisfactionRate == 0.667 && row.reopenRate == 0.333)
        #expect(row.averageWorkingDaysToReply == 2.3 && row.score == 71.2)
    }
}
