// minqing-bench-baseline: the bare Hummingbird route that bench/codes compares the public code lookup
// against. Same framework, same server and build settings as minqing-api, but no middleware, no database and
// no OpenAPI layer: one GET route answering a small JSON body of the lookup's shape.
//
//   minqing-bench-baseline PORT        (listens on 127.0.0.1:PORT)
import Foundation
import Hummingbird

struct Card: ResponseEncodable {
    struct Person: Codable {
        let name: String
        let title: String
    }

    let code: String
    let kind: String
    let status: String
    let representative: Person
    let submitUrl: String
}

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8090
let router = Router()
router.get("/v1/codes/{code}") { _, context -> Card in
    let code = context.parameters.get("code") ?? ""
    return Card(
        code: code, kind: "representative", status: "active", representative: .init(name: "王芳", title: "区人大代表"),
        submitUrl: "http://127.0.0.1:\(port)/c/\(code)")
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "baseline"))
try await app.runService()
