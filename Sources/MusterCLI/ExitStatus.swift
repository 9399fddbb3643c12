/// muster's exit statuses and what each means, for the root command's help and the manual's
/// EXIT STATUS section (one list, so the two agree).
enum ExitStatus {
    /// Each status with its meaning, in increasing order.
    static let all: [(status: Int32, meaning: String)] = [
        (
            0,
            "run: every job succeeded and no daemon failed; up: the same, stopped (SIGINT, SIGTERM or muster down) after its jobs had ended; check: the manifest is valid; the other commands: done."
        ),
        (
            1,
            "run and up: something failed, timed out or was skipped, or muster down stopped a job or left one unstarted; ps, stop, start, restart, down and logs: no run of that manifest is going, or it refused the request."
        ),
        (2, "an invalid manifest or a usage error; nothing was started."),
        (130, "run, or up while jobs still ran: stopped by SIGINT (Ctrl-C); a second SIGINT kills every process group at once, and exits 130 in up too."),
        (143, "run, or up while jobs still ran: stopped by SIGTERM."),
    ]

    /// The list for `--help`: a heading, then one line per status.
    static var helpText: String {
        "Exit status:\n" + all.map { "\($0.status)".padding(to: 5) + $0.meaning }.joined(separator: "\n")
    }
}
