import Foundation
import MinqingRules

/// Resolves a host name to its addresses with the C library's `getaddrinfo` (which reads /etc/hosts and
/// DNS as every other program on the machine does), off the cooperative threads since it blocks.
enum HostResolver {
    struct Failure: Error, CustomStringConvertible {
        let host: String
        let code: Int32
        var description: String { "cannot resolve \(host): \(String(cString: gai_strerror(code)))" }
    }

    static func addresses(of host: String) async throws -> [IPAddress] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try lookup(host) })
            }
        }
    }

    private static func lookup(_ host: String) throws -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &list)
        guard code == 0 else { throw Failure(host: host, code: code) }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var node = list
        while let entry = node?.pointee {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if let address = entry.ai_addr,
                getnameinfo(address, entry.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0,
                let parsed = IPAddress(String(cString: buffer).split(separator: "%").first.map(String.init) ?? "")
            {
                addresses.append(parsed)
            }
            node = entry.ai_next
        }
        return addresses
    }
}
