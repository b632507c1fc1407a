// The peers' benchmark page (../shared/peers/templates/table.html with data.json) renders to
// exactly what Jinja2 renders (Fixtures/peer-table.html, written by generate.py from Jinja2).
import Testing
@testable import WerkTemplates

@Suite struct PeerPageTests {
    static let peers = Fixtures.packageRoot + "/../shared/peers/templates"

    @Test func tablePageMatchesJinja() throws {
        let expected = try #require(Fixtures.read(Fixtures.folder + "/Fixtures/peer-table.html"))
        let folder = PeerPageTests.peers
        let json = try #require(Fixtures.read(folder + "/data.json"), "../shared/peers/templates beside the package")
        let templates = Templates(folder: folder)
        let page = try templates.render("table.html", try TemplateValue(json: json))
        #expect(page == expected)
        #expect(page.utf8.count == 13911)
    }
}
