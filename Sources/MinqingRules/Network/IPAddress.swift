import Foundation

/// An IPv4 or IPv6 address, parsed by the C library: IPv4 in every notation `inet_aton` accepts
/// (`127.0.0.1`, `127.1`, `0x7f000001`, `2130706433`, `0177.0.0.1`), IPv6 as `inet_pton` reads it, with or
/// without brackets. IPv4-mapped and NAT64 IPv6 addresses are judged by the IPv4 address inside them.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6([UInt8])

    public init?(_ text: String) {
        var host = text
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, host, &raw) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: &raw) { Array($0) })
        } else {
            var raw = in_addr()
            guard !host.isEmpty, inet_aton(host, &raw) != 0 else { return nil }
            self = .v4(UInt32(bigEndian: raw.s_addr))
        }
    }

    public var description: String {
        switch self {
        case .v4(let value): return [24, 16, 8, 0].map { String((value >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        case .v6(let bytes):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            return inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)).map { String(cString: $0) } ?? "?"
        }
    }

    /// The IPv4 address an IPv4-mapped (`::ffff:a.b.c.d`) or NAT64 (`64:ff9b::a.b.c.d`) address carries.
    public var embeddedIPv4: IPAddress? {
        guard case .v6(let b) = self else { return nil }
        let mapped = b[0..<10].allSatisfy { $0 == 0 } && b[10] == 0xFF && b[11] == 0xFF
        let nat64 = b[0..<4] == [0x00, 0x64, 0xFF, 0x9B] && b[4..<12].allSatisfy { $0 == 0 }
        guard mapped || nat64 else { return nil }
        return .v4(UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15]))
    }

    /// Not on the public internet: loopback, unspecified, private, carrier-grade NAT, link-local (with the
    /// cloud metadata address 169.254.169.254), unique-local, multicast, benchmarking and reserved ranges.
    public var isInternal: Bool {
        if let inner = embeddedIPv4 { return inner.isInternal }
        return Self.internalRanges.contains { $0.contains(self) }
    }

    static let internalRanges: [CIDR] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32", "100::/64",
    ].map { CIDR($0)! }
}

/// A network in CIDR notation (`10.0.0.0/8`, `fd00::/8`; a bare address is a network of one).
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1).map(String.init)
        guard let first = parts.first, let address = IPAddress(first) else { return nil }
        let bits = if case .v4 = address { 32 } else { 128 }
        let prefix = parts.count == 2 ? Int(parts[1]) : bits
        guard let prefix, (0...bits).contains(prefix) else { return nil }
        (self.address, self.prefix) = (address, prefix)
    }

    public var description: String { "\(address)/\(prefix)" }

    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4(let network), .v4(let value)):
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
            return network & mask == value & mask
        case (.v6(let network), .v6(let value)):
            for bit in 0..<prefix where (network[bit / 8] ^ value[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
            return true
        case (.v4, .v6):
            return candidate.embeddedIPv4.map(contains) ?? false
        case (.v6, .v4):
            return false
        }
    }

    /// Parses a comma-separated list, or names the first entry that is not a network.
    public static func list(_ text: String) -> Result<[CIDR], ListError> {
        var networks: [CIDR] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let network = CIDR(entry) else { return .failure(ListError(entry: entry)) }
            networks.append(network)
        }
        return .success(networks)
    }

    public struct ListError: Error, Sendable {
        public let entry: String
    }
}
