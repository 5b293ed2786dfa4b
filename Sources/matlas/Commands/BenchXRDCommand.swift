import ArgumentParser
import Chemistry
import Foundation

/// `matlas bench xrd` — our powder-XRD simulator against pymatgen's `XRDCalculator`, measured in
/// the same run on the same structures (the parity fixture's AMCSD structures).
struct BenchXRD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xrd",
        abstract: "Time the powder-XRD simulator against pymatgen on the parity structures.",
        discussion: """
            Both sides compute Cu Kα patterns for 2θ 5–90° of the structures in \
            Tests/ChemistryTests/Fixtures/xrd/parity.json (built from AMCSD by \
            Scripts/fixtures/xrd_parity.py); pymatgen runs in Benchmarks/xrd/peer.py. Each time is \
            the best of --repeats; structure construction is outside the timed region on both sides. \
            Build with -c release for meaningful numbers.
            """)

    @Option(help: "The structures (parity fixture JSON).")
    var structures = "Tests/ChemistryTests/Fixtures/xrd/parity.json"

    @Option(help: "Python interpreter with pymatgen.")
    var python = "/tmp/peers/bin/python"

    @Option(help: "The pymatgen peer script.")
    var peer = "Benchmarks/xrd/peer.py"

    @Option(help: "Timed repetitions per structure (best is kept).")
    var repeats = 3

    @Option(help: "Use only the first N structures (0 = all).")
    var limit = 0

    @Flag(help: "Skip the pymatgen peer (time ours only).")
    var noPeer = false

    @Flag(help: "Print one line per structure.")
    var verbose = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
        guard limit >= 0 else { throw ValidationError("--limit must be ≥ 0") }
    }

    func run() async throws {
        let entries = try BenchXRDStructures.load(URL(fileURLWithPath: structures), limit: limit)
        let calculator = XRDCalculator(twoThetaRange: 5...90)
        var ours: [Int: (ms: Double, peaks: Int)] = [:]
        for e in entries {
            var best = Double.infinity, peaks = 0
            for _ in 0..<repeats {
                let watch = Stopwatch()
                let pattern = try calculator.pattern(for: e.crystal)
                best = min(best, watch.elapsedMilliseconds)
                peaks = pattern.peaks.count
            }
            ours[e.id] = (best, peaks)
        }
        var theirs: [Int: (ms: Double, peaks: Int)] = [:]
        if !noPeer { theirs = try runPeer() }

        print("id,mineral,sites,ours_ms,pymatgen_ms,ratio")
        var ratios: [Double] = []
        var (sumOurs, sumTheirs) = (0.0, 0.0)
        for e in entries {
            guard let o = ours[e.id] else { continue }
            sumOurs += o.ms
            if let t = theirs[e.id] {
                sumTheirs += t.ms
                ratios.append(t.ms / o.ms)
                if verbose {
                    print(String(format: "%d,%@,%d,%.3f,%.3f,%.1f", e.id, e.mineral, e.crystal.sites.count, o.ms, t.ms, t.ms / o.ms))
                }
            } else if verbose {
                print(String(format: "%d,%@,%d,%.3f,,", e.id, e.mineral, e.crystal.sites.count, o.ms))
            }
        }
        print(String(format: "structures: %d  ours total %.1f ms (median %.3f ms)", entries.count, sumOurs,
                     Timing.median(entries.compactMap { ours[$0.id]?.ms })))
        if !ratios.isEmpty {
            ratios.sort()
            print(String(format: "pymatgen total %.1f ms (median %.3f ms)", sumTheirs, Timing.median(theirs.values.map(\.ms))))
            print(String(format: "speed-up: total %.1f×, per-structure median %.1f×, min %.1f×, max %.1f×",
                         sumTheirs / sumOurs, Timing.median(ratios), ratios.first ?? 0, ratios.last ?? 0))
        }
    }

    /// Runs the Python peer and reads its JSON lines.
    private func runPeer() throws -> [Int: (ms: Double, peaks: Int)] {
        let output: PeerProcess.Output
        do {
            output = try PeerProcess(python: python, script: peer)
                .run(["--structures", structures, "--repeats", String(repeats), "--limit", String(limit)])
        } catch {
            throw CommandFailure("cannot start \(python) \(peer): \(error.localizedDescription) (use --no-peer to skip)")
        }
        guard output.status == 0 else {
            throw CommandFailure("the pymatgen peer exited with status \(output.status)")
        }
        var result: [Int: (ms: Double, peaks: Int)] = [:]
        for object in PeerProcess.jsonLines(output.data) {
            guard let id = object["id"] as? Int, let ms = object["ms"] as? Double else { continue }
            result[id] = (ms, object["peaks"] as? Int ?? 0)
        }
        return result
    }
}

/// The parity fixture's structures (see `Scripts/fixtures/xrd_parity.py` for the format).
enum BenchXRDStructures {
    struct Entry {
        var id: Int
        var mineral: String
        var crystal: Crystal
    }

    static func load(_ url: URL, limit: Int) throws -> [Entry] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CommandFailure("cannot read \(url.path): \(error.localizedDescription) (run from the repository root or pass --structures)")
        }
        guard let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let list = doc["structures"] as? [[String: Any]] else {
            throw CommandFailure("\(url.path): no \"structures\" array")
        }
        var entries: [Entry] = []
        for (n, s) in list.enumerated() {
            if limit > 0 && entries.count >= limit { break }
            guard let id = s["id"] as? Int, let lattice = s["lattice"] as? [[Double]], lattice.count == 3,
                  lattice.allSatisfy({ $0.count == 3 }), let rawSites = s["sites"] as? [[Any]] else {
                throw CommandFailure("\(url.path): structures[\(n)] is malformed")
            }
            var sites: [Site] = []
            for raw in rawSites {
                guard raw.count == 4, let occ = raw[0] as? [[Any]], let x = raw[1] as? Double,
                      let y = raw[2] as? Double, let z = raw[3] as? Double else {
                    throw CommandFailure("\(url.path): a site of structure \(id) is malformed")
                }
                var occupants: [Occupant] = []
                for pair in occ {
                    guard pair.count == 2, let symbol = pair[0] as? String, let element = Element(symbol: symbol),
                          let amount = pair[1] as? Double else {
                        throw CommandFailure("\(url.path): an occupant of structure \(id) is malformed")
                    }
                    occupants.append(Occupant(Species(element), occupancy: amount))
                }
                sites.append(Site(occupants: occupants, fracCoords: SIMD3(x, y, z)))
            }
            entries.append(Entry(id: id, mineral: s["mineral"] as? String ?? "",
                                 crystal: Crystal(lattice: Lattice(matrix: lattice), sites: sites)))
        }
        return entries
    }
}
