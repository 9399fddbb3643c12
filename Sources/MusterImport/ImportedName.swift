/// Names of imported entries, made unique as they are handed out.
enum ImportedName {
    /// `candidate` without the leading characters in `leading` (muster's names start with a
    /// letter or digit), `process` when nothing is left, and `-2`, `-3`, … added until it is not
    /// among `used`.
    static func unique(_ candidate: String, droppingLeading leading: Set<Character>, used: Set<String>) -> String {
        var base = String(candidate.drop { leading.contains($0) })
        if base.isEmpty { base = "process" }
        var unique = base
        var number = 2
        while used.contains(unique) {
            unique = "\(base)-\(number)"
            number += 1
        }
        return unique
    }
}
