import Werk

/// The seed app that routes by hand: one application function that looks at the request's
/// method (`REQUEST_METHOD`) and path (`PATH_INFO`) and picks a handler, the way a WSGI app
/// does before it reaches for a framework. No router is involved; the handlers use only the
/// gateway interface, with `Request` for the form and `HTTPError` for 404 and 405.
///
/// Pages: `GET /` (and `POST /`) the home page, `GET /signin` the form, `POST /signin` checks
/// `admin`/`password`.
let dispatchApp = AppFunction { environ, startResponse in
    // The same two facts a WSGI app reads as environ['REQUEST_METHOD'] and environ['PATH_INFO'].
    let method = environ.method
    let path = environ.pathInfo
    // HEAD is answered like GET; the server sends the head without the body.
    switch (method, path) {
    case ("GET", "/"), ("HEAD", "/"), ("POST", "/"):
        return try handleHome(&environ, startResponse)
    case ("GET", "/signin"), ("HEAD", "/signin"):
        return try handleSigninForm(&environ, startResponse)
    case ("POST", "/signin"):
        return try handleSignin(&environ, startResponse)
    case (_, "/"):
        return try HTTPError.methodNotAllowed(allowed: ["GET", "HEAD", "POST"])(&environ, startResponse)
    case (_, "/signin"):
        return try HTTPError.methodNotAllowed(allowed: ["GET", "HEAD", "POST"])(&environ, startResponse)
    default:
        return try HTTPError.notFound()(&environ, startResponse)
    }
}

/// `/`: the home page.
func handleHome(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
    try htmlPage(startResponse, "<h1>Home</h1>")
}

/// `GET /signin`: the sign-in form.
func handleSigninForm(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
    try htmlPage(startResponse, """
        <form action="/signin" method="post">
        <p><input name="username"></p>
        <p><input name="password" type="password"></p>
        <p><button type="submit">Sign In</button></p>
        </form>
        """)
}

/// `POST /signin`: reads the urlencoded form and answers. A missing field is a 400, the way
/// a Flask app's `request.form['username']` is.
func handleSignin(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
    let form = try Request(environ).form
    guard let username = form["username"], let password = form["password"] else {
        return try HTTPError.badRequest("The form needs a username and a password.")(&environ, startResponse)
    }
    if username == "admin" && password == "password" {
        // Anything the client sent is escaped before it goes into the page.
        return try htmlPage(startResponse, "<h3>Hello, \(escapeHTML(username))!</h3>")
    }
    return try htmlPage(startResponse, "<h3>Bad username or password.</h3>")
}

/// Starts a 200 HTML response and returns `html` as its body.
func htmlPage(_ startResponse: StartResponse, _ html: String) throws -> Body {
    try startResponse(.ok, ["Content-Type": "text/html; charset=utf-8"])
    return Body(html)
}
