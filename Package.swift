// swift-tools-version:6.0
// Matlas — a multimodal atlas of materials. The targets follow ../shared/DESIGN.md §2:
// no target imports one listed below it, and Chemistry, Learning, Text, Imaging and Index
// know nothing of each other.
import PackageDescription

let package = Package(
    name: "Matlas",
    platforms: [.macOS(.v14)],
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
        // Imaging: PNG decode/encode through libpng's simplified API, resize, crop, normalise.
        .target(name: "Imaging", dependencies: ["CMatlas"]),
        // Encoders: featurisers, the six encoders into one space, the model bundle.
        .target(name: "Encoders", dependencies: ["Chemistry", "Learning", "Text", "Imaging"]),
        // The protocol (line framing, JSON-RPC + inline parsing, dispatch) and, later, the NIO transport.
        .target(name: "Server", dependencies: [
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
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChemistryTests", dependencies: ["Chemistry"], exclude: ["Fixtures"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"], exclude: ["Fixtures"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], exclude: ["Fixtures"]),
        .testTarget(name: "EncodersTests", dependencies: ["Encoders", "Chemistry", "Learning", "Text", "Imaging"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "TextTests", dependencies: ["Text"], exclude: ["Fixtures"]),
        .testTarget(name: "ServerTests", dependencies: [
            "Server",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "MCP", package: "swift-sdk"),
        ]),
    ]
)
