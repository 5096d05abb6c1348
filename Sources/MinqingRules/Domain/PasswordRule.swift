/// What a new password must be: at least 10 characters, not the username, not one of the passwords every
/// attacker tries first (``CommonPasswords``). bcrypt reads only the first 72 bytes, so a longer password
/// would be silently cut; a NUL would end it early in C. Both are refused rather than half-counted.
public enum PasswordRule {
    public static let characters = 10...128
    public static let maximumBytes = 72

    /// Why `password` cannot be set for `username`; nil when it can.
    public static func refusal(_ password: String, username: String? = nil) -> String? {
        if FieldValidator.containsControl(password) {
            return "must not contain control characters"
        }
        if !characters.contains(password.count) { return "must be 10 to 128 characters" }
        if password.utf8.count > maximumBytes {
            return "must be at most 72 bytes in UTF-8 (bcrypt reads no further; 24 Chinese characters)"
        }
        let folded = password.lowercased()
        if let username, folded.contains(username.lowercased()) { return "must not contain the username" }
        if CommonPasswords.all.contains(folded) { return "is one of the most common passwords; choose another" }
        return nil
    }
}
