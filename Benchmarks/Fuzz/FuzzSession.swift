// libFuzzer target for the session cookie decoder (issue 14): SessionSigner and the session
// payload. Not part of the package build: `Benchmarks/fuzz.sh session` compiles it with
// Middleware/Session*.swift against the instrumented Werk module.
//
// Input: a count of edits (byte 0), the edits (3 bytes each: kind, position, value), then the
// payload. With a fixed secret and clock, besides no crash, hang or leak:
// - the signed cookie holds only cookie-safe characters and unsigns back to the payload up to
//   maxAge seconds later and up to 60 s of clock skew before, not beyond;
// - a cookie changed in any way (a bit flipped, a byte replaced, inserted or removed, cut short)
//   is refused; the whole input taken as a cookie is refused unless it is exactly what the
//   signer writes for that payload and issue time (libFuzzer copies strings the target compares
//   into its inputs, so it can replay a cookie signed in an earlier run);
// - another secret, salt or cookie name refuses it; a signer that keeps the secret as an older
//   one accepts it (rotation);
// - a payload that is a session's storage is written back by Session.payload() to the same storage.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import Werk

let secret = "fuzz-secret-0123456789abcdef-0123456789abcdef"
let otherSecret = "another-secret-0123456789abcdef-0123456789abcdef"
let now = 1_700_000_000
let maxAge = 3600
let signer = try! SessionSigner(secrets: [secret], maxAge: maxAge)
let rotated = try! SessionSigner(secrets: [otherSecret, secret], maxAge: maxAge)
let strangers = [try! SessionSigner(secrets: [otherSecret], maxAge: maxAge),
                 try! SessionSigner(secrets: [secret], salt: "other.salt", maxAge: maxAge),
                 try! SessionSigner(secrets: [secret], cookieName: "other", maxAge: maxAge)]

func isCookieSafe(_ byte: UInt8) -> Bool {
    werkIsUnreservedByte(byte) && byte != UInt8(ascii: "~")
}

/// The cookie with one edit applied.
func edited(_ cookie: [UInt8], kind: UInt8, position: Int, value: UInt8) -> [UInt8] {
    var bytes = cookie
    guard !bytes.isEmpty else { return [value] }
    let at = position % bytes.count
    switch kind % 5 {
    case 0: bytes[at] ^= 1 << (value & 7)
    case 1: bytes[at] = value
    case 2: bytes.insert(value, at: position % (bytes.count + 1))
    case 3: bytes.remove(at: at)
    default: bytes.removeLast(bytes.count - at)
    }
    return bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSession(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    if let accepted = signer.unsign(input.text, now: now) {
        let issued = input.text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first.flatMap { Int($0) }
        require(issued.map { signer.sign(accepted, now: $0) } == input.text,
                "an input the signer did not write was accepted as a cookie: \(String(reflecting: input.text))")
    }
    let editCount = Int(input.byte() % 8)
    let edits = (0..<editCount).map { _ in (input.byte(), input.int(below: 65536), input.byte()) }
    let payload = input.rest()

    let cookie = signer.sign(payload, now: now)
    require(cookie.utf8.allSatisfy { isCookieSafe($0) }, "cookie-unsafe byte in \(cookie)")
    require(signer.unsign(cookie, now: now) == payload, "a signed cookie did not unsign: \(cookie)")
    require(signer.unsign(cookie, now: now + maxAge) == payload, "refused at exactly maxAge")
    require(signer.unsign(cookie, now: now + maxAge + 1) == nil, "accepted after maxAge")
    require(signer.unsign(cookie, now: now - 60) == payload, "refused within the clock skew")
    require(signer.unsign(cookie, now: now - 61) == nil, "accepted from the future")
    require(rotated.unsign(cookie, now: now) == payload, "an older secret is not accepted")
    for stranger in strangers { require(stranger.unsign(cookie, now: now) == nil, "another key accepted \(cookie)") }

    var bytes = Array(cookie.utf8)
    for (kind, position, value) in edits {
        bytes = edited(bytes, kind: kind, position: position, value: value)
        let changed = String(decoding: bytes, as: UTF8.self)
        if changed != cookie {
            require(signer.unsign(changed, now: now) == nil,
                    "a changed cookie was accepted: \(String(reflecting: changed)) (signed: \(cookie))")
        }
    }

    if let storage = Session.storage(fromPayload: payload) {
        let written = Session(storage: storage, isNew: false).payload()
        require(Session.storage(fromPayload: written) == storage, "session storage changed through payload()")
    }
    return 0
}
