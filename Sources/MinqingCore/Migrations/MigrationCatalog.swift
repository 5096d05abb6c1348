import Foundation

/// The migrations bundled with this library, in version order.
public enum MigrationCatalog {
    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func bundled() throws -> [Migration] {
        guard let directory = Bundle.module.url(forResource: "SQL", withExtension: nil) else {
            throw LoadError(description: "the migrations resource folder is missing from the bundle")
        }
        return try load(from: directory)
    }

    /// Loads `NNNN_name.sql` files from a folder; versions must be unique.
    public static func load(from directory: URL) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }
        var migrations: [Migration] = []
        for file in files {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw LoadError(description: "migration file '\(file)' is not named NNNN_name.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (previous, next) in zip(migrations, migrations.dropFirst()) where previous.version == next.version {
            throw LoadError(description: "two migrations share version \(next.version)")
        }
        return migrations
    }
}
