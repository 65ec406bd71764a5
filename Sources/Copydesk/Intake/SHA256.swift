import CLibCrypto

/// SHA-256, for document ids: OpenSSL's libcrypto, which uses the CPU's SHA instructions where
/// they exist (about ten times the speed of portable Swift on this machine's Xeon).
public enum SHA256 {
    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hexDigest(of bytes: some Collection<UInt8>) -> String {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let hashed: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            _ = CLibCrypto.SHA256(buffer.baseAddress, buffer.count, &digest)
        }
        if hashed == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { _ = CLibCrypto.SHA256($0.baseAddress, $0.count, &digest) }
        }
        return hex(digest)
    }

    /// Bytes as lowercase hex digits, the form of document ids.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
