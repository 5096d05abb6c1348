import Foundation

/// Finds a key given twice in one JSON object. Foundation's parsers keep one of the two silently, so
/// `{"name":"甲","name":"乙"}` would mean whichever they pick; such a body is refused instead. Keys are
/// compared after unescaping (`"n\u0061me"` is `"name"`). Malformed JSON is left to the decoder.
enum JSONDuplicateKeys {
    static func first(in bytes: [UInt8]) -> String? {
        var scanner = Scanner(bytes: bytes)
        return scanner.duplicate()
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        /// The keys seen in each open container; nil for an array.
        var stack: [Set<String>?] = []
        /// In an object, whether the next string is a key.
        var expectingKey = false

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        mutating func duplicate() -> String? {
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append([])
                    expectingKey = true
                case UInt8(ascii: "["):
                    stack.append(nil)
                    expectingKey = false
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    _ = stack.popLast()
                    expectingKey = false
                case UInt8(ascii: ","):
                    expectingKey = stack.last.map { $0 != nil } ?? false
                case UInt8(ascii: ":"):
                    expectingKey = false
                case UInt8(ascii: "\""):
                    guard let literal = stringLiteral() else { return nil }
                    if expectingKey, var keys = stack.last ?? nil {
                        guard let key = try? JSONDecoder().decode(String.self, from: Data(literal)) else { return nil }
                        if !keys.insert(key).inserted { return key }
                        stack[stack.count - 1] = keys
                        expectingKey = false
                    }
                    continue
                default:
                    break
                }
                index += 1
            }
            return nil
        }

        /// The string literal starting at `index` (quotes included), leaving `index` after it.
        mutating func stringLiteral() -> [UInt8]? {
            let start = index
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\\"): index += 2
                case UInt8(ascii: "\""):
                    index += 1
                    return Array(bytes[start..<index])
                default: index += 1
                }
            }
            return nil
        }
    }
}
