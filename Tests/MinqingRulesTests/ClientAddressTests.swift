import MinqingRules
import Testing

/// The client behind trusted proxies, and nobody else's word for it.
@Suite struct ClientAddressTests {
    let proxies = try! CIDR.list("10.0.0.0/8, ::1").get()

    @Test func anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
        #expect(ClientAddress.resolve(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"], forwarded: [], trusted: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: ["1.2.3.4"], forwarded: [], trusted: []) == "10.0.0.5")
    }

    @Test func behindTrustedProxiesTheFirstUntrustedHopFromTheRightIsTheClient() {
        // the client wrote a fake first entry; nginx appended the real one; an inner proxy forwarded it
        let chain = ["6.6.6.6, 198.51.100.7", "10.0.0.3"]
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: chain, forwarded: [], trusted: proxies) == "198.51.100.7")
        #expect(ClientAddress.resolve(peer: "::1", forwardedFor: ["2001:db8::7"], forwarded: [], trusted: proxies) == "2001:db8::7")
        // every hop a proxy: the outermost one
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: ["10.0.0.9"], forwarded: [], trusted: proxies) == "10.0.0.9")
        // no header: the proxy itself
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: [], trusted: proxies) == "10.0.0.5")
        // garbage stops the walk at the last good hop
        #expect(
            ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: ["198.51.100.7, nonsense"], forwarded: [], trusted: proxies) == "10.0.0.5"
        )
    }

    @Test func theStandardForwardedHeaderIsReadWhenThereIsNoXForwardedFor() {
        let forwarded = [#"for=198.51.100.7;proto=https, for="[2001:db8::1]:4711""#]
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: forwarded, trusted: proxies) == "2001:db8::1")
        #expect(
            ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: [], forwarded: ["for=192.0.2.60:8080"], trusted: proxies) == "192.0.2.60")
    }
}
