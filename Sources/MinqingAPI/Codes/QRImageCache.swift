import Synchronization

/// Rendered QR images by (URL, size), so that the public `qr.png` costs one rendering per code and size,
/// not one per request (a 1024-pixel PNG is a quarter of a second of CPU). Sizes are rounded to multiples of
/// 64, so a code has at most 16 PNGs; the oldest entries go first when the cache is full.
final class QRImageCache: Sendable {
    struct Key: Hashable {
        let url: String
        let size: Int
    }

    private struct State {
        var images: [Key: [UInt8]] = [:]
        var order: [Key] = []
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The cached image, or the one `render` makes (rendered outside the lock; two first requests may both
    /// render, and the second result replaces the first, which is the same image).
    func image(_ key: Key, render: () throws -> [UInt8]) rethrows -> [UInt8] {
        if let image = state.withLock({ $0.images[key] }) { return image }
        let image = try render()
        state.withLock { state in
            if state.images.updateValue(image, forKey: key) == nil { state.order.append(key) }
            while state.order.count > capacity { state.images[state.order.removeFirst()] = nil }
        }
        return image
    }

    var count: Int { state.withLock { $0.images.count } }
}
