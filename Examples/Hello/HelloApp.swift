import Werk

/// The seed program: an application written against the raw interface, Werk's version of
/// PEP 3333's first example.
let helloApp = AppFunction { environ, startResponse in
    try startResponse(.ok, ["Content-Type": "text/html; charset=utf-8"])
    return Body("<h1>Hello, web!</h1>")
}
