/// Chemistry: the vocabulary every other part of Matlas speaks.
///
/// Where things live:
/// - `Element*.swift` — the periodic table (Z = 1…94), generated from a cited source.
/// - `Composition*.swift`, `FormulaParser.swift` — amounts of elements and formula strings.
/// - `Lattice*.swift`, `Crystal*.swift` — cells, sites (species, occupancy, label), density.
/// - `CIF/`, `POSCAR*.swift` — structure file readers and writers.
/// - `NeighborList.swift`, `CrystalGraph.swift` — periodic neighbours and the graph encoders read.
/// - `XRD/`, `STEM/` — simulated characterisation from a crystal.
public enum Chemistry {}
