// Signin: the Flask sign-in app of the seed programs on Werk's dev server, with Jinja
// templates rendered by WerkTemplates.
//
//     swift run signin                          # http://127.0.0.1:5000/
//     swift run signin --port 8080 --templates Examples/Signin/templates --secret KEY
#if canImport(Glibc)
import Glibc
#endif
import Werk
import WerkServer
import WerkTemplates

/// The templates next to this file, so `swift run signin` works from the package folder.
let defaultTemplates: String = {
    let source = #filePath
    return String(source[..<(source.lastIndex(of: "/") ?? source.endIndex)]) + "/templates"
}()

do {
    var own = Array(CommandLine.arguments.dropFirst())
    var folder = defaultTemplates
    if let index = own.firstIndex(where: { $0 == "--templates" || $0.hasPrefix("--templates=") }) {
        if let equals = own[index].firstIndex(of: "=") {
            folder = String(own[index][own[index].index(after: equals)...])
            own.remove(at: index)
        } else {
            guard index + 1 < own.count else { throw ServerArgumentsError(message: "--templates needs a folder") }
            folder = own[index + 1]
            own.removeSubrange(index...(index + 1))
        }
    }
    var arguments = try ServerArguments.parse(own)
    // Flask's development server listens on port 5000.
    if !own.contains(where: { $0 == "--port" || $0.hasPrefix("--port=") }) { arguments.port = 5000 }
    guard let info = try? FileInfo(path: folder), info.isDirectory else {
        throw ServerArgumentsError(message: "the templates folder \(folder) does not exist")
    }
    // Without --secret the sessions are signed with a key made at startup (they end with the process).
    let secret = arguments.secret ?? SecureRandom.hex(32)
    let app = try Signin.makeApp(templates: Templates(folder: folder, debug: true), secret: secret)
    try runSimple(listeningOn: arguments.addresses, app: app, options: arguments.options())
} catch {
    StandardError.shared.write("signin: \(error)\n")
    exit(2)
}
