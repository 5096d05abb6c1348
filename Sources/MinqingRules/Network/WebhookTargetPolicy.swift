import Foundation

/// Where webhooks may be delivered: the public internet only, unless the operator allows internal networks
/// (`MINQING_WEBHOOK_ALLOWED_NETWORKS`). A department user must not make the worker POST to the machine
/// itself, the private network or the cloud metadata service (server-side request forgery).
///
/// Asked twice: at registration, of the URL's host as written (an address literal in any notation, or a
/// name that always means this machine), and at each delivery, of every address the host resolves to then.
public struct WebhookTargetPolicy: Sendable, Equatable {
    public var allowedNetworks: [CIDR]

    public init(allowedNetworks: [CIDR] = []) {
        self.allowedNetworks = allowedNetworks
    }

    /// Why `host` (as the URL writes it) is refused at registration; nil when it may be registered. A name
    /// other than localhost is judged when it is resolved, at delivery.
    public func refusal(host: String) -> String? {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        if name == "localhost" || name.hasSuffix(".localhost") {
            return allowedNetworks.contains(where: { $0.contains(.v4(0x7F00_0001)) }) ? nil : "must not point at this machine"
        }
        guard let address = IPAddress(host) else { return nil }
        return refusal(address: address)
    }

    /// Why delivering to `address` is refused; nil when it is allowed.
    public func refusal(address: IPAddress) -> String? {
        guard address.isInternal, !allowedNetworks.contains(where: { $0.contains(address) }) else { return nil }
        return "\(address) is an internal address (loopback, private, link-local or reserved)"
    }
}
