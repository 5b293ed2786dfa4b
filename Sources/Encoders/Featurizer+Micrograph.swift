import Imaging
import Learning

/// Which square region of a micrograph the model sees.
public enum MicrographCrop: Hashable, Sendable {
    /// The largest centred square (inference).
    case center
    /// A square of side uniform in `minimumFraction…1` × the short side, at a uniform position,
    /// drawn from `seed` (training augmentation; reproducible).
    case random(seed: UInt64, minimumFraction: Double = 0.6)
}

extension Featurizer {
    /// Any image → gray → square crop → `micrograph.size`² (area filter when shrinking, bilinear
    /// when enlarging) → standardised to zero mean and unit deviation.
    ///
    /// With `pixelSize` (Å per pixel) the centre crop covers the model's `micrograph.fieldOfView`
    /// (or the whole short side when the image is smaller), so a large calibrated micrograph is seen
    /// at the scale the model was trained on; without it the largest centred square is used.
    /// - Throws: `.imageTooSmall` when the short side is below `micrograph.minimumSide`,
    ///   `.notFinite` for NaN pixels, `.invalidAmount` for a pixel size that is not a positive number.
    public func micrograph(_ image: Image, crop: MicrographCrop = .center, pixelSize: Double? = nil) throws(EncoderError) -> MicrographFeatures {
        let settings = config.micrograph
        var side = Swift.min(image.width, image.height)
        guard side >= settings.minimumSide else {
            throw .imageTooSmall(width: image.width, height: image.height, minimum: settings.minimumSide)
        }
        if let bad = image.pixels.firstIndex(where: { !$0.isFinite }) {
            throw .notFinite(field: "micrograph", index: bad / Swift.max(image.channels, 1))
        }
        if let pixelSize {
            guard pixelSize.isFinite, pixelSize > 0 else { throw .invalidAmount(field: "pixel_size", index: nil, value: pixelSize) }
            let wanted = Int((settings.fieldOfView / pixelSize).rounded())
            side = Swift.min(side, Swift.max(settings.minimumSide, wanted))
        }
        let gray = image.channels == 1 ? image : image.grayscale(background: 0)
        let square: Image
        switch crop {
        case .center:
            square = gray.centerCropped(width: side, height: side)
        case .random(let seed, let minimumFraction):
            let g = SeededGenerator(seed: seed)
            let f = Swift.max(0.05, Swift.min(1, minimumFraction))
            let s = Swift.max(settings.minimumSide / 2,
                              Swift.min(side, Int((Double(side) * Double(g.uniform(Float(f), 1))).rounded())))
            let x = g.index(below: gray.width - s + 1), y = g.index(below: gray.height - s + 1)
            square = gray.cropped(x: x, y: y, width: s, height: s)
        }
        let n = settings.size
        let filter: ResizeFilter = square.width >= n ? .area : .bilinear
        let resized = square.width == n ? square : square.resized(width: n, height: n, filter: filter)
        let normalized = resized.normalized(.meanStd())
        return MicrographFeatures(size: n, pixels: normalized.pixels)
    }
}
