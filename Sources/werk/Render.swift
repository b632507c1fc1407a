// `werk render TEMPLATE --templates DIR [--context FILE.json]`: renders one template to
// standard output, for checking templates by hand and in scripts.
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkTemplates

/// Runs `werk render`; returns the exit status (0, 1 for a template error, 2 for bad usage).
func render(_ arguments: ArraySlice<String>) -> Int32 {
    var folder = "."
    var contextPath: String?
    var names: [String] = []
    var strict = false
    var index = arguments.startIndex
    while index < arguments.endIndex {
        let argument = arguments[index]
        switch argument {
        case "--templates", "--context":
            guard index + 1 < arguments.endIndex else {
                StandardError.shared.write("werk render: \(argument) needs a value\n")
                return 2
            }
            if argument == "--templates" { folder = arguments[index + 1] } else { contextPath = arguments[index + 1] }
            index += 1
        case "--strict": strict = true
        default:
            if argument.hasPrefix("--templates=") {
                folder = String(argument.dropFirst("--templates=".count))
            } else if argument.hasPrefix("--context=") {
                contextPath = String(argument.dropFirst("--context=".count))
            } else if argument.hasPrefix("-") {
                StandardError.shared.write("werk render: unknown option \(argument)\n")
                return 2
            } else {
                names.append(argument)
            }
        }
        index += 1
    }
    guard names.count == 1 else {
        StandardError.shared.write("werk render: give one template name (usage: werk render TEMPLATE --templates DIR [--context FILE.json])\n")
        return 2
    }
    var context: TemplateValue = [:]
    if let contextPath {
        do {
            var bytes: [UInt8] = []
            try FileRegion(wholeFileAt: contextPath).forEachChunk { bytes += $0 }
            context = try TemplateValue(json: String(decoding: bytes, as: UTF8.self))
        } catch {
            StandardError.shared.write("werk render: cannot read the context \(contextPath): \(error)\n")
            return 2
        }
        guard context.dictionaryValue != nil else {
            StandardError.shared.write("werk render: the context \(contextPath) must hold a JSON object\n")
            return 2
        }
    }
    let templates = Templates(folder: folder, strict: strict)
    do {
        let page = try templates.renderBytes(names[0], context)
        var written = 0
        while written < page.count {
            let n = page[written...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return 1 }
            written += n
        }
        return 0
    } catch let error as TemplateSyntaxError {
        StandardError.shared.write("\(error)\n")
    } catch let error as TemplateError where error.kind == .notFound && error.line == 0 {
        StandardError.shared.write("werk render: no template named '\(names[0])' in \(folder)\n")
    } catch {
        StandardError.shared.write("\(error)\n")
    }
    return 1
}
