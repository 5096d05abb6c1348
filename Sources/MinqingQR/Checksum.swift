/// Checksums used by the PNG container, computed in pure Swift.
public enum Checksum {
    /// Lookup table for the reflected CRC-32 polynomial 0xEDB88320.
    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// CRC-32 (ISO-HDLC, as used by PNG and zlib's `crc32`).
    /// `crc32(Array("123456789".utf8)) == 0xCBF43926`.
    public static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8)
        }
        return c ^ 0xFFFF_FFFF
    }

    /// Adler-32 (RFC 1950), the zlib stream trailer.
    /// `adler32(Array("Wikipedia".utf8)) == 0x11E60398`.
    public static func adler32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        let mod: UInt32 = 65_521
        var a: UInt32 = 1
        var b: UInt32 = 0
        var pending = 0
        for byte in bytes {
            a += UInt32(byte)
            b += a
            pending += 1
            // 5552 is the largest n keeping b below 2^32 before reduction (zlib's NMAX).
            if pending == 5552 {
                a %= mod
                b %= mod
                pending = 0
            }
        }
        return ((b % mod) << 16) | (a % mod)
    }
}
