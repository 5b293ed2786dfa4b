import Foundation

extension VectorStore {
    /// Opens (creating if needed) the store in `directory`, recovering from any crash: the
    /// snapshot is verified (checksum) and loaded, the log's torn tail is truncated, and log
    /// records newer than the snapshot or the catalog are replayed into each.
    /// - Throws: `IndexError.checksumMismatch`/`.corrupt` for a damaged snapshot or log,
    ///   `.incompatible` when the directory holds vectors of another dimension.
    public static func open(directory: String, configuration: Configuration) throws -> VectorStore {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let log = configuration.log
        let catalog = try Catalog(path: catalogPath(directory))
        let snapshotPath = directory + "/index.snapshot"
        var index = HNSWIndex(parameters: configuration.parameters)
        var snapshotSequence: UInt64 = 0
        var nextLabel: UInt64 = 1
        if let loaded = try HNSWIndex.readSnapshot(path: snapshotPath) {
            guard loaded.index.dimension == configuration.parameters.dimension else {
                throw IndexError.incompatible(path: snapshotPath,
                                              reason: "holds \(loaded.index.dimension)-dimensional vectors, configured \(configuration.parameters.dimension)")
            }
            index = loaded.index
            snapshotSequence = loaded.sequence
            try loaded.extra.withUnsafeBytes { raw in
                var r = ByteReader(raw, path: snapshotPath)
                nextLabel = max(nextLabel, try r.read(UInt64.self))
            }
        }
        let (wal, records) = try WriteAheadLog.open(path: directory + "/wal.log", log: log)
        let catalogSequence = try catalog.appliedSequence()
        var sequence = max(snapshotSequence, catalogSequence)
        var replayedGraph = 0, replayedCatalog = 0
        let store = VectorStore(directory: directory, configuration: configuration, index: index, catalog: catalog,
                                state: WriterState(log: wal, sequence: 0, nextLabel: 0, labels: [:]))
        for record in records {
            let operations = try StoreOperation.decode(record.payload, path: wal.path, offset: 0)
            for op in operations { nextLabel = max(nextLabel, op.label.rawValue + 1) }
            if record.sequence > catalogSequence {
                try catalog.apply(operations, sequence: record.sequence)
                replayedCatalog += 1
            }
            if record.sequence > snapshotSequence {
                store.apply(operations)
                replayedGraph += 1
            }
            sequence = max(sequence, record.sequence)
        }
        if replayedGraph + replayedCatalog > 0 {
            log("index: replayed \(replayedGraph) log records into the graph and \(replayedCatalog) into the catalog")
        }
        // Reconcile: after the replay both sides must hold the same labels.
        var labels: [MaterialID: VectorLabel] = [:]
        var orphanRows: [VectorLabel] = []
        for (id, label) in try catalog.allIdentifiers() {
            nextLabel = max(nextLabel, label.rawValue + 1)
            if index.contains(label) { labels[id] = label } else { orphanRows.append(label) }
        }
        if !orphanRows.isEmpty {
            log("index: \(orphanRows.count) catalog rows had no vector; removed them")
            try catalog.deleteLabels(orphanRows)
        }
        let known = Set(labels.values)
        let orphanVectors = index.labels.filter { !known.contains($0) }
        if !orphanVectors.isEmpty {
            log("index: \(orphanVectors.count) vectors had no catalog row; removed them")
            for l in orphanVectors { index.remove(l) }
        }
        store.writer.withLock { state in
            state.sequence = sequence
            state.nextLabel = nextLabel
            state.labels = labels
        }
        return store
    }
}
