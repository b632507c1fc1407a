// Template values from Swift: literals, Encodable models, JSON; printed as Python prints them.
import Testing
@testable import WerkTemplates

@Suite struct ValueTests {
    struct Row: Encodable {
        var id: Int
        var name: String
        var price: Double
        var tags: [String]
        var note: String?
        var active: Bool
    }

    struct Page: Encodable {
        var title: String
        var rows: [Row]
        var counts: [String: Int]
    }

    @Test func encodableModelsBecomeDictionariesInDeclarationOrder() throws {
        let page = Page(title: "<T>", rows: [Row(id: 1, name: "a&b", price: 2.5, tags: ["x"], note: nil, active: true),
                                             Row(id: 2, name: "c", price: 3, tags: [], note: "n", active: false)],
                        counts: ["b": 2, "a": 1])
        let value = try TemplateValue(encoding: page)
        #expect(value["rows"].listValue?.first?.dictionaryValue?.keys == ["id", "name", "price", "tags", "active"])
        let templates = Templates(sources: ["t.html": """
            {{ title }}{% for r in rows %}|{{ r.id }} {{ r.name }} {{ r.price }} {{ r.tags }} {{ r.note }} {{ r.active }}{% endfor %}|{{ counts.a + counts.b }}
            """])
        #expect(try templates.render("t.html", value) == "&lt;T&gt;|1 a&amp;b 2.5 [&#39;x&#39;]  True|2 c 3.0 [] n False|3")
        #expect(try templates.render("t.html", encoding: page) == templates.render("t.html", value))
    }

    @Test func contextsOfSwiftValues() throws {
        let username = "admin<"
        let count = 3
        let templates = Templates(sources: ["t.html": "{{ username }} {{ count }} {{ tags|join(',') }} {{ nothing }}"])
        let tags: [String] = ["a", "b"]
        let nothing: String? = nil
        #expect(try templates.render("t.html", ["username": username, "count": count, "tags": tags, "nothing": nothing]) == "admin&lt; 3 a,b None")
    }

    @Test func literalsBuildNestedValues() throws {
        let context: TemplateValue = ["user": ["name": "admin", "admin": true, "score": 9.5], "rows": [1, "two", nil, [3]]]
        let templates = Templates(sources: ["t.html": "{{ user }} {{ rows }}"])
        #expect(try templates.render("t.html", context) == "{&#39;name&#39;: &#39;admin&#39;, &#39;admin&#39;: True, &#39;score&#39;: 9.5} [1, &#39;two&#39;, None, [3]]")
    }

    @Test(arguments: [
        (1.0, "1.0"), (0.1, "0.1"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"), (0.00001, "1e-05"),
        (-0.0, "-0.0"), (198.02, "198.02"), (9.5e15, "9500000000000000.0"), (123456789.123, "123456789.123"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (Double.leastNonzeroMagnitude, "5e-324"), (2.5e-05, "2.5e-05"), (-1.5, "-1.5"),
        (0.30000000000000004, "0.30000000000000004"), (1e22, "1e+22"), (123456789012345678.0, "1.2345678901234568e+17"),
        (Double.nan, "nan"), (Double.infinity, "inf"), (-Double.infinity, "-inf"), (100.0, "100.0"), (999999999.999999, "999999999.999999"),
    ])
    func floatsPrintAsPythonRepr(_ value: Double, _ python: String) throws {
        #expect(PythonFloat.repr(value) == python)
        let templates = Templates(sources: ["t.html": "{{ x }}"])
        #expect(try templates.render("t.html", ["x": .double(value)]) == python)
    }

    @Test func jsonKeepsIntsFloatsAndOrder() throws {
        let value = try TemplateValue(json: #"{"b": 1, "a": 1.0, "c": [true, null, "é\u00e9\ud83d\ude00"], "d": {}, "e": -2.5e3}"#)
        #expect(value.dictionaryValue?.keys == ["b", "a", "c", "d", "e"])
        #expect(value.description == "{'b': 1, 'a': 1.0, 'c': [True, None, 'éé😀'], 'd': {}, 'e': -2500.0}")
        for bad in ["{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "{} x", "[1 2]"] {
            #expect(throws: TemplateJSONError.self) { try TemplateValue(json: bad) }
        }
    }

    @Test func pythonTruthinessAndEquality() {
        let falsy: [TemplateValue] = [nil, false, 0, 0.0, "", [], [:], .undefined]
        #expect(falsy.allSatisfy { !$0.isTruthy })
        let truthy: [TemplateValue] = [true, 1, -1.5, " ", [0], ["a": 1], .safe("x")]
        #expect(truthy.allSatisfy { $0.isTruthy })
        #expect(TemplateValue.int(1).pythonEquals(.double(1.0)))
        #expect(TemplateValue.bool(true).pythonEquals(.int(1)))
        #expect(!TemplateValue.string("1").pythonEquals(.int(1)))
        #expect(TemplateValue.safe("a").pythonEquals("a"))
        #expect(!TemplateValue.int(9_007_199_254_740_993).pythonEquals(.double(9_007_199_254_740_992)))
    }
}
