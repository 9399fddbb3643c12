import MusterTestSupport
import Testing

/// `muster completions bash`, sourced in a real bash and driven as bash drives it on TAB: the
/// function `complete -p muster` names is called with COMP_WORDS, COMP_CWORD, COMP_LINE and
/// COMP_POINT set, and COMPREPLY is read back. The built `muster` is first on PATH, since the
/// script calls `muster ---completion …` back for entry names.
struct BashCompletionTests {
    /// Sources the script `$1`, prints the registration, then completes the words `$2…` (the
    /// last is the word under the cursor) and prints each reply on a line of its own.
    static let driver = #"""
        source "$1" || exit 3
        shift
        registration=$(complete -p muster) || exit 4
        printf 'registration: %s\n' "$registration"
        function=$(sed -E 's/.* -F ([^ ]+) .*/\1/' <<< "$registration")
        printf 'type: %s\n' "$(type -t "$function")"
        COMP_WORDS=("$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="${COMP_WORDS[*]}"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        "$function" muster "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        for reply in "${COMPREPLY[@]}"; do printf 'reply: %s\n' "$reply"; done
        """#

    /// What one completion gave.
    struct Completion {
        /// `complete -p muster`.
        var registration: String
        /// `type -t` of the function it names.
        var functionType: String
        /// COMPREPLY, sorted.
        var replies: [String]
    }

    /// Completes `words` (the last one under the cursor) in a folder whose muster.yaml declares
    /// alpha and beta, and other.yaml gamma.
    static func complete(_ words: [String]) throws -> Completion {
        let folder = TemporaryDirectory()
        defer { folder.remove() }
        folder.write("muster.yaml", "processes:\n  alpha: {command: \"true\"}\n  beta: {command: \"true\"}\n")
        folder.write("other.yaml", "processes:\n  gamma: {command: \"true\"}\n")
        folder.write("notes.txt", "not a manifest\n")
        let generated = try MusterBinary.run(["completions", "bash"])
        try #require(generated.status == 0, "\(generated.standardError)")
        let script = folder.write("muster.bash", generated.standardOutput)
        let bash = try #require(ExternalTools.path("bash"), "bash is not installed")
        let outcome = try MusterBinary.run(
            ["-c", driver, "bash", script] + words, in: folder.path,
            environment: ["PATH": ExternalTools.pathWithMuster],
            executable: bash)
        try #require(outcome.status == 0, "bash failed (\(outcome.status)): \(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        func values(_ label: String) -> [String] {
            lines.filter { $0.hasPrefix(label + ": ") }.map { String($0.dropFirst(label.count + 2)) }
        }
        return Completion(
            registration: values("registration").first ?? "", functionType: values("type").first ?? "",
            replies: values("reply").sorted())
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theScriptRegistersAFunctionForMuster() throws {
        let completion = try Self.complete(["muster", ""])
        #expect(completion.registration == "complete -o filenames -F _muster muster")
        #expect(completion.functionType == "function")
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func runCompletesTheEntryNamesOfTheManifestHere() throws {
        #expect(try Self.complete(["muster", "run", ""]).replies == ["alpha", "beta"])
        #expect(try Self.complete(["muster", "run", "alpha", "b"]).replies == ["beta"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func subcommandNamesCompleteFromAPrefix() throws {
        #expect(try Self.complete(["muster", "st"]).replies == ["start", "stop"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func namesComeFromTheManifestTheLineNames() throws {
        #expect(try Self.complete(["muster", "-f", "other.yaml", "plan", ""]).replies == ["gamma"])
        #expect(try Self.complete(["muster", "stop", "--file", "other.yaml", "g"]).replies == ["gamma"])
        #expect(try Self.complete(["muster", "restart", "-f", "other.yaml", ""]).replies == ["gamma"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func inLogsDashFFollowsAndNamesStillComplete() throws {
        #expect(try Self.complete(["muster", "logs", "-f", ""]).replies == ["alpha", "beta"])
        #expect(try Self.complete(["muster", "-f", "other.yaml", "logs", "-f", ""]).replies == ["gamma"])
    }

    @Test(.tags(.integration), .timeLimit(.minutes(1)))
    func theGlobalFileCompletesManifestPaths() throws {
        #expect(try Self.complete(["muster", "-f", ""]).replies == ["muster.yaml", "other.yaml"])
        #expect(try Self.complete(["muster", "check", "--file", ""]).replies == ["muster.yaml", "other.yaml"])
    }
}
