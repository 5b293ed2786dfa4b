// swift-tools-version:6.0
// Matlas — a multimodal atlas of materials. The targets follow ../shared/DESIGN.md §2:
// no target imports one listed below it, and Chemistry, Learning, Text, Imaging and Index
// know nothing of each other.
import PackageDescription

let package = Package(
    name: "Matlas",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "matlas", targets: ["matlas"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        // C access: one small C target that includes and links the Debian libraries and hosts the
        // few C helpers Swift cannot express (see Sources/CMatlas/include/CMatlas.h for why).
        .target(
            name: "CMatlas",
            linkerSettings: [
                .linkedLibrary("sqlite3"),
                .linkedLibrary("openblas"),
                .linkedLibrary("png16"),
                .linkedLibrary("utf8proc"),
                .linkedLibrary("z"),
            ]
        ),
        // Elements, compositions, lattices, crystals, CIF/POSCAR, neighbours, graphs, simulators.
        .target(name: "Chemistry"),
        // Learning: Float32 tensors, reverse-mode autodiff, layers, optimisers, safetensors, on OpenBLAS.
        .target(name: "Learning", dependencies: ["CMatlas"]),
        // Text: utf8proc normalisation, chemistry-aware pre-tokeniser, byte-level BPE, TF-IDF.
        .target(name: "Text", dependencies: ["CMatlas"]),
        // Imaging: PNG decode/encode through libpng's simplified API, resize, crop, normalise, power spectrum.
        .target(name: "Imaging", dependencies: ["CMatlas"]),
        // Encoders: featurisers, the six encoders into one space, the model bundle.
        .target(name: "Encoders", dependencies: ["Chemistry", "Learning", "Text", "Imaging", "CMatlas"]),
        // Corpus: streams Corpora/ (gzip JSON Lines) into records, references, properties and the split.
        .target(name: "Corpus", dependencies: ["Chemistry", "CMatlas"]),
        // Index: HNSW over unit vectors, write-ahead log + snapshots, the SQLite catalog, OPTIMADE filters.
        .target(name: "Index", dependencies: ["CMatlas"]),
        // The writer process that IndexTests kills with SIGKILL to check durability.
        .executableTarget(name: "IndexCrashWriter", dependencies: ["Index"]),
        // Training: contrastive objective, augmentations, trainer, evaluation, calibration.
        .target(name: "Training", dependencies: ["Encoders", "Corpus", "Chemistry", "Learning", "Text", "Imaging"]),
        // Server: the protocol (framing, JSON-RPC + inline parsing, dispatch), the methods over Encoders + Index, NIO transport, MCP.
        .target(name: "Server", dependencies: [
            "Encoders", "Index", "Corpus", "Chemistry", "Imaging", "Learning", "CMatlas",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "MCP", package: "swift-sdk"),
        ]),
        .executableTarget(
            name: "matlas",
            dependencies: [
                "Chemistry",
                "Server",
                "Text",
                "Learning",
                "Imaging",
                "Encoders",
                "Corpus",
                "Index",
                "Training",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChemistryTests", dependencies: ["Chemistry"], exclude: ["Fixtures"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"], exclude: ["Fixtures"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], exclude: ["Fixtures"]),
        .testTarget(name: "EncodersTests", dependencies: ["Encoders", "Chemistry", "Learning", "Text", "Imaging"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus", "Chemistry"], exclude: ["Fixtures"]),
        .testTarget(name: "IndexTests", dependencies: ["Index", "IndexCrashWriter"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Encoders", "Corpus", "Chemistry", "Learning", "Text", "Imaging"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TextTests", dependencies: ["Text"], exclude: ["Fixtures"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server", "Encoders", "Text", "Imaging", "Chemistry",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "MCP", package: "swift-sdk"),
        ], exclude: ["Fixtures"]),
    ]
)
