/// Passwords of at least 10 characters that top the published leak lists (in lower case), including the
/// ones Chinese users choose most: refused as new passwords by ``PasswordRule``. A small list on purpose:
/// it stops the guesses an online attacker makes first, the login throttle stops the rest.
enum CommonPasswords {
    static let all: Set<String> = [
        "1234567890", "0123456789", "12345678910", "123456789a", "a123456789", "1234567890a", "qwertyuiop",
        "1q2w3e4r5t", "1qaz2wsx3edc", "qazwsxedc123", "password12", "password123", "password1234", "passw0rd123",
        "iloveyou123", "abc1234567", "abcd123456", "abcdefghij", "1111111111", "0000000000", "8888888888",
        "6666666666", "5201314520", "5211314521", "1314520520", "woaini1314", "woaini5201314", "aaaaaaaaaa",
        "qwerty1234", "qwerty123456", "asdfghjkl1", "zxcvbnm123", "1234qwerty", "123qweasdzxc", "1q2w3e4r5t6y",
        "admin12345", "admin123456", "administrator", "welcome123", "changeme123", "letmein123", "football123",
        "1234512345", "1122334455", "1234554321", "9876543210", "147258369a", "123123123a", "a1b2c3d4e5",
        "zhang123456", "wang123456", "li12345678", "huawei1234", "renda12345", "minqing123", "minqing2026",
        "p@ssw0rd12", "p@ssword123", "q1w2e3r4t5", "987654321a", "11223344556", "abcabcabc1",
    ]
}
