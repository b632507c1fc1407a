import Werk
import WerkMiddleware
import WerkTemplates

/// The Flask sign-in app the seed programs start from, in Werk: the same pages and templates
/// (`render_template('signin-ok.html', username=username)` becomes
/// `templates.response("signin-ok.html", ...)`), with what a real sign-in needs on top: the
/// password kept as a Werkzeug-format hash, the session regenerated on sign-in, and every form
/// carrying a CSRF token.
///
/// Pages: `GET /` and `POST /` the home page (it names the signed-in user), `GET /signin` the
/// form, `POST /signin` checks the user name and password, `POST /signout` forgets the user.
enum Signin {
    /// The users and their password hashes, in Werkzeug's format: this one was made by
    /// Werkzeug's `generate_password_hash('password')`, so a Flask app's user table works as is.
    static let users: [String: String] = [
        "admin": "scrypt:32768:8:1$h9xClkY29zC68Vsq$6491b98c14ce4247f6321f618821906588d63be0118f6a8df7f07f38c2e1760fc2cec807b883b8715bb7dac82d8c00e3537ed07d7b73c3f79f7b3e806e2a4d2a",
    ]

    /// Checked for a user name that does not exist, so that an unknown name takes as long as
    /// a wrong password and the timing tells an attacker nothing.
    static let decoyHash = users["admin"]!

    /// The application: the router behind sessions and CSRF protection. Throws when a setting
    /// is refused (a session secret shorter than 32 bytes, say).
    static func makeApp(templates: Templates, secret: String) throws -> any Application {
        var router = Router()
        router.route("/", methods: ["GET", "POST"]) { request in try home(request, templates) }
        router.get("/signin") { request in try signinForm(request, templates) }
        router.post("/signin") { request in try signin(request, templates) }
        router.post("/signout") { request in
            try request.requireSession().clear()
            return .redirect(to: "/", status: .seeOther)
        }
        _ = try router.map()  // a bad rule fails at startup, not on a request
        return stack(try sessions(secret: secret), csrfProtect(), app: router)
    }

    /// `/`: the home page, naming the signed-in user.
    static func home(_ request: Request, _ templates: Templates) throws -> Response {
        let user = try request.requireSession().get("user", as: String.self)
        return try templates.response("home.html", [
            "user": user.map(TemplateValue.string) ?? .none,
            "csrf_token": .string(try csrfToken(request)),
        ])
    }

    /// `GET /signin`: the form.
    static func signinForm(_ request: Request, _ templates: Templates) throws -> Response {
        try templates.response("form.html", ["csrf_token": .string(try csrfToken(request))])
    }

    /// `POST /signin`: a missing field is a 400 (Flask's `request.form['username']`); the right
    /// password signs the user in, anything else shows the form again with the name typed.
    static func signin(_ request: Request, _ templates: Templates) throws -> Response {
        let form = try request.form
        let username = try form.require("username")
        let password = try form.require("password")
        let hash = users[username] ?? decoyHash
        guard checkPasswordHash(hash, password: password), users[username] != nil else {
            return try templates.response("form.html", [
                "message": "Bad username or password",
                "username": .string(username),
                "csrf_token": .string(try csrfToken(request)),
            ])
        }
        let session = try request.requireSession()
        // A new session identity after sign-in: an id planted before it is worth nothing.
        session.regenerate()
        session["user"] = username
        return try templates.response("signin-ok.html", ["username": .string(username)])
    }
}
