import Foundation

@testable import MinqingQR

/// A decoded grayscale PNG, as read back by `StoredPNGReader`.
struct DecodedPNG {
    var width: Int
    var height: Int
    var pixels: [UInt8]
    var chunkTypes: [String]
}

/// A PNG that `StoredPNGReader` cannot read back, and why.
struct MalformedPNG: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { "malformed PNG: \(reason)" }
}

/// Reads back the PNGs `PNGEncoder` writes (grayscale, stored deflate blocks
/// only), checking every chunk CRC, the zlib header, block lengths and Adler-32.
enum StoredPNGReader {
    static func decode(_ png: [UInt8]) throws -> DecodedPNG {
        guard Array(png.prefix(8)) == PNGEncoder.signature else { throw MalformedPNG("signature") }
        var offset = 8
        var types: [String] = []
        var ihdr: [UInt8] = []
        var idat: [UInt8] = []
        while offset < png.count {
            guard offset + 12 <= png.count else { throw MalformedPNG("truncated chunk") }
            let length = Int(bigEndian32(png, offset))
            let typeAndData = Array(png[(offset + 4)..<(offset + 8 + length)])
            let type = String(decoding: typeAndData.prefix(4), as: UTF8.self)
            let data = Array(typeAndData.dropFirst(4))
            let crc = bigEndian32(png, offset + 8 + length)
            guard crc == Checksum.crc32(typeAndData) else { throw MalformedPNG("CRC of \(type)") }
            types.append(type)
            if type == "IHDR" { ihdr = data }
            if type == "IDAT" { idat += data }
            offset += 12 + length
        }
        guard ihdr.count == 13 else { throw MalformedPNG("IHDR") }
        let width = Int(bigEndian32(ihdr, 0))
        let height = Int(bigEndian32(ihdr, 4))
        guard Array(ihdr[8..<13]) == [8, 0, 0, 0, 0] else { throw MalformedPNG("IHDR format") }
        let raw = try inflateStored(idat)
        guard raw.count == (width + 1) * height else { throw MalformedPNG("scanline size") }
        var pixels: [UInt8] = []
        pixels.reserveCapacity(width * height)
        for row in 0..<height {
            let start = row * (width + 1)
            guard raw[start] == 0 else { throw MalformedPNG("filter type") }
            pixels += raw[(start + 1)..<(start + 1 + width)]
        }
        return DecodedPNG(width: width, height: height, pixels: pixels, chunkTypes: types)
    }

    /// Inflates a zlib stream made only of stored blocks.
    static func inflateStored(_ stream: [UInt8]) throws -> [UInt8] {
        try inflateStoredCountingBlocks(stream).data
    }

    /// Same, also returning the number of deflate blocks.
    static func inflateStoredCountingBlocks(_ stream: [UInt8]) throws -> (data: [UInt8], blocks: Int) {
        guard stream.count >= 6, stream[0] & 0x0F == 8,
            (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0
        else {
            throw MalformedPNG("zlib header")
        }
        var offset = 2
        var out: [UInt8] = []
        var blocks = 0
        while true {
            let header = stream[offset]
            guard header & 0b110 == 0 else { throw MalformedPNG("not a stored block") }
            let len = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let nlen = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            guard len ^ nlen == 0xFFFF else { throw MalformedPNG("LEN/NLEN") }
            out += stream[(offset + 5)..<(offset + 5 + len)]
            offset += 5 + len
            blocks += 1
            if header & 1 == 1 { break }
        }
        guard offset + 4 == stream.count, bigEndian32(stream, offset) == Checksum.adler32(out) else {
            throw MalformedPNG("Adler-32 trailer")
        }
        return (out, blocks)
    }

    static func bigEndian32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}

/// Runs `/usr/bin/zbarimg --quiet --raw` on PNG bytes written to a temporary file.
enum ZBar {
    static let path = "/usr/bin/zbarimg"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func decode(png: [UInt8]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("minqing-qr-\(UUID().uuidString).png")
        try Data(png).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--quiet", "--raw", file.path]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return (process.terminationStatus, text)
    }
}
