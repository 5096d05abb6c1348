import Foundation
import Logging
import MinqingCore
import MinqingRules

/// `minqing-api seed-demo`: a realistic district modelled on the seeds (浙江省 → 杭州市 → 滨江区 → its three
/// streets; "1+3+N": 1 hub, 3 centre stations, 68 stations and points; about 200 representatives; 40
/// departments over three levels; observers; one code per representative and station; one user per role,
/// and a staff member and a leader for each level). It only fills an empty registry.
public struct DemoDistrict: Sendable {
    public struct Summary: Sendable {
        public var stations = 0
        public var representatives = 0
        public var departments = 0
        public var regions = 0
        public var observers = 0
        public var codes: [(label: String, code: String)] = []
        public var credentials: [(role: Role, username: String, password: String)] = []
    }

    let database: Database
    let config: AppConfig
    let logger: Logger

    public init(database: Database, config: AppConfig, logger: Logger) {
        self.database = database
        self.config = config
        self.logger = logger
    }

    public struct NotEmpty: Error, CustomStringConvertible {
        public var description: String { "the registry already has stations; seed-demo only fills an empty database" }
    }

    public func seed(clock: AppClock = .system) async throws -> Summary {
        let now = clock.now()
        let existing = try await database.query("SELECT count(*)::int FROM stations", logger: logger)
        guard try existing.first?.decode(Int.self) == 0 else { throw NotEmpty() }
        var random = DemoRandom(state: 2026)
        var summary = Summary()
        let regions = try await seedRegions(now: now)
        summary.regions = 3 + regions.streets.count
        let stations = try await seedStations(&random, regions: regions, now: now)
        summary.stations = stations.count
        let departments = try await seedDepartments(regions: regions, now: now)
        summary.departments = departments.count
        let representatives = try await seedRepresentatives(&random, stations: stations, regions: regions, now: now)
        summary.representatives = representatives.count
        let observers = try await seedObservers(&random, representatives: representatives, now: now)
        summary.observers = observers.count

        let codes = CodeStore(database: database, logger: logger)
        for (index, representative) in representatives.enumerated() {
            let code = try await codes.issue(kind: .representative, targetID: representative.id, now: now)
            if index < 3 { summary.codes.append(("代表 \(representative.name)", code.code)) }
        }
        for (index, station) in stations.enumerated() {
            let code = try await codes.issue(kind: .station, targetID: station.id, now: now)
            if index == 4 { summary.codes.append(("联络站 \(station.name)", code.code)) }
        }
        summary.credentials = try await seedUsers(
            representative: representatives[0], observer: observers[0], department: departments[6], regions: regions, now: now
        )
        return summary
    }

    /// The congresses of the demo: the province, the city, the district and its streets.
    struct Regions {
        var province: Region
        var city: Region
        var district: Region
        var streets: [Region]
    }

    private func seedRegions(now: Date) async throws -> Regions {
        let store = RegionStore(database: database, logger: logger)
        let province = try await store.create(.init(name: "浙江省", level: .province, divisionCode: "330000"), now: now)
        let city = try await store.create(.init(name: "杭州市", level: .city, parentID: province.id, divisionCode: "330100"), now: now)
        let district = try await store.create(.init(name: "滨江区", level: .county, parentID: city.id, divisionCode: "330108"), now: now)
        var streets: [Region] = []
        for (index, street) in DemoNames.streets.enumerated() {
            streets.append(
                try await store.create(
                    .init(name: "\(street)街道", level: .township, parentID: district.id, divisionCode: "33010800\(index + 1)"), now: now))
        }
        return Regions(province: province, city: city, district: district, streets: streets)
    }

    private func seedStations(_ random: inout DemoRandom, regions: Regions, now: Date) async throws -> [Station] {
        let store = StationStore(database: database, logger: logger)
        var all: [Station] = []
        let hub = try await store.create(
            StationChanges(
                name: "滨江区人大代表联络总站", level: .hub, category: .community, address: "杭州市滨江区江汉路1号",
                latitude: 30.2084, longitude: 120.2106,
                receptionSchedule: .init(frequency: .monthly, dayOfMonth: 10), phone: "0571-87702000",
                regionID: regions.district.id),
            now: now
        )
        all.append(hub)
        var centres: [Station] = []
        for (street, region) in zip(DemoNames.streets, regions.streets) {
            centres.append(
                try await store.create(
                    StationChanges(
                        name: "\(street)街道人大代表联络中心站", level: .centre, parentID: hub.id, category: .community,
                        address: "杭州市滨江区\(street)街道", receptionSchedule: .init(frequency: .monthly, dayOfMonth: 10),
                        phone: "0571-8770\(2100 + centres.count)", regionID: region.id),
                    now: now
                ))
        }
        all += centres
        let kinds: [(Station.Category, [String], String)] = [
            (.livelihood, DemoNames.communities, "社区"), (.industry, DemoNames.parks, ""), (.school, DemoNames.schools, ""),
            (.enterprise, DemoNames.companies, ""), (.talent, ["海归人才", "青年创业", "博士后"], ""),
            (.international, ["国际社区", "外籍人士服务"], ""), (.commonProsperity, ["共富工坊", "乡村振兴"], ""),
        ]
        var index = 0
        while all.count < 72 {
            let (category, names, suffix) = kinds[index % kinds.count]
            let base = names[(index / kinds.count) % names.count]
            let isPoint = index % 5 == 4
            let name = "\(base)\(suffix)\(index >= 40 ? "第\(index / 40 + 1)" : "")代表联络\(isPoint ? "点" : "站")"
            let centre = centres[index % centres.count]
            let schedule =
                index % 2 == 0
                ? ReceptionSchedule(frequency: .monthly, dayOfMonth: 10)
                : ReceptionSchedule(frequency: .weekly, weekday: 3, note: "下午2点至5点")
            all.append(
                try await store.create(
                    StationChanges(
                        name: name, level: isPoint ? .point : .station, parentID: centre.id, category: category,
                        address: "杭州市滨江区\(DemoNames.streets[index % centres.count])街道\(base)",
                        latitude: 30.18 + Double(random.next() % 600) / 10_000,
                        longitude: 120.15 + Double(random.next() % 900) / 10_000,
                        receptionSchedule: schedule, phone: "0571-8\(7_000_000 + index)",
                        regionID: regions.streets[index % centres.count].id),
                    now: now
                ))
            index += 1
        }
        return all
    }

    private func seedDepartments(regions: Regions, now: Date) async throws -> [Department] {
        let store = DepartmentStore(database: database, logger: logger)
        var all: [Department] = []
        var city: [Department] = []
        for name in DemoNames.cityDepartments {
            city.append(
                try await store.create(
                    .init(name: name, level: .city, contactPerson: "办公室", phone: "0571-85250000", regionID: regions.city.id), now: now))
        }
        var county: [Department] = []
        for (index, name) in DemoNames.countyDepartments.enumerated() {
            let parent = index < city.count ? city[index].id : nil
            county.append(
                try await store.create(
                    .init(
                        name: name, level: .county, parentID: parent, contactPerson: "督办联络员", phone: "0571-8770\(3000 + index)",
                        regionID: regions.district.id),
                    now: now
                ))
        }
        var township: [Department] = []
        let offices = ["城管中队", "社会事务办", "平安办", "城建办"]
        for (street, region) in zip(DemoNames.streets, regions.streets) {
            let parent = try await store.create(
                .init(name: "\(street)街道办事处", level: .township, parentID: county[6].id, contactPerson: "党政办", regionID: region.id),
                now: now
            )
            township.append(parent)
            for office in offices where township.count < 14 {
                township.append(
                    try await store.create(
                        .init(
                            name: "\(street)街道\(office)", level: .township, parentID: county[4].id, contactPerson: "\(office)负责人",
                            regionID: region.id),
                        now: now
                    ))
            }
        }
        all = city + county + township
        return all
    }

    /// Each representative belongs to the congress that elected him: national ones to the province's,
    /// provincial ones to the city's, city and county ones to the district's, township ones to their street's.
    private func seedRepresentatives(
        _ random: inout DemoRandom, stations: [Station], regions: Regions, now: Date
    ) async throws -> [Representative] {
        let store = RepresentativeStore(database: database, logger: logger)
        let levels: [(Representative.Level, Int)] = [(.national, 2), (.provincial, 8), (.city, 30), (.county, 100), (.township, 60)]
        var all: [Representative] = []
        for (level, count) in levels {
            for _ in 0..<count {
                let home = stations[3 + Int(random.next() % UInt64(stations.count - 3))]
                let sector = random.pick(DemoNames.sectors)
                let further = random.next() % 4 == 0 ? [stations[1 + Int(random.next() % 3)].id] : []
                let electedBy =
                    switch level {
                    case .national: regions.province.id
                    case .provincial: regions.city.id
                    case .city, .county: regions.district.id
                    case .township: home.regionID
                    }
                all.append(
                    try await store.create(
                        .init(
                            name: random.personName(), level: level, sector: sector, homeStationID: home.id, stationIDs: further,
                            bio: "\(sector)界别代表，长期关注\(random.pick(["加装电梯", "停车难", "老旧小区改造", "学位供给", "养老服务", "垃圾分类"]))等民生问题。",
                            phone: "1\(random.pick(["38", "39", "58", "86", "77"]))\(String(format: "%08d", random.next() % 100_000_000))",
                            termEndsOn: "2027-01-31",
                            regionID: electedBy),
                        now: now
                    ))
            }
        }
        return all
    }

    private func seedObservers(_ random: inout DemoRandom, representatives: [Representative], now: Date) async throws -> [Observer] {
        let store = ObserverStore(database: database, logger: logger)
        var all: [Observer] = []
        for index in 0..<300 {
            let representative = representatives[index % representatives.count]
            all.append(
                try await store.create(
                    .init(
                        name: random.personName(), roleText: random.pick(DemoNames.observerRoles),
                        representativeID: representative.id, stationID: representative.homeStationID),
                    now: now
                ))
        }
        return all
    }

    private func seedUsers(
        representative: Representative, observer: Observer, department: Department, regions: Regions, now: Date
    ) async throws -> [(role: Role, username: String, password: String)] {
        let hasher = PasswordHasher(cost: config.bcryptCost)
        let store = UserStore(database: database, logger: logger)
        var accounts: [UserStore.NewUser] = [
            .init(username: "admin", passwordHash: "", role: .admin),
            .init(username: "daibiao", passwordHash: "", role: .representative, representativeID: representative.id),
            .init(username: "guanchayuan", passwordHash: "", role: .observer, observerID: observer.id),
            .init(username: "bumen", passwordHash: "", role: .department, departmentID: department.id),
        ]
        // a staff member and a leader of each level's congress (the first street for the township level)
        for (name, region) in [
            ("zhejiang", regions.province), ("hangzhou", regions.city), ("binjiang", regions.district), ("xixing", regions.streets[0]),
        ] {
            accounts.append(.init(username: "gongzuo-\(name)", passwordHash: "", role: .staff, regionID: region.id))
            accounts.append(.init(username: "lingdao-\(name)", passwordHash: "", role: .leader, regionID: region.id))
        }
        var credentials: [(role: Role, username: String, password: String)] = []
        for var account in accounts {
            let password = SecretToken.make(bytes: 9)
            account.passwordHash = try await hasher.hash(password)
            _ = try await store.create(account, now: now)
            let (role, username) = (account.role, account.username)
            credentials.append((role, username, password))
        }
        return credentials
    }
}
