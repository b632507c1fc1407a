// Debug mode: a template whose file changed (or a template it extends or includes) is
// compiled again on its next use; without debug the cached one stays.
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import WerkTemplates

@Suite struct ReloadTests {
    /// A fresh folder with `files`, removed by the caller.
    static func folder(_ files: [String: String]) throws -> String {
        let path = "/tmp/werk-templates-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path + "/parts", withIntermediateDirectories: true)
        for (name, text) in files { try write(text, to: path + "/" + name) }
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static let files = [
        "base.html": "<h1>{% block title %}base{% endblock %}</h1>",
        "page.html": "{% extends 'base.html' %}{% block title %}{{ name }} {% include 'parts/badge.html' %}{% endblock %}",
        "parts/badge.html": "[v1]",
    ]

    @Test func debugModePicksUpEditsOfTheTemplateAndWhatItUses() throws {
        let root = try ReloadTests.folder(ReloadTests.files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let templates = Templates(folder: root, debug: true)
        #expect(try templates.render("page.html", ["name": "x"]) == "<h1>x [v1]</h1>")
        try ReloadTests.write("[v2]", to: root + "/parts/badge.html")
        #expect(try templates.render("page.html", ["name": "x"]) == "<h1>x [v2]</h1>")
        try ReloadTests.write("<h2>{% block title %}{% endblock %}</h2>", to: root + "/base.html")
        #expect(try templates.render("page.html", ["name": "x"]) == "<h2>x [v2]</h2>")
        try ReloadTests.write("{% extends 'base.html' %}{% block title %}{{ name|upper }}{% endblock %}", to: root + "/page.html")
        #expect(try templates.render("page.html", ["name": "x"]) == "<h2>X</h2>")
    }

    @Test func anEditThatBreaksTheTemplateIsAnErrorUntilFixed() throws {
        let root = try ReloadTests.folder(ReloadTests.files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let templates = Templates(folder: root, debug: true)
        #expect(try templates.render("parts/badge.html") == "[v1]")
        try ReloadTests.write("{% if %}", to: root + "/parts/badge.html")
        #expect(throws: TemplateSyntaxError.self) { try templates.render("parts/badge.html") }
        try ReloadTests.write("[fixed]", to: root + "/parts/badge.html")
        #expect(try templates.render("parts/badge.html") == "[fixed]")
    }

    @Test func withoutDebugTheCompiledTemplateStays() throws {
        let root = try ReloadTests.folder(ReloadTests.files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let templates = Templates(folder: root)
        #expect(try templates.render("parts/badge.html") == "[v1]")
        try ReloadTests.write("[v2]", to: root + "/parts/badge.html")
        #expect(try templates.render("parts/badge.html") == "[v1]")
        templates.clearCache()
        #expect(try templates.render("parts/badge.html") == "[v2]")
    }

    @Test func namesCannotLeaveTheFolder() throws {
        let root = try ReloadTests.folder(ReloadTests.files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ReloadTests.write("secret", to: root + "/../werk-templates-outside-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: root + "/../werk-templates-outside-\(getpid())") }
        let templates = Templates(folder: root)
        for name in ["../werk-templates-outside-\(getpid())", "/etc/passwd", "parts/../../werk-templates-outside-\(getpid())", ""] {
            let error = #expect(throws: TemplateError.self) { try templates.render(name) }
            #expect(error?.kind == .notFound)
        }
        #expect(try templates.render("./parts//badge.html") == "[v1]")
    }
}
