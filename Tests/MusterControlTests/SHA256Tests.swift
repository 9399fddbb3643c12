import MusterControl
import MusterTestSupport
import Testing

struct SHA256Tests {
    @Test func knownDigests() {
        #expect(SHA256Hasher.hash(Array("".utf8)).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hasher.hash(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(SHA256Hasher.hash(long).hex == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func streamingMatchesOneShot() {
        var hasher = SHA256Hasher()
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalize() == SHA256Hasher.hash(Array("abc".utf8)))
        var fields = SHA256Hasher()
        fields.update(field: "ab")
        fields.update(field: "c")
        var shifted = SHA256Hasher()
        shifted.update(field: "a")
        shifted.update(field: "bc")
        #expect(fields.finalize() != shifted.finalize())
    }

    @Test func hmacMatchesRFC4231() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(
            SHA256Hasher.hmac(key: key, message: Array("Hi There".utf8)).hex
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func fingerprintDoesNotShowTheKey() {
        let key = Authkey.random()
        #expect(key.bytes.count == 32)
        #expect(key.hex.count == 64)
        #expect(key.fingerprint.hasPrefix("sha256:"))
        #expect(!key.hex.contains(key.fingerprint.dropFirst(7)))
        #expect(Authkey.random() != key)
    }
}
