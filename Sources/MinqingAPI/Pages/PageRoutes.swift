import Hummingbird
import MinqingCore

/// The resident pages a scanned QR code opens (`/c/{code}`, `/t/{token}`), served beside the JSON API.
enum PageRoutes {
    static func register(on router: Router<AppRequestContext>, services: APIServices) {
        // Filled in by the resident pages feature.
    }
}
