// Templates in handlers: a response in one call, and a failing template is a 500.
import Testing
import Werk
import WerkTesting
@testable import WerkTemplates

@Suite struct ResponseTests {
    static let templates = Templates(sources: [
        "signin-ok.html": "<p>Welcome, {{ username }}!</p>",
        "broken.html": "{{ 1 / 0 }}",
        "bad-syntax.html": "{% if %}",
        "notes.txt": "Hi {{ username }}",
    ])

    @Test func responseIsHTMLWithTheRenderedPage() throws {
        let response = try ResponseTests.templates.response("signin-ok.html", ["username": "<admin>"])
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(try response.text == "<p>Welcome, &lt;admin&gt;!</p>")
        let created = try ResponseTests.templates.response("signin-ok.html", ["username": "x"], status: .created)
        #expect(created.status == .created)
        let text = try ResponseTests.templates.response("notes.txt", ["username": "<b>"])
        #expect(text.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(try text.text == "Hi <b>")
    }

    @Test func aFailingTemplateInAHandlerIsA500() throws {
        let app = Request.application { request in
            try ResponseTests.templates.response(String(request.path.dropFirst()), ["username": "u"])
        }
        let client = Client(app)
        #expect(try client.get("/signin-ok.html").status == .ok)
        #expect(try client.get("/broken.html").status == .internalServerError)
        #expect(try client.get("/bad-syntax.html").status == .internalServerError)
        #expect(try client.get("/missing.html").status == .internalServerError)
    }

    @Test func renderGivesStringAndBytes() throws {
        #expect(try ResponseTests.templates.render("signin-ok.html", ["username": "é"]) == "<p>Welcome, é!</p>")
        #expect(try ResponseTests.templates.renderBytes("signin-ok.html", ["username": "é"]) == Array("<p>Welcome, é!</p>".utf8))
        let template = try ResponseTests.templates.template(named: "signin-ok.html")
        #expect(template.name == "signin-ok.html")
        #expect(try template.render(["username": "t"]) == "<p>Welcome, t!</p>")
    }
}

/// The README's handler, as written there.
@Suite struct ReadmeExampleTests {
    @Test func signinHandlerFromTheReadme() throws {
        let templates = Templates(sources: [
            "base.html": "<title>{% block title %}Werk{% endblock %}</title>\n{% block content %}{% endblock %}",
            "signin-ok.html": """
                {% extends "base.html" %}
                {% macro field(name, value='', type='text') -%}
                  <input type="{{ type }}" name="{{ name }}" value="{{ value }}">
                {%- endmacro %}
                {% block content %}<p>Welcome, {{ username }}!</p>{{ field('q', type='search') }}{% endblock %}
                """,
        ])
        var router = Router()
        router.post("/signin") { request in
            try templates.response("signin-ok.html", ["username": try request.form["username"] ?? ""])
        }
        let response = try Client(router).post("/signin", form: [("username", "<b>x</b>")])
        #expect(response.status == .ok)
        #expect(try response.text == "<title>Werk</title>\n<p>Welcome, &lt;b&gt;x&lt;/b&gt;!</p><input type=\"search\" name=\"q\" value=\"\">")
    }
}
