extension Crystal {
    /// The crystal as a P1 CIF: cell parameters, the single operation `x, y, z`, and one
    /// `_atom_site` row per occupant (a disordered site becomes several rows at one position, which
    /// `parseCIF` merges back). Numbers are written in Swift's shortest round-trip form, so reading
    /// the text back gives the same cell parameters, coordinates and occupancies.
    public func cifString() -> String {
        let lengths = lattice.lengths
        let angles = lattice.angles
        var out: [String] = []
        out.append("# written by Matlas")
        out.append("data_" + Crystal.blockName(title))
        out.append("_symmetry_space_group_name_H-M   'P 1'")
        out.append("_symmetry_Int_Tables_number   1")
        if let spaceGroupSymbol {
            out.append("_matlas_source_space_group_name_H-M   " + Crystal.quoted(spaceGroupSymbol))
        }
        if let spaceGroupNumber { out.append("_matlas_source_space_group_number   \(spaceGroupNumber)") }
        out.append("_cell_length_a   \(lengths.x)")
        out.append("_cell_length_b   \(lengths.y)")
        out.append("_cell_length_c   \(lengths.z)")
        out.append("_cell_angle_alpha   \(angles.x)")
        out.append("_cell_angle_beta   \(angles.y)")
        out.append("_cell_angle_gamma   \(angles.z)")
        out.append("_cell_volume   \(lattice.volume)")
        out.append("loop_")
        out.append(" _symmetry_equiv_pos_site_id")
        out.append(" _symmetry_equiv_pos_as_xyz")
        out.append("  1  'x, y, z'")
        out.append("loop_")
        out.append(" _atom_site_type_symbol")
        out.append(" _atom_site_label")
        out.append(" _atom_site_symmetry_multiplicity")
        out.append(" _atom_site_fract_x")
        out.append(" _atom_site_fract_y")
        out.append(" _atom_site_fract_z")
        out.append(" _atom_site_occupancy")
        var counts: [Element: Int] = [:]
        for site in sites {
            for occupant in site.occupants {
                counts[occupant.element, default: 0] += 1
                let label = Crystal.labelText(site.label) ?? "\(occupant.element.symbol)\(counts[occupant.element]!)"
                let f = site.fracCoords
                out.append("  \(occupant.species.description)  \(label)  1  \(f.x)  \(f.y)  \(f.z)  \(occupant.occupancy)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A block name without whitespace (CIF names end at whitespace).
    private static func blockName(_ title: String?) -> String {
        let cleaned = String((title ?? "").map { $0.isWhitespace ? "_" : $0 })
        return cleaned.isEmpty ? "matlas" : cleaned
    }

    /// A label usable as a bare CIF value, or nil.
    private static func labelText(_ label: String?) -> String? {
        guard let label, !label.isEmpty,
              !label.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" || $0 == "#" }),
              let first = label.first, first != "_", first != ";", first != "$", first != "[",
              label != "?", label != "." else { return nil }
        let lower = label.lowercased()
        if ["data_", "loop_", "save_", "stop_", "global_"].contains(where: { lower.hasPrefix($0) }) { return nil }
        return label
    }

    /// A single-line quoted CIF value.
    private static func quoted(_ text: String) -> String {
        let line = text.replacingNewlines()
        return line.contains("'") ? "\"" + line + "\"" : "'" + line + "'"
    }
}

private extension String {
    func replacingNewlines() -> String { String(map { $0.isNewline ? " " : $0 }) }
}
