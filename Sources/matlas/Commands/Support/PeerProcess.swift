import Foundation

/// A benchmark's Python peer: one script run by one interpreter, its standard output captured.
///
/// The `bench` subcommands measure Matlas against a peer in the same run; this is the one place
/// that starts the peer and reads what it prints (a JSON object, or one JSON object per line).
struct PeerProcess {
    /// The interpreter (`--python`).
    var python: String
    /// The script (`--peer`); a relative path is resolved against the working directory.
    var script: String

    /// What a finished peer left: its exit status and everything it wrote to standard output.
    struct Output {
        var status: Int32
        var data: Data
    }

    /// Runs `python script arguments…` to completion (standard error is inherited).
    /// - Throws: the launch error when the interpreter cannot be started.
    func run(_ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, data: data)
    }

    /// Runs the peer, reads its standard output as one JSON object and hands that to `decode`.
    ///
    /// A benchmark then reports our side alone, so instead of throwing this prints why and returns
    /// nil: `peer not run (…): …` when the interpreter cannot start, `peer failed (status N)` when
    /// the peer exits non-zero or prints no JSON object, or `decode` returns nil.
    func runJSON<Value>(_ arguments: [String], decode: ([String: Any]) -> Value?) -> Value? {
        let output: Output
        do {
            output = try run(arguments)
        } catch {
            print("peer not run (\(python) \(script)): \(error)")
            return nil
        }
        guard output.status == 0,
              let object = try? JSONSerialization.jsonObject(with: output.data) as? [String: Any],
              let value = decode(object) else {
            print("peer failed (status \(output.status))")
            return nil
        }
        return value
    }

    /// The JSON objects of `data`, one per line; lines that are not a JSON object are skipped.
    static func jsonLines(_ data: Data) -> [[String: Any]] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
