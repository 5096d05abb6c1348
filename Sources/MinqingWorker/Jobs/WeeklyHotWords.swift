import Foundation
import MinqingCore
import MinqingRules
import PostgresNIO

/// Every Monday at 08:30 (`latest_only`: a worker that was down sends only the last week): each active
/// representative's top terms of the past week (Monday to Sunday) from the items through his codes and
/// stations, with the change against the week before, to his inbox and the webhooks. The ledger runs the
/// week once, and the notices are written in its transaction, so each representative hears once a week.
enum WeeklyHotWords {
    static let name = "hot_words_weekly"
    static let terms = 5

    static func kind() -> JobKind {
        JobKind(name: name, schedule: .weekly(hour: 8, minute: 30), policy: .latestOnly, lease: .seconds(600)) { context, connection in
            let local = context.calendar
            let (year, month, day) = local.ymd(context.nominalAt)
            let week = local.date(year: year, month: month, day: day - 7)..<local.date(year: year, month: month, day: day)
            let representatives = try await connection.query(
                "SELECT id FROM representatives WHERE active ORDER BY id", logger: context.logger
            ).collect().map { try $0.decode(UUID.self) }
            var sent = 0
            for representative in representatives {
                let words = try await InsightStore.hotWords(
                    HotWordsQuery(representative: representative, period: week, limit: terms), within: .everything, on: connection,
                    logger: context.logger)
                guard !words.isEmpty else { continue }
                try await Notifier.notify(
                    notice(words, week: week, local: local), to: [Recipients.representative(representative)], now: context.clock.now(),
                    on: connection, logger: context.logger)
                sent += 1
            }
            context.logger.info("weekly hot words", metadata: ["week": "\(context.periodKey)", "representatives": "\(sent)"])
        }
    }

    static func notice(_ words: [HotWord], week: Range<Date>, local: LocalCalendar) -> MinqingCore.Notification {
        let from = WorkingCalendar.Day(week.lowerBound, in: local).key
        let lines = words.map { word in
            let change = word.change == 0 ? "持平" : word.change > 0 ? "增加\(word.change)件" : "减少\(-word.change)件"
            return "\(word.term)：\(word.items)件（较上周\(change)）"
        }
        return MinqingCore.Notification(
            kind: .hotWordsWeekly, title: "本周民意热词：" + words.prefix(3).map(\.term).joined(separator: "、"),
            body: "您所在联络站上周（\(from)起）群众反映最多的是：\n" + lines.joined(separator: "\n") + "\n建议结合民意热词提出代表建议，从解决一个问题转向解决一类问题。",
            data: [
                "week_from": .string(from),
                "terms": .array(
                    words.map { word in
                        .object(["term": .string(word.term), "items": .int(word.items), "change": .int(word.change)])
                    }),
            ])
    }
}
