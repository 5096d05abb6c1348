import Foundation

/// Who the client is when proxies stand between: the direct peer, unless the peer is a trusted proxy
/// (`MINQING_TRUSTED_PROXIES`), in which case the forwarding headers are read from the nearest hop outwards
/// and the first address that is not itself a trusted proxy is the client. A header from an untrusted peer
/// is ignored (anyone can write one); a malformed entry stops the walk at the last good hop.
public enum ClientAddress {
    /// - Parameters:
    ///   - peer: the address of the connection's other end.
    ///   - forwardedFor: the `X-Forwarded-For` values, in order (nginx: `$proxy_add_x_forwarded_for`).
    ///   - forwarded: the RFC 7239 `Forwarded` values, read when there is no `X-Forwarded-For`.
    public static func resolve(peer: String, forwardedFor: [String], forwarded: [String], trusted: [CIDR]) -> String {
        guard !trusted.isEmpty, !(forwardedFor.isEmpty && forwarded.isEmpty), let peerAddress = IPAddress(peer),
            trusted.contains(where: { $0.contains(peerAddress) })
        else {
            return peer
        }
        let hops = forwardedFor.isEmpty ? forwarded.flatMap(forElements) : forwardedFor.flatMap { $0.split(separator: ",") }.map(trim)
        var client = peer
        for hop in hops.reversed() {
            guard let address = IPAddress(hop) else { break }
            client = address.description
            if !trusted.contains(where: { $0.contains(address) }) { break }
        }
        return client
    }

    /// The `for=` nodes of `Forwarded` values (`for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`),
    /// without quotes and ports.
    static func forElements(_ value: String) -> [String] {
        value.split(separator: ",").compactMap { element in
            element.split(separator: ";").map(trim).first { $0.lowercased().hasPrefix("for=") }.map { pair in
                var node = String(pair.dropFirst(4)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if node.hasPrefix("["), let end = node.firstIndex(of: "]") {
                    node = String(node[node.index(after: node.startIndex)..<end])
                } else if node.filter({ $0 == ":" }).count == 1, let colon = node.firstIndex(of: ":") {
                    node = String(node[..<colon])
                }
                return node
            }
        }
    }

    private static func trim<S: StringProtocol>(_ text: S) -> String { text.trimmingCharacters(in: .whitespaces) }
}
