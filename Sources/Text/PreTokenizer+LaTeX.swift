/// Flattening of inline LaTeX math (`$…$`), which arXiv titles use for formulas and symbols:
/// `YBa$_2$Cu$_3$O$_{7-\delta}$` → `YBa2Cu3O7-δ`, `$\alpha$-RuCl$_3$` → `α-RuCl3`.
///
/// Inside a `$…$` span: `_ ^ { }` are dropped, `~` is a space, `\name` becomes the character it
/// stands for (Greek letters and common symbols) or is dropped when it only styles text
/// (`\mathrm`, `\left`); other commands keep their name as letters. Text outside spans is
/// untouched, and so is a text with an odd number of `$` (not math, e.g. prices).
enum LaTeXMath {
    static func flatten(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.filter({ $0 == "$" }).count % 2 == 0 else { return text }
        var out = String.UnicodeScalarView()
        var inMath = false
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "$" {
                inMath.toggle()
                i += 1
                continue
            }
            guard inMath else {
                out.append(c)
                i += 1
                continue
            }
            switch c {
            case "_", "^", "{", "}":
                i += 1
            case "~":
                out.append(" ")
                i += 1
            case "\\":
                var j = i + 1
                while j < scalars.count, isASCIILetter(scalars[j]) { j += 1 }
                if j == i + 1 {
                    // "\," "\ " "\{": spacing or an escaped character; keep nothing but a space for "\ ".
                    if j < scalars.count, scalars[j] == " " { out.append(" ") }
                    i = min(j + 1, scalars.count)
                    continue
                }
                let name = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
                if let symbol = symbols[name] {
                    out.append(contentsOf: symbol.unicodeScalars)
                } else if !styling.contains(name) {
                    out.append(contentsOf: name.unicodeScalars)
                }
                i = j
            default:
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    /// Commands that only style or size what follows.
    static let styling: Set<String> = [
        "mathrm", "mathbf", "mathit", "mathcal", "mathsf", "mathtt", "mathbb", "text", "textrm", "rm",
        "bf", "it", "cal", "left", "right", "big", "Big", "bigg", "mbox", "operatorname", "boldsymbol",
        "displaystyle", "textstyle", "hat", "tilde", "bar", "vec", "dot", "overline", "underline",
    ]

    /// Commands that stand for one character.
    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "Gamma": "Γ", "delta": "δ", "Delta": "Δ",
        "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "Theta": "Θ",
        "kappa": "κ", "lambda": "λ", "Lambda": "Λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
        "rho": "ρ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "varphi": "φ", "Phi": "Φ",
        "chi": "χ", "psi": "ψ", "Psi": "Ψ", "omega": "ω", "Omega": "Ω", "times": "×", "sim": "~",
        "approx": "≈", "pm": "±", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "infty": "∞",
        "circ": "°", "AA": "Å", "uparrow": "↑", "downarrow": "↓", "rightarrow": "→", "to": "→",
        "cdot": "·", "hbar": "ħ", "ell": "ℓ", "partial": "∂", "nabla": "∇", "prime": "′",
    ]
}
