import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// How the scripted server answers; the defaults accept everything.
struct SMTPScript: Sendable {
    var authMechanisms: [String] = []
    var credentials: (user: String, password: String)? = nil
    var offersStartTLS = false
    var rcptCode = 250
    var dataEndCode = 250
    /// Closes the connection after this many message lines, without answering.
    var dropAfterDataLines: Int?
}

/// What the scripted server received.
final class SMTPRecorder: Sendable {
    private let state = Mutex<(commands: [String], messages: [String])>(([], []))

    var commands: [String] { state.withLock { $0.commands } }
    var messages: [String] { state.withLock { $0.messages } }

    func record(command: String) { state.withLock { $0.commands.append(command) } }
    func record(message: String) { state.withLock { $0.messages.append(message) } }
}

/// A tiny SMTP server on NIO that follows `SMTPScript`, for the failure cases a real server will not produce.
private final class ScriptedSMTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: SMTPScript
    private let recorder: SMTPRecorder
    private var pending: [UInt8] = []
    private var dataLines: [String]?
    private var loginStep = 0
    private var loginUser = ""

    init(script: SMTPScript, recorder: SMTPRecorder) {
        self.script = script
        self.recorder = recorder
    }

    func channelActive(context: ChannelHandlerContext) {
        reply(context, "220 scripted ESMTP")
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readBytes(length: buffer.readableBytes) ?? []
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(pending[..<newline])
            pending.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            guard context.channel.isActive else { return }
            handle(String(decoding: line, as: UTF8.self), context)
        }
    }

    private func handle(_ line: String, _ context: ChannelHandlerContext) {
        if var lines = dataLines {
            if line == "." {
                dataLines = nil
                recorder.record(message: lines.joined(separator: "\r\n"))
                reply(context, "\(script.dataEndCode) end of data")
                return
            }
            lines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            dataLines = lines
            if let drop = script.dropAfterDataLines, lines.count >= drop { context.close(promise: nil) }
            return
        }
        recorder.record(command: line)
        if loginStep == 1 {
            loginUser = line
            loginStep = 2
            reply(context, "334 UGFzc3dvcmQ6")
            return
        }
        if loginStep == 2 {
            loginStep = 0
            let expected = script.credentials.map { (base64($0.user), base64($0.password)) }
            reply(context, expected.map { $0 == (loginUser, line) } == true ? "235 ok" : "535 bad credentials")
            return
        }
        let upper = line.uppercased()
        if upper.hasPrefix("EHLO") {
            var lines = ["250-scripted"]
            if !script.authMechanisms.isEmpty {
                lines.append("250-AUTH \(script.authMechanisms.joined(separator: " "))")
            }
            if script.offersStartTLS { lines.append("250-STARTTLS") }
            lines.append("250 8BITMIME")
            reply(context, lines.joined(separator: "\r\n"))
        } else if upper.hasPrefix("AUTH PLAIN ") {
            let expected = script.credentials.map { base64("\0\($0.user)\0\($0.password)") }
            reply(context, expected == String(line.dropFirst(11)) ? "235 ok" : "535 bad credentials")
        } else if upper == "AUTH LOGIN" {
            loginStep = 1
            reply(context, "334 VXNlcm5hbWU6")
        } else if upper.hasPrefix("MAIL FROM:") {
            reply(context, "250 sender ok")
        } else if upper.hasPrefix("RCPT TO:") {
            reply(context, "\(script.rcptCode) recipient")
        } else if upper == "DATA" {
            dataLines = []
            reply(context, "354 go ahead")
        } else if upper == "QUIT" {
            reply(context, "221 bye")
            context.close(promise: nil)
        } else {
            reply(context, "502 not implemented")
        }
    }

    private func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }

    private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}

/// Runs a scripted SMTP server on a free loopback port for the duration of `body`.
func withScriptedSMTP(
    _ script: SMTPScript,
    _ body: (_ port: Int, _ recorder: SMTPRecorder) async throws -> Void
) async throws {
    let recorder = SMTPRecorder()
    let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(ScriptedSMTPHandler(script: script, recorder: recorder))
            }
        }
        .bind(host: "127.0.0.1", port: 0).get()
    do {
        try await body(server.localAddress?.port ?? 0, recorder)
    } catch {
        try? await server.close()
        throw error
    }
    try await server.close()
}
