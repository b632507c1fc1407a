// Loading the Jinja2-rendered fixtures (Fixtures/cases.json, made by Fixtures/generate.py).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import WerkTemplates

/// One case: templates by name, the one rendered, its context as JSON, and what Jinja2 gave.
struct JinjaCase: Decodable, Sendable, CustomTestStringConvertible {
    let name: String
    let files: [String: String]
    let template: String
    let context: String
    let output: String?
    let error: String?
    let message: String?

    var testDescription: String { name }
}

enum Fixtures {
    /// This test folder (the fixtures sit beside the tests).
    static let folder: String = {
        let path = "\(#filePath)"
        return String(path[..<path.lastIndex(of: "/")!])
    }()

    /// The package root: `../shared` sits beside it.
    static let packageRoot: String = {
        var path = folder
        for _ in 0..<2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path
    }()

    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    struct File: Decodable {
        let jinja2: String
        let cases: [JinjaCase]
    }

    static let cases: [JinjaCase] = {
        guard let data = FileManager.default.contents(atPath: folder + "/Fixtures/cases.json"),
              let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()

    static func cases(where predicate: (JinjaCase) -> Bool) -> [JinjaCase] { cases.filter(predicate) }
}
