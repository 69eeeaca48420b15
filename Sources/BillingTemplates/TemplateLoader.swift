package import Foundation
package import Mustache

/// Builds one `MustacheLibrary` from the library's templates and the host's ``TemplateOverrides``.
///
/// Files are read and parsed synchronously so that the facade, whose initializer is synchronous, can load its
/// mail templates; it happens once at start-up.
package enum TemplateLoader {
    /// The library's templates under `root` with the host's overrides on top (see ``TemplateOverrides`` for the
    /// order).
    /// - Parameters:
    ///   - root: the library's template directory.
    ///   - overrides: the host's directory and registered templates.
    /// - Throws: ``TemplateError`` when a directory is missing or a template does not parse.
    package static func library(root: URL, overrides: TemplateOverrides) throws(TemplateError) -> MustacheLibrary {
        var templates = try templates(in: root)
        if let directory = overrides.directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { throw .directoryMissing(directory.path) }
            templates.merge(try Self.templates(in: directory)) { _, host in host }
        }
        for (name, source) in overrides.templates {
            templates[name] = try parse(source, name: name)
        }
        return MustacheLibrary(templates: templates)
    }

    /// The bundled template directory of a module.
    package static func bundledRoot(_ bundle: Bundle, module: String) throws(TemplateError) -> URL {
        guard let root = bundle.resourceURL?.appendingPathComponent("Templates"),
            FileManager.default.fileExists(atPath: root.path)
        else { throw .bundleMissing(module) }
        return root
    }

    /// Every `.mustache` file below `directory`, named by its relative path without the extension.
    private static func templates(in directory: URL) throws(TemplateError) -> [String: MustacheTemplate] {
        let base = directory.standardizedFileURL.path
        guard let paths = FileManager.default.enumerator(atPath: base) else { return [:] }
        var templates: [String: MustacheTemplate] = [:]
        for case let path as String in paths where path.hasSuffix(".mustache") {
            let file = base + "/" + path
            guard let data = FileManager.default.contents(atPath: file),
                let source = String(data: data, encoding: .utf8)
            else { throw .unreadable(file) }
            let name = String(path.dropLast(".mustache".count))
            templates[name] = try parse(source, name: name)
        }
        return templates
    }

    private static func parse(_ source: String, name: String) throws(TemplateError) -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: source)
        } catch {
            throw .invalid(name)
        }
    }
}
