import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Settings of the TCP transport.
public struct LineServerConfiguration: Sendable {
    /// Address to bind; loopback by default (DESIGN §5).
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one (see `LineServer.port`).
    public var port = 7470
    /// Longest accepted request line in bytes; longer lines are refused with an error and skipped.
    public var maxLineLength = 8 << 20
    /// Connections beyond this are answered with one error line and closed.
    public var maxConnections = 1024
    /// A connection that sends nothing for this long is closed.
    public var idleTimeoutSeconds: Int64 = 600
    /// Event-loop threads (0: one per core).
    public var threads = 0
    /// Threads that run request handlers (0: one per core, at least 2).
    public var workers = 0

    public init() {}
}

/// The line-protocol TCP server: frames lines, hands each to the `Dispatcher`, writes one response
/// line per request in request order (pipelining allowed), never closes a connection on a bad line.
///
/// This is the only file in Matlas that imports NIO.
public final class LineServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: ServerState
    private let pool: WorkerPool

    /// The port actually bound (useful with `port = 0`).
    public var port: Int { channel.localAddress?.port ?? 0 }
    /// The host actually bound.
    public var host: String { channel.localAddress?.ipAddress ?? "" }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel, state: ServerState, pool: WorkerPool) {
        self.group = group
        self.channel = channel
        self.state = state
        self.pool = pool
    }

    /// Binds and starts serving.
    /// - Throws: the bind error (address in use, permission) after releasing the threads.
    public static func start(configuration: LineServerConfiguration, dispatcher: Dispatcher) async throws -> LineServer {
        let threads = configuration.threads > 0 ? configuration.threads : System.coreCount
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let state = ServerState()
        let pool = WorkerPool(threads: configuration.workers > 0 ? configuration.workers : max(2, System.coreCount))
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { child in
                let admitted = state.admit(limit: configuration.maxConnections)
                child.closeFuture.whenComplete { _ in if admitted { state.release() } }
                return child.eventLoop.makeCompletedFuture {
                    let sync = child.pipeline.syncOperations
                    if admitted {
                        try sync.addHandler(IdleStateHandler(readTimeout: .seconds(configuration.idleTimeoutSeconds)))
                        try sync.addHandler(LineHandler(dispatcher: dispatcher, maxLineLength: configuration.maxLineLength,
                                                           state: state, pool: pool))
                    } else {
                        try sync.addHandler(RefuseHandler(limit: configuration.maxConnections))
                    }
                }
            }
        do {
            let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
            return LineServer(group: group, channel: channel, state: state, pool: pool)
        } catch {
            pool.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops accepting, lets in-flight requests finish (up to `graceSeconds`), closes connections and
    /// releases the threads.
    public func stop(graceSeconds: Double = 10) async {
        try? await channel.close()
        let deadline = ContinuousClock.now + .milliseconds(Int(graceSeconds * 1000))
        while state.inFlight > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? await group.shutdownGracefully()
        pool.shutdown()
    }

    /// Open connections right now.
    public var connectionCount: Int { state.connections }
}

/// Counters shared by every connection (guarded by the lock inside each box).
final class ServerState: Sendable {
    private let open = NIOLockedValueBox(0)
    private let running = NIOLockedValueBox(0)

    func admit(limit: Int) -> Bool {
        open.withLockedValue { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    func release() { open.withLockedValue { $0 -= 1 } }
    var connections: Int { open.withLockedValue { $0 } }
    func begin() { running.withLockedValue { $0 += 1 } }
    func end() { running.withLockedValue { $0 -= 1 } }
    var inFlight: Int { running.withLockedValue { $0 } }
}

/// Per-connection handler: bytes → lines → responses, in order.
final class LineHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let dispatcher: Dispatcher
    private let state: ServerState
    private let pool: WorkerPool
    private var framer: LineFramer
    /// Completes when every response so far has been written; each new response chains onto it,
    /// which is what keeps responses in request order while requests run concurrently.
    private var tail: EventLoopFuture<Void>?

    init(dispatcher: Dispatcher, maxLineLength: Int, state: ServerState, pool: WorkerPool) {
        self.dispatcher = dispatcher
        self.state = state
        self.pool = pool
        self.framer = LineFramer(maxLineLength: maxLineLength)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { framer.append($0) }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        let channel = context.channel
        let loop = context.eventLoop
        while let frame = framer.next() {
            let response: EventLoopFuture<String?>
            switch frame {
            case .oversized(let prefix):
                response = loop.makeSucceededFuture(Dispatcher.oversizedLine(limit: framer.maxLineLength, prefix: prefix).line)
            case .line(let bytes):
                let dispatcher = self.dispatcher
                let state = self.state
                let promise = loop.makePromise(of: String?.self)
                state.begin()
                Task(executorPreference: pool) {
                    defer { state.end() }
                    promise.succeed(await dispatcher.respond(toLine: bytes)?.line)
                }
                response = promise.futureResult
            }
            let previous = tail ?? loop.makeSucceededVoidFuture()
            tail = previous.flatMap { response }.map { line in
                guard let line else { return }
                var out = channel.allocator.buffer(capacity: line.utf8.count + 1)
                out.writeString(line)
                out.writeInteger(UInt8(ascii: "\n"))
                channel.writeAndFlush(out, promise: nil)
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A transport error ends this connection only; the server and other connections go on.
        context.close(promise: nil)
    }
}

/// Answers a connection over the limit with one error line, then closes it.
final class RefuseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func channelActive(context: ChannelHandlerContext) {
        let line = Response.error(ProtocolError(.overloaded, "too many connections (limit \(limit)); try again later"), .inline).line + "\n"
        var out = context.channel.allocator.buffer(capacity: line.utf8.count)
        out.writeString(line)
        let channel = context.channel
        context.writeAndFlush(NIOAny(out)).whenComplete { _ in channel.close(promise: nil) }
    }
}
