import Index

/// Opens a store with the server's settings without the caller importing `Index` (tests, commands).
public enum VectorStoreOpener {
    /// The store in `directory` for vectors of `dimension` (see `Atlas.storeConfiguration`).
    public static func open(directory: String, dimension: Int, synchronousWrites: Bool = true) throws -> VectorStore {
        try VectorStore.open(directory: directory, configuration: Atlas.storeConfiguration(dimension: dimension, synchronousWrites: synchronousWrites))
    }
}
