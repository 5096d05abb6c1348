/// A minimal PNG writer with no external dependency: 8-bit grayscale
/// (colour type 0), chunks IHDR / IDAT / IEND, and a zlib stream made of
/// *stored* (uncompressed) deflate blocks of at most 65 535 bytes each.
///
/// Files are therefore larger than compressed PNGs (≈ width × height bytes),
/// which is fine for QR codes of a few hundred pixels.
public enum PNGEncoder {
    /// The eight-byte PNG file signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Largest payload of one stored deflate block.
    static let maxStoredBlock = 65_535

    /// Encodes a grayscale image. `pixels` is row-major, one byte per pixel
    /// (0 = black, 255 = white).
    /// - Precondition: `width > 0`, `height > 0`, `pixels.count == width * height`.
    public static func grayscale(width: Int, height: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(
            width > 0 && height > 0 && width <= Int(Int32.max) && height <= Int(Int32.max),
            "PNGEncoder: invalid dimensions")
        precondition(pixels.count == width * height, "PNGEncoder: pixels.count must be width × height")

        // Scanlines: a filter-type byte (0 = None) before each row.
        var raw = [UInt8]()
        raw.reserveCapacity((width + 1) * height)
        for row in 0..<height {
            raw.append(0)
            raw.append(contentsOf: pixels[(row * width)..<((row + 1) * width)])
        }

        var ihdr = [UInt8]()
        ihdr.appendBigEndian(UInt32(width))
        ihdr.appendBigEndian(UInt32(height))
        ihdr += [8, 0, 0, 0, 0]  // bit depth 8, colour type 0, deflate, filter 0, no interlace

        var png = signature
        appendChunk("IHDR", ihdr, to: &png)
        appendChunk("IDAT", zlibStored(raw), to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// Wraps `data` in a zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4).
    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]  // CM = 8, CINFO = 7, no dictionary, FCHECK valid
        out.reserveCapacity(data.count + data.count / maxStoredBlock * 5 + 11)
        var offset = 0
        repeat {
            let length = min(maxStoredBlock, data.count - offset)
            let isFinal = offset + length == data.count
            out.append(isFinal ? 1 : 0)  // BFINAL bit, BTYPE = 00 (stored)
            let len = UInt16(length)
            out += [UInt8(len & 0xFF), UInt8(len >> 8), UInt8(~len & 0xFF), UInt8(~len >> 8)]
            out.append(contentsOf: data[offset..<(offset + length)])
            offset += length
        } while offset < data.count
        out.appendBigEndian(Checksum.adler32(data))
        return out
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png.appendBigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        png.appendBigEndian(Checksum.crc32(typeBytes + data))
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
