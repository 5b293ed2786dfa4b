import Encoders

/// Model sizes used by `matlas train --preset`.
public enum ModelPresets {
    /// The shipped model (`Models/matlas-base`): `ModelConfig()` with a text window of 64 tokens
    /// (the first sentences of a robocrys description carry formula, structure type and space group)
    /// and a smaller BPE vocabulary, so a full training fits the 45-minute budget on 2 cores; the
    /// crystal encoder reads the crystal's own simulated pattern too (`CrystalSettings.diffraction`)
    /// through the spectrum encoder's trunk (`CrystalSettings.shareSpectrumTrunk`).
    public static var base: ModelConfig {
        var c = ModelConfig()
        c.name = "matlas-base"
        c.text.maxTokens = 64
        c.text.vocabularySize = 6000
        c.crystal.diffraction = true
        c.crystal.shareSpectrumTrunk = true
        return c
    }
}
