import Foundation
import Testing

@testable import MinqingQR

@Suite struct PNGEncoderTests {
    @Test func checksumKnownVectors() {
        #expect(Checksum.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Checksum.crc32([UInt8]()) == 0)
        #expect(Checksum.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Checksum.adler32([UInt8]()) == 1)
        // Long input exercises the deferred modulo reduction.
        let big = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in big {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        #expect(Checksum.adler32(big) == b << 16 | a)
    }

    @Test func headerAndIHDR() throws {
        let png = PNGEncoder.grayscale(width: 3, height: 2, pixels: [0, 128, 255, 255, 128, 0])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(StoredPNGReader.bigEndian32(png, 8) == 13)
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(StoredPNGReader.bigEndian32(png, 16) == 3)
        #expect(StoredPNGReader.bigEndian32(png, 20) == 2)
        #expect(Array(png[24..<29]) == [8, 0, 0, 0, 0])
        #expect(StoredPNGReader.bigEndian32(png, 29) == Checksum.crc32(png[12..<29]))
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])

        let decoded = try StoredPNGReader.decode(png)
        #expect(decoded.chunkTypes == ["IHDR", "IDAT", "IEND"])
        #expect(decoded.pixels == [0, 128, 255, 255, 128, 0])
    }

    @Test(arguments: [0, 1, 65_535, 65_536, 200_000])
    func zlibStoredBlocksRoundTrip(count: Int) throws {
        let data = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let stream = PNGEncoder.zlibStored(data)
        let (inflated, blocks) = try StoredPNGReader.inflateStoredCountingBlocks(stream)
        #expect(inflated == data)
        #expect(blocks == max(1, (count + 65_534) / 65_535))
    }
}
