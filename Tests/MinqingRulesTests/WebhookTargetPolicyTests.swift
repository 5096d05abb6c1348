import MinqingRules
import Testing

/// Webhooks go to the public internet only: every spelling of an internal address is one.
@Suite struct WebhookTargetPolicyTests {
    static let internalSpellings = [
        "127.0.0.1", "127.1", "0x7f000001", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "0", "0.0.0.0",
        "[::1]", "::1", "::", "::ffff:127.0.0.1", "::ffff:7f00:1", "64:ff9b::7f00:1", "[::ffff:10.0.0.5]",
        "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "169.254.169.254",
        "fd00::1", "fc12::1", "fe80::1", "ff02::1", "224.0.0.1", "255.255.255.255",
    ]

    @Test(arguments: internalSpellings)
    func anInternalAddressIsRefusedInEveryNotation(_ host: String) {
        #expect(IPAddress(host)?.isInternal == true, "\(host) parsed as \(String(describing: IPAddress(host)))")
        #expect(WebhookTargetPolicy().refusal(host: host) != nil)
    }

    @Test func publicAddressesAndNamesPassRegistration() {
        let policy = WebhookTargetPolicy()
        for host in ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "[2001:4860::8888]", "hooks.example.com"] {
            #expect(policy.refusal(host: host) == nil, "\(host)")
        }
        for host in ["localhost", "LOCALHOST", "api.localhost", "localhost."] {
            #expect(policy.refusal(host: host) != nil, "\(host)")
        }
    }

    @Test func theOperatorsAllowListOpensOnlyWhatItNames() throws {
        let policy = WebhookTargetPolicy(allowedNetworks: try CIDR.list("127.0.0.0/8, ::1").get())
        #expect(policy.refusal(host: "127.0.0.1") == nil && policy.refusal(host: "0x7f000001") == nil)
        #expect(policy.refusal(host: "localhost") == nil && policy.refusal(host: "::ffff:127.0.0.1") == nil)
        #expect(policy.refusal(host: "[::1]") == nil)
        #expect(policy.refusal(host: "10.0.0.1") != nil && policy.refusal(host: "169.254.169.254") != nil)
    }

    @Test func networksParseAndContain() throws {
        let network = try #require(CIDR("10.8.0.0/13"))
        #expect(network.contains(IPAddress("10.15.255.255")!) && !network.contains(IPAddress("10.16.0.0")!))
        #expect(CIDR("fd00::/8")!.contains(IPAddress("fdff::1")!) && !CIDR("fd00::/8")!.contains(IPAddress("fe00::1")!))
        #expect(CIDR("10.0.0.0/33") == nil && CIDR("nonsense") == nil && CIDR("::/129") == nil)
        guard case .failure(let error) = CIDR.list("10.0.0.0/8, 300.1.1.1") else {
            Issue.record("accepted")
            return
        }
        #expect(error.entry == "300.1.1.1")
    }
}
