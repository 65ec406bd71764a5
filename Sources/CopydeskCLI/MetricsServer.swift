import Copydesk
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle

/// `--metrics-listen ADDR:PORT`: an HTTP listener (SwiftNIO) serving the daemon's metrics in
/// Prometheus's text exposition format on `GET /metrics`, and its readiness on `GET /healthz`
/// (200 `ready`; 503 `recovering` while output, failed/ and processing/ are recovered, and
/// `stopping` once shutdown began). A `Service`: it closes its socket on graceful shutdown.
final class MetricsServer: Service {
    /// Where to listen.
    struct Address: Sendable, Equatable, CustomStringConvertible {
        /// A host name or address (`127.0.0.1`, `::1`, `0.0.0.0`).
        public var host: String
        /// The port; 0 picks a free one (logged).
        public var port: Int

        /// Parses `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (all interfaces).
        public init?(_ text: String) {
            let host: Substring, port: Substring
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
                host = text[text.index(after: text.startIndex)..<close]
                port = text[text.index(close, offsetBy: 2)...]
            } else {
                guard let colon = text.lastIndex(of: ":") else { return nil }
                host = text[..<colon]
                port = text[text.index(after: colon)...]
            }
            guard let number = Int(port), (0...65535).contains(number) else { return nil }
            self.host = host.isEmpty ? "0.0.0.0" : String(host)
            self.port = number
        }

        /// `host:port`.
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    private let address: Address
    private let metrics: DaemonMetrics
    private let readiness: Readiness
    private let logger: Logger

    /// A listener for `metrics` and `readiness` (both the daemon's).
    init(address: Address, metrics: DaemonMetrics, readiness: Readiness, logger: Logger) {
        self.address = address
        self.metrics = metrics
        self.readiness = readiness
        self.logger = logger
    }

    /// Binds, serves until graceful shutdown, then closes the socket.
    func run() async throws {
        let metrics = self.metrics, readiness = self.readiness
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(metrics: metrics, readiness: readiness))
                }
            }
            .bind(host: address.host, port: address.port).get()
        logger.notice("metrics listening", metadata: ["address": "\(address.host)",
                                                      "port": "\(channel.localAddress?.port ?? address.port)"])
        try? await gracefulShutdown()
        try? await channel.close()
    }
}

/// Answers one request at a time on a connection.
private final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let metrics: DaemonMetrics
    private let readiness: Readiness
    private var request: HTTPRequestHead?

    init(metrics: DaemonMetrics, readiness: Readiness) {
        self.metrics = metrics
        self.readiness = readiness
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): request = head
        case .body: break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        var body: [UInt8]
        if head.method != .GET && head.method != .HEAD {
            (status, body) = (.methodNotAllowed, Array("GET only\n".utf8))
        } else {
            switch path {
            case "/metrics":
                status = .ok
                contentType = "text/plain; version=0.0.4; charset=utf-8"
                body = metrics.exposition()
            case "/healthz":
                switch readiness.current {
                case .ready: (status, body) = (.ok, Array("ready\n".utf8))
                case .recovering: (status, body) = (.serviceUnavailable, Array("recovering\n".utf8))
                case .stopping: (status, body) = (.serviceUnavailable, Array("stopping\n".utf8))
                }
            default:
                (status, body) = (.notFound, Array("not found: /metrics and /healthz are served\n".utf8))
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: "\(body.count)")
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
