import ArgumentParser

/// The `matlas` command line: one subcommand per file in `Commands/`.
@main
struct Matlas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "matlas",
        abstract: "A multimodal atlas of materials: encoders, an ANN index and a search server.",
        subcommands: [
            BenchCommand.self,
            CIFCheck.self,
            EmbedCommand.self,
            EvalCommand.self,
            FormulaCommand.self,
            MCPCommand.self,
            QueryCommand.self,
            ServeCommand.self,
            STEMCommand.self,
            TrainCommand.self,
            XRDCommand.self,
        ]
    )
}
