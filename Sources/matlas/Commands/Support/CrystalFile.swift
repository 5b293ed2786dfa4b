import Chemistry
import Foundation

/// Reading the crystal a command is given as a file path.
///
/// The format goes by the extension: `.json` (any case) is the JSON wire form of a crystal (see
/// `CrystalFile+JSON.swift`), anything else is read as CIF and its first structure block is used.
enum CrystalFile {
    /// The crystal in the file at `path`.
    /// - Throws: `CommandFailure` saying `cannot read PATH: …` when the file cannot be read, or
    ///   `PATH: …` with the parser's error (which carries its line or field) when it does not parse.
    static func read(_ path: String) throws -> Crystal {
        let url = URL(fileURLWithPath: path)
        do {
            let data = try Data(contentsOf: url)
            if url.pathExtension.lowercased() == "json" {
                return try crystal(json: data)
            }
            return try Crystal(cif: String(decoding: data, as: UTF8.self))
        } catch let error as CocoaError {
            throw CommandFailure("cannot read \(path): \(error.localizedDescription)")
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
    }
}
