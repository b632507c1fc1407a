import Werk

/// Middleware that parses a request's form body (urlencoded or multipart) once, before the
/// app runs, and stores it in the environ under `ParsedFormKey`: every later `Request` and
/// middleware then sees the same form without reading the body again.
///
/// A body that breaks a limit or is malformed is answered here (413 or 400) and the app is not
/// called. Requests without a form body pass through untouched, their body unread.
///
///     let app = stack(formParsing(limits: FormLimits(maxContentLength: 16 << 20)), app: router)
public func formParsing(limits: FormLimits = FormLimits()) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            guard environ[ParsedFormKey.self] == nil else { return try app(&environ, startResponse) }
            let request = Request(environ, limits: limits)
            guard request.mimetype == "application/x-www-form-urlencoded" || request.mimetype == "multipart/form-data" else {
                return try app(&environ, startResponse)
            }
            do {
                environ[ParsedFormKey.self] = try request.parsedForm
            } catch {
                return try HTTPError.from(error).response(for: request)(&environ, startResponse)
            }
            return try app(&environ, startResponse)
        }
    }
}
