extension MaterialRecord {
    /// The record's numeric property profile under the names the property encoder uses
    /// (`PropertySpec.defaults` in Encoders): density, volume per site, formation enthalpy,
    /// refractive index at 589 nm and the transport values. Missing or non-finite values are left out.
    ///
    /// One definition shared by training (what the property encoder learns from) and ingest (what the
    /// server indexes), so the two can never drift apart.
    public var propertyProfile: [String: Double] {
        var out: [String: Double] = [:]
        if let d = density, d.isFinite, d > 0 { out["density"] = d }
        if siteCount > 0, cell.volume > 0 { out["volume_per_site"] = cell.volume / Double(siteCount) }
        if let h = properties.formationEnthalpy?.value, h.isFinite { out["formation_enthalpy"] = h }
        if let n = properties.optical?.n589, n.isFinite, n > 0 { out["refractive_index"] = n }
        if let t = properties.transport {
            for name in ["seebeck_p", "seebeck_n", "conductivity_p", "conductivity_n", "power_factor_p",
                         "power_factor_n", "effective_mass_p", "effective_mass_n"] {
                if let v = t.values[name]?.value, v.isFinite { out[name] = v }
            }
        }
        return out
    }
}
