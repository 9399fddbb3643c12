import Foundation

/// Manifests that try one field with one value each: for every field, values of every YAML type
/// (null, booleans in YAML 1.1 and 1.2 spellings, integers, floats, strings plain and quoted,
/// lists, mappings) plus the field's own valid and invalid values. `muster check` and the schema
/// must give each the same verdict.
///
/// What no JSON Schema can see is kept out: every path a value names exists (or can be created),
/// and every dependency names an entry that exists.
struct SchemaCorpus {
    /// One manifest of the corpus.
    struct Case: Sendable {
        /// `FIELD: VALUE`, for reports.
        var label: String
        /// The field's folder in the corpus (paths resolve there).
        var folder: String
        /// The manifest's text.
        var text: String
    }

    /// Values of every YAML type, as written after `key: `.
    static let everyType = [
        "~", "", "true", "yes", "off", "y", "\"yes\"", "\"true\"", "0", "1", "-1", "1.5", "0x10", "1_000", ".inf",
        "abc",
        "\"abc\"", "\"\"", "\"1\"", "\" \"", "250ms", "2024-01-01", "|\nblock", "[]", "[abc]", "[1]", "{}", "{a: b}",
    ]

    static let durations = [
        "1s", "250ms", "1m30s", "2h", "1.5", "\"1.5\"", "\".5\"", ".5", "1.", "\"1.\"", "0", "0s", "\"0\"", "0.0",
        "\"0.000\"",
        "0.0001s", "-1", "\"-1s\"", "1e3", "1.0e+3", "\"1h\"", "1:30", "5x", "\"10 minutes\"", "999999999999999h",
        "\"5 s\"", "s", "1.2.3s",
    ]

    static let commands = [
        "echo hi", "\"echo hi\"", "[echo, hi]", "[sleep, 1]", "[echo, 1.50, yes, ~]", "[echo, yes, 2]", "[\"\", x]",
        "[\"\"]", "[[a]]", "[{a: b}]", "|\necho block", "\"  \"", "123", "true", "yes", "\"123\"",
    ]

    /// Process fields and their own values; nested fields are written `ready.tcp`.
    static let processFields: [(String, [String])] = [
        ("command", commands),
        ("daemon", ["True", "TRUE", "\"no\"", "\"True\"", "N", "Off", "\"on\"", "tRUE"]),
        (
            "depends_on",
            [
                "[b]", "[b, abc]", "[b, b]", "{b: ready}", "{abc: succeeded}", "{b: {condition: started}}", "{b: {}}",
                "{b: {condition: ready, x: 1}}", "{b: healthy}", "{b: ~}", "b", "[\"b\"]", "[-b]", "{b: yes}",
                "{abc: completed, b: started}", "[~]",
            ]
        ),
        (
            "ready",
            [
                "{tcp: 5432}", "{exec: \"true\"}", "{exec: true}", "{http: \"http://127.0.0.1:8080/\"}", "{log: up}",
                "{tcp: 1, log: x}", "{interval: 1s}", "{tcp: 5432, retries: 3}",
            ]
        ),
        ("ready.exec", commands),
        (
            "ready.tcp",
            [
                "5432", "5432.0", "5432.5", "0", "65535", "65536", "\"5432\"", "\"05432\"", "\"localhost:5432\"",
                "localhost:5432", "\"[::1]:6379\"", "\"::1:6379\"", "\"[]:80\"", "\"h:0\"", "\"h:99999\"", "\"h :80\"",
                "\"localhost\"", "\":80\"", "127.0.0.1:05432", "\"a[b:80\"", "+80", "\"5432\\n\"",
            ]
        ),
        (
            "ready.http",
            [
                "\"http://127.0.0.1:8080/health\"", "http://h", "\"http://\"", "\"https://h/\"", "\"http://h:0/\"",
                "\"http://h:/\"", "\"http://[::1]/\"", "\"http://[::1]:80/x?y#z\"", "\"http://u@h/\"",
                "\"http://h/a b\"",
                "\"ftp://h\"", "\"http://h:65535?x\"", "\"http://[]/\"", "\"http://h#top\"", "\"http://h/\\n\"",
            ]
        ),
        (
            "ready.log",
            ["up", "\"(\"", "\"[a-\"", "\"^ready$\"", "\"a{2}\"", "200", "\"listening on .*:[0-9]+\"", "\"*x\""]
        ),
        ("ready.interval", durations),
        ("ready.timeout", durations),
        ("ready.initial_delay", durations),
        (
            "env",
            [
                "{A: 1}", "{A: }", "{A: yes}", "{A: [1]}", "{1A: x}", "[A=1, B]", "[A=1, \"B=${X:-y}\"]", "[\"1A=x\"]",
                "[5]", "[on]", "[\"on\"]", "A=1", "[A=1, A=2]", "{A: {b: c}}", "{A: 2024-01-01}", "[A=]", "[=x]",
                "[\"A B=1\"]", "[~]", "{A: .inf}", "[\"A\\n\"]", "{\"A\\n\": x}",
            ]
        ),
        ("env_file", ["vars.env", "[vars.env]", "[vars.env, vars.env]", "[~]", "[\"\"]", "{a: b}", "[[vars.env]]"]),
        ("cwd", [".", "sub", "\"sub\"", "/", "sub/../sub"]),
        ("log", ["out.log", "logs/deep/out.log", "\"out.log\""]),
        ("timeout", durations),
        (
            "restart",
            [
                "no", "\"no\"", "on-failure", "always", "\"always\"", "off", "\"off\"", "false", "\"false\"", "n", "N",
                "NO",
                "No", "FALSE", "sometimes", "[no]", "On-Failure",
            ]
        ),
        ("max_restarts", ["0", "3", "3.0", "3.5", "-1", "\"3\"", "99999999999999999999999", "1_000", "0b11", "1:30"]),
        ("inputs", ["[src]", "[\"src/**/*.c\", Makefile]", "[]", "[\"\"]", "src", "[1]", "{a: b}"]),
        ("outputs", ["[out.txt]", "[\"dist/*\"]", "[]", "[\"\"]", "out", "[[a]]"]),
        ("retries", ["0", "2", "100", "101", "-1", "2.5", "\"2\"", "yes"]),
        ("backoff", durations),
        ("shutdown", ["{}", "{signal: TERM}", "{signal: INT, timeout: 5s}", "{timeout: 0}", "{grace: 1s}", "TERM"]),
        (
            "shutdown.signal",
            [
                "TERM", "SIGTERM", "term", "sigint", "15", "\"15\"", "65", "64", "\"64\"", "\"65\"", "\"015\"", "+15",
                "15.0",
                "15.5", "RTMIN+2", "SIGRTMIN+30", "RTMIN+31", "\"RTMIN+02\"", "IOT", "POLL", "SIGTREM", "0xF", "SIG",
                "\"TERM\\n\"",
            ]
        ),
        ("shutdown.timeout", durations),
        ("limits", ["{}", "{nofile: 1024}", "{stack: 1}", "1024"]),
        ("limits.nofile", limitCounts),
        ("limits.nproc", limitCounts),
        ("limits.core", limitSizes),
        ("limits.as", limitSizes),
        ("limits.cpu", durations + ["unlimited", "\"unlimited\"", "Unlimited"]),
        (
            "image",
            [
                "postgres:16", "\"postgres:16\"", "alpine", "ghcr.io/org/app:1.2", "\"registry:5000/a/b@sha256:0123\"",
                "\"app:${TAG:-latest}\"", "\"a b\"", "\"a\\tb\"", "\"café\"", "\"x\\n\"", "\"\"", "\" \"", "[alpine]",
                "{name: alpine}",
            ]
        ),
        (
            "profiles",
            [
                "[debug]", "[debug, ci]", "[]", "debug", "[\"\"]", "[\"a b\"]", "[-x]", "[debug, debug]",
                "{debug: true}", "[[debug]]", "[~]", "!reset [debug]",
            ]
        ),
        ("disabled", ["True", "\"yes\"", "y", "N", "\"true\"", "!override true", "!reset"]),
        ("replicas", ["0", "1", "3", "3.0", "3.5", "-1", "10000", "10001", "\"2\"", "0x2", "[2]"]),
        (
            "watch",
            [
                "[src]", "[src, \"**/*.py\"]", "[]", "src", "[\"\"]", "[1]", "[[src]]", "[~]", "{paths: [src]}",
                "{paths: src, ignore: [\"*.tmp\"], debounce: 50ms}", "{ignore: [x]}", "{paths: [src], every: 1s}",
                "{paths: [src], x-note: 1}", "{paths: [src], debounce: 0}", "{paths: [src], debounce: -1s}",
                "{paths: [src], debounce: soon}", "{paths: ~}", "{paths: [\"${HOME}/x\"]}",
            ]
        ),
    ]

    /// Fields tried with their own values only: compose's merge tags, and `extends`, whose strings
    /// name entries (every value names one that exists; a missing one is an error no schema can see).
    static let ownValuesOnly: [(String, [String])] = [
        ("env", ["!reset {}", "!reset", "!override {A: 1}", "{A: !reset}"]),
        ("depends_on", ["!reset [b]", "!override {b: started}", "[b, !reset abc]"]),
        ("command", ["!override echo hi", "!override [echo, hi]", "!reset"]),
        (
            "extends",
            [
                "abc", "b", "\"abc\"", "{process: abc}", "{process: abc, file: other.yaml}", "{file: other.yaml}",
                "{process: abc, x: 1}", "{process: abc, x-note: 1}", "[abc]", "{process: 1}",
                "{process: abc, file: 1}", "{process: \"\"}", "\"\"", "1", "yes", "~", "{}", "!reset abc",
            ]
        )
    ]

    /// Entries without a command: valid only when they extend another or are disabled.
    static let withoutCommand = [
        "{extends: abc}", "{disabled: true}", "{disabled: false}", "{disabled: yes}", "{disabled: \"yes\"}",
        "{disabled: y}", "{disabled: \"true\"}", "{profiles: [debug]}", "{extends: {process: abc, file: other.yaml}}",
        "{daemon: true}",
    ]

    static let limitCounts = [
        "1024", "unlimited", "\"unlimited\"", "\"1024\"", "1024.0", "0x400", "1K", "\"1K\"", "99999999999999999999999",
        "\"99999999999999999999999\"", "many", "\"+5\"",
    ]

    static let limitSizes = [
        "4096", "512M", "2G", "2g", "1T", "\"4096\"", "unlimited", "1.5G", "999999999999999999999T", "M", "\"512M\"",
        "512MB", "1024.0",
    ]

    /// Top-level fields and their own values.
    static let topLevelFields: [(String, [String])] = [
        ("version", ["1", "1.0", "\"1\"", "2", "\"3.8\"", "3.8", "0x1", "+1"]),
        ("name", ["shop", "\"shop dev\"", "shop-dev"]),
        ("env", processFields.first { $0.0 == "env" }!.1),
        ("env_file", processFields.first { $0.0 == "env_file" }!.1),
        (
            "include",
            [
                "[inc.yaml]", "inc.yaml", "[{path: inc.yaml}]", "[{path: inc.yaml, prefix: p}]",
                "[{path: [inc.yaml, inc2.yaml]}]", "[{path: []}]", "[{prefix: p}]", "[{path: inc.yaml, prefix: \"-p\"}]",
                "[{path: inc.yaml, prefix: 1}]", "[~]", "[1]", "[]", "{path: inc.yaml}", "[{path: inc.yaml, x: 1}]",
                "[{path: inc.yaml, x-note: 1}]", "[inc.yaml, inc.yaml]", "[[inc.yaml]]", "[\"\"]",
                "[inc.yaml, {path: inc2.yaml, prefix: q}]", "[{path: [inc.yaml, 1]}]",
            ]
        ),
        (
            "processes",
            [
                "{a: {command: echo a}}", "[{command: echo a}]", "[{name: a, command: x}, {command: y}]", "{a: ~}",
                "[~]", "{\"-a\": {command: x}}", "{1: {command: x}}", "[{name: 1, command: x}]",
                "[{name: \"1\", command: x}]", "{a: {command: x, x-y: 1}}",
            ]
        ),
    ]

    /// Names that string values of the corpus may give paths: created as files for `env_file`, as
    /// folders for `cwd`, so that only what the schema can see decides.
    static let pathNames = [
        "abc", "1", "250ms", "2024-01-01", "yes", " ", "y", ".inf", "true", "sub", "vars.env", "block\n",
    ]

    /// The manifests include cases name (each path name, `inc.yaml` and `inc2.yaml`) and the file
    /// `extends` cases name (`other.yaml`), by their path in the corpus folder.
    static var namedManifests: [String: String] {
        var files = [
            "top-include/inc.yaml": "processes:\n  inc: {command: echo inc}\n",
            "top-include/inc2.yaml": "processes:\n  inc2: {command: echo inc2, depends_on: [inc]}\n",
            "extends/other.yaml": "processes:\n  abc: {command: echo other, env: {FROM: other}}\n",
        ]
        for name in pathNames { files["top-include/\(name)"] = "processes:\n  inc: {command: echo inc}\n" }
        return files
    }

    /// Every case.
    static var cases: [Case] {
        var cases: [Case] = []
        for (field, own) in processFields {
            for value in everyType + own { cases.append(processCase(field, value)) }
        }
        for (field, values) in ownValuesOnly {
            for value in values { cases.append(processCase(field, value)) }
        }
        for body in withoutCommand {
            let text = "processes:\n" + helpers(subject: "  a: \(body)\n")
            cases.append(Case(label: "a: \(body)", folder: "extends", text: text))
        }
        let onlyInclude = "include: [inc.yaml]\n"
        cases.append(Case(label: onlyInclude, folder: "top-include", text: onlyInclude))
        for (field, own) in topLevelFields {
            for value in everyType + own {
                var text = "\(field): \(indented(value, by: 2))\n"
                if field != "processes" { text += "processes:\n" + helpers(subject: "  a: {command: echo a}\n") }
                cases.append(Case(label: "\(field): \(value)", folder: "top-" + field, text: text))
            }
        }
        for value in everyType + ["web", "\"web\"", "-web", "Process-9", "a.b_c-d"] {
            let text = "processes:\n  - name: \(indented(value, by: 6))\n    command: echo a\n  - {command: echo b}\n"
            cases.append(Case(label: "processes[0].name: \(value)", folder: "list-name", text: text))
        }
        return cases
    }

    /// The subject `a` with `field` set to `value`, beside a daemon `b` and a job `abc`.
    private static func processCase(_ field: String, _ value: String) -> Case {
        let parts = field.split(separator: ".").map(String.init)
        var subject = "  a:\n"
        if field != "command" { subject += "    command: echo a\n" }
        if parts.count == 1 {
            subject += "    \(field): \(indented(value, by: 6))\n"
        } else {
            subject += "    \(parts[0]):\n"
            if parts[0] == "ready", !["tcp", "exec", "http", "log"].contains(parts[1]) {
                subject += "      tcp: 5432\n"
            }
            subject += "      \(parts[1]): \(indented(value, by: 8))\n"
        }
        return Case(label: "\(field): \(value)", folder: field, text: "processes:\n" + helpers(subject: subject))
    }

    private static func helpers(subject: String) -> String {
        subject + "  b: {command: echo b, daemon: true}\n  abc: {command: echo abc}\n"
    }

    /// `value` with its continuation lines (block scalars) indented by `spaces`.
    private static func indented(_ value: String, by spaces: Int) -> String {
        value.replacingOccurrences(of: "\n", with: "\n" + String(repeating: " ", count: spaces))
    }
}
