/// What a new password must be. bcrypt reads only the first 72 bytes, so a longer password would be
/// silently cut; a NUL would end it early in C. Both are refused rather than half-counted.
public enum PasswordRule {
    public static let characters = 8...128
    public static let maximumBytes = 72

    /// Why `password` cannot be set; nil when it can.
    public static func refusal(_ password: String) -> String? {
        if FieldValidator.containsControl(password) {
            return "must not contain control characters"
        }
        if !characters.contains(password.count) { return "must be 8 to 128 characters" }
        if password.utf8.count > maximumBytes {
            return "must be at most 72 bytes in UTF-8 (bcrypt reads no further; 24 Chinese characters)"
        }
        return nil
    }
}
