/// A failure after the arguments were accepted: printed as `Error: <description>` without the
/// usage text, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
