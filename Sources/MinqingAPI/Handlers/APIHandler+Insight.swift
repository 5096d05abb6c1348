import Foundation
import MinqingCore
import MinqingOpenAPI
import MinqingRules
import OpenAPIRuntime

/// Insight: hot words (民意热词), as JSON and as a printable chart.
extension APIHandler {
    var insights: InsightStore { InsightStore(database: services.database, logger: logger) }

    func getHotWords(_ input: Operations.GetHotWords.Input) async throws -> Operations.GetHotWords.Output {
        let (query, words) = try await hotWords(input.query)
        return .ok(
            .init(
                body: .json(
                    .init(
                        from: query.period.lowerBound, to: query.period.upperBound, previousFrom: query.previous.lowerBound,
                        items: words.map(Components.Schemas.HotWord.init)))))
    }

    func getHotWordsChart(_ input: Operations.GetHotWordsChart.Input) async throws -> Operations.GetHotWordsChart.Output {
        let (query, words) = try await hotWords(input.query)
        let day = { (date: Date) in WorkingCalendar.Day(date, in: self.services.calendar).key }
        let chart = RankedBarChart(
            title: "民意热词", subtitle: "\(day(query.period.lowerBound)) 至 \(day(query.period.upperBound.addingTimeInterval(-1))) · 按涉及件数排序",
            bars: words.map { word in
                let change = word.change == 0 ? "持平" : word.change > 0 ? "↑\(word.change)" : "↓\(-word.change)"
                return .init(label: word.term, value: Double(word.items), note: "\(word.items) 件 · 较上期 \(change)")
            })
        return .ok(.init(body: .imageSvgXml(HTTPBody(chart.render()))))
    }

    /// The query's filters checked — the period and limit by ``InsightPeriod``, the region within the
    /// caller's reach — and its hot words.
    func hotWords(_ q: some HotWordsParameters) async throws -> (HotWordsQuery, [HotWord]) {
        var v = FieldValidator()
        let region = v.id(q.regionId, "region_id")
        let station = v.id(q.stationId, "station_id")
        let representative = v.id(q.representativeId, "representative_id")
        try v.check()
        let period = try InsightPeriod.resolve(from: q.from, to: q.to, now: now)
        let limit = try InsightPeriod.limit(q.limit)
        if let region { try await regions.require(region, within: try scope.region, field: "region_id") }
        let query = HotWordsQuery(
            region: region, station: station, representative: representative, category: q.category, period: period, limit: limit)
        return (query, try await insights.hotWords(query, within: try scope))
    }
}

/// The filters both hot-words operations take (their generated query types have the same fields).
protocol HotWordsParameters {
    var regionId: String? { get }
    var from: Date? { get }
    var to: Date? { get }
    var category: String? { get }
    var stationId: String? { get }
    var representativeId: String? { get }
    var limit: Int? { get }
}

extension Operations.GetHotWords.Input.Query: HotWordsParameters {}
extension Operations.GetHotWordsChart.Input.Query: HotWordsParameters {}

extension Components.Schemas.HotWord {
    init(_ word: HotWord) {
        self.init(
            term: word.term, count: word.count, items: word.items, previousCount: word.previousCount, previousItems: word.previousItems,
            change: word.change, examples: word.examples.map { .init(kind: .init(rawValue: $0.kind.rawValue)!, id: $0.id.text) })
    }
}

extension APIHandler {
    func getSimilarItems(_ input: Operations.GetSimilarItems.Input) async throws -> Operations.GetSimilarItems.Output {
        let id = try pathID(input.path.id, "Submission")
        var v = FieldValidator()
        v.range(input.query.limit, "limit", 1...50)
        try v.check()
        let items = try await SimilarItems(database: services.database, logger: logger).similar(
            to: id, within: try scope, now: now, limit: input.query.limit ?? 10)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.SimilarItem.init)))))
    }
}

extension Components.Schemas.SimilarItem {
    init(_ item: SimilarItem) {
        self.init(
            kind: .init(rawValue: item.kind.rawValue)!, id: item.id.text, label: item.label, title: item.title, status: item.status,
            category: item.category, stationId: item.stationID?.text, createdAt: item.createdAt,
            score: (item.score * 1000).rounded() / 1000,
            sharedTerms: item.sharedTerms)
    }
}

extension APIHandler {
    func getClusters(_ input: Operations.GetClusters.Input) async throws -> Operations.GetClusters.Output {
        let q = input.query
        var v = FieldValidator()
        let region = v.id(q.regionId, "region_id")
        v.range(q.minSize, "min_size", 2...100)
        try v.check()
        let period = try InsightPeriod.resolve(from: q.from, to: q.to, now: now)
        if let region { try await regions.require(region, within: try scope.region, field: "region_id") }
        let clusters = try await insights.clusters(
            region: region, period: period, minimum: q.minSize ?? Clustering.defaultMinimum, within: try scope)
        return .ok(
            .init(
                body: .json(
                    .init(
                        from: period.lowerBound, to: period.upperBound,
                        items: clusters.map { cluster in
                            .init(
                                term: cluster.term, commonTerms: cluster.commonTerms, size: cluster.members.count,
                                stationIds: cluster.stations.map(\.text),
                                items: cluster.members.map {
                                    .init(
                                        id: $0.id.text, receiptNo: $0.receiptNo, title: $0.title, stationId: $0.stationID?.text,
                                        createdAt: $0.createdAt)
                                })
                        }))))
    }
}
