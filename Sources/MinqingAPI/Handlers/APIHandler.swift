import MinqingOpenAPI

/// Implements the generated `APIProtocol`; each feature adds its operations in `APIHandler+Feature.swift`.
struct APIHandler: APIProtocol {
    let services: APIServices

    var logger: Logger { RequestScope.current.logger }
}

import Logging
