import Foundation
import MinqingCore
import MinqingRules
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A local webhook receiver on 127.0.0.1 (port chosen by the system): verifies every request's Standard
/// Webhooks signature, records it, and answers from a script (then 200).
final class WebhookTestReceiver: Sendable {
    struct Received: Sendable {
        let id: String
        let timestamp: String
        let signature: String
        let body: String
        let verified: Bool
        let contentType: String?
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        static let ok = Reply(status: 200)
    }

    private struct State {
        var secret = ""
        var received: [Received] = []
        var script: [Reply] = []
        var fallback = Reply.ok
        var delay: TimeAmount = .zero
    }

    private let state = Mutex(State())
    private let channel: Mutex<(any NIOCore.Channel)?> = Mutex(nil)
    private let boundPort = Mutex(0)

    var port: Int { boundPort.withLock { $0 } }

    var url: String { "http://127.0.0.1:\(port)/hooks" }

    static func start() async throws -> WebhookTestReceiver {
        let receiver = WebhookTestReceiver()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(receiver: receiver))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        receiver.boundPort.withLock { $0 = channel.localAddress?.port ?? 0 }
        receiver.channel.withLock { $0 = channel }
        return receiver
    }

    func shutdown() async {
        let channel = channel.withLock { $0 }
        try? await channel?.close()
    }

    /// Runs `body` with a started receiver, closing it afterwards.
    static func with<T: Sendable>(_ body: (WebhookTestReceiver) async throws -> T) async throws -> T {
        let receiver = try await start()
        do {
            let result = try await body(receiver)
            await receiver.shutdown()
            return result
        } catch {
            await receiver.shutdown()
            throw error
        }
    }

    /// The secret signatures are checked against (the endpoint's, once created).
    func expect(secret: String) { state.withLock { $0.secret = secret } }
    /// The next answers, in order; afterwards `fallback`.
    func script(_ replies: [Reply], fallback: Reply = .ok) {
        state.withLock {
            $0.script = replies
            $0.fallback = fallback
        }
    }
    func delayReplies(_ delay: TimeAmount) { state.withLock { $0.delay = delay } }

    var received: [Received] { state.withLock { $0.received } }
    /// How many times each webhook-id arrived.
    var countsByID: [String: Int] { received.reduce(into: [:]) { $0[$1.id, default: 0] += 1 } }

    fileprivate func handle(_ head: HTTPRequestHead, body: String) -> (Reply, TimeAmount) {
        state.withLock { state in
            let id = head.headers.first(name: "webhook-id") ?? ""
            let timestamp = head.headers.first(name: "webhook-timestamp") ?? ""
            let signature = head.headers.first(name: "webhook-signature") ?? ""
            let verified = WebhookSignature.verify(
                id: id, timestamp: timestamp, body: Array(body.utf8), signatures: signature, secret: state.secret
            )
            state.received.append(
                Received(
                    id: id, timestamp: timestamp, signature: signature, body: body, verified: verified,
                    contentType: head.headers.first(name: "content-type")))
            let reply = state.script.isEmpty ? state.fallback : state.script.removeFirst()
            return (reply, state.delay)
        }
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let receiver: WebhookTestReceiver
        var head: HTTPRequestHead?
        var body = ByteBuffer()

        init(receiver: WebhookTestReceiver) { self.receiver = receiver }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                guard let head else { return }
                let (reply, delay) = receiver.handle(head, body: String(buffer: body))
                var headers = HTTPHeaders()
                headers.add(name: "content-length", value: "0")
                for (name, value) in reply.headers { headers.add(name: name, value: value) }
                let response = HTTPResponseHead(version: head.version, status: .init(statusCode: reply.status), headers: headers)
                let bound = NIOLoopBound((context, self), eventLoop: context.eventLoop)
                let write: @Sendable () -> Void = {
                    let (context, handler) = bound.value
                    context.write(handler.wrapOutboundOut(.head(response)), promise: nil)
                    context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
                }
                if delay == .zero {
                    write()
                } else {
                    context.eventLoop.scheduleTask(in: delay) { write() }
                }
            }
        }
    }
}
