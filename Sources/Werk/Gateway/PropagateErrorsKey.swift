/// Set to true by a debugger in front of an app (WerkServer's `debugger()`): then
/// `Request.application` and `Router` rethrow a handler's error that is not an `HTTPError`
/// instead of answering a 500 page themselves, so the debugger can show it (Flask's
/// `PROPAGATE_EXCEPTIONS`). `HTTPError`s still become their own responses.
///
///     environ[PropagateErrorsKey.self] = true
public enum PropagateErrorsKey: EnvironKey {
    /// True: let handler errors through to the caller.
    public typealias Value = Bool
}
