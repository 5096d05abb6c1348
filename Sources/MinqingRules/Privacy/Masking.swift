/// How personal data is shown: 138****5678, 张*.
public enum Masking {
    public static func phone(_ phone: String) -> String {
        guard phone.count == 11 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }

    public static func name(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}
