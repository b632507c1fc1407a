import Werk

/// Bytes from hex written with any spacing or line breaks, as the RFCs print vectors.
func vectorBytes(_ text: String) -> [UInt8] {
    bytes(fromHex: text.filter(\.isHexDigit)) ?? []
}
