// index-crash-writer: a helper process for IndexTests' kill -9 test (not part of the product).
// Usage: IndexCrashWriter <directory> <first n>
// Opens the store, then upserts materials `crash:<n>` one per durable batch forever, printing
// `ack crash:<n>` to standard output (flushed) after each upsert returns. The test kills it
// with SIGKILL mid-stream. Every 7th step it also deletes the previous id and prints
// `del crash:<n-1>` once that delete returned; and checks that every acknowledged id survived.
import Foundation
import Index

let arguments = CommandLine.arguments
guard arguments.count == 3, let first = Int(arguments[2]) else {
    FileHandle.standardError.write(Data("usage: IndexCrashWriter <directory> <first n>\n".utf8))
    exit(2)
}
var configuration = VectorStore.Configuration(parameters: HNSWParameters(dimension: 16, m: 8, efConstruction: 32))
configuration.compactionMinimum = 8
do {
    let store = try VectorStore.open(directory: arguments[1], configuration: configuration)
    var n = first
    while true {
        let id = MaterialID("crash:\(n)")
        // A deterministic vector per n, so the test can check the stored one.
        let vector = (0..<16).map { Float(sin(Double(n * 16 + $0) * 0.37)) }
        try store.upsert([VectorStore.Entry(record: MaterialRecord(id: id, elements: ["Fe", "O"], properties: ["n": Double(n)]),
                                            vector: vector)])
        FileHandle.standardOutput.write(Data("ack \(id)\n".utf8)) // unbuffered write(2)
        if n % 7 == 3 {
            try store.delete([MaterialID("crash:\(n - 1)")])
            FileHandle.standardOutput.write(Data("del crash:\(n - 1)\n".utf8))
        }
        n += 1
    }
} catch {
    FileHandle.standardError.write(Data("IndexCrashWriter: \(error)\n".utf8))
    exit(1)
}
