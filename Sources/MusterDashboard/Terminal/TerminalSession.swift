internal import Glibc

// nonisolated(unsafe): written by `TerminalSession.enter()` on the dashboard's one thread before
// any handler that reads them is installed, and only read (async-signal-safely) by the crash
// handler after that.
nonisolated(unsafe) private var savedModes = termios()
nonisolated(unsafe) private var modesSaved = false
nonisolated(unsafe) private var leaveBytes: UnsafeMutablePointer<UInt8>?
nonisolated(unsafe) private var leaveCount = 0

/// The terminal the dashboard draws on: the only code that touches termios and the tty. It
/// enters raw mode and the alternate screen (cursor hidden, SGR mouse reports on), and puts the
/// terminal back exactly as it found it on every way out, a crash included.
package final class TerminalSession {
    /// What brings the terminal back: mouse off, cursor on, attributes reset, main screen.
    private static let leaveSequence = "\u{1B}[?1006l\u{1B}[?1000l\u{1B}[?25h\u{1B}[0m\u{1B}[?1049l"
    private static let enterSequence = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[?1000h\u{1B}[?1006h\u{1B}[2J"

    private let input: Int32 = 0
    private let output: Int32 = 1
    private var entered = false

    /// The terminal on standard input and output.
    ///
    /// - Throws: `DashboardError` when either is not a terminal.
    package init() throws(DashboardError) {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw DashboardError("the dashboard needs a terminal: standard input and output must be a TTY")
        }
    }

    /// Raw mode (no echo, no line editing, no signals from keys, no output processing) and the
    /// alternate screen. The modes it found are kept for `leave()` and for the crash handler.
    package func enter() {
        if !modesSaved {
            tcgetattr(input, &savedModes)
            let bytes = Array(Self.leaveSequence.utf8)
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
            buffer.initialize(from: bytes, count: bytes.count)
            leaveBytes = buffer
            leaveCount = bytes.count
            modesSaved = true
            CrashRestore.install()
        }
        var raw = savedModes
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(input, TCSAFLUSH, &raw)
        write(Array(Self.enterSequence.utf8))
        entered = true
    }

    /// Back to the modes and screen `enter()` found.
    package func leave() {
        guard entered else { return }
        entered = false
        Self.restore()
    }

    /// Writes the restoring sequence and the saved modes: async-signal-safe.
    fileprivate static func restore() {
        guard modesSaved else { return }
        if let leaveBytes { _ = Glibc.write(1, leaveBytes, leaveCount) }
        tcsetattr(0, TCSAFLUSH, &savedModes)
    }

    /// Columns and rows, from the terminal.
    package var size: (width: Int, height: Int) {
        var window = winsize()
        guard ioctl(output, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    /// The descriptor keys are read from.
    package var inputDescriptor: Int32 { input }

    /// Writes all of `bytes` in as few writes as the terminal takes.
    package func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += n
        }
    }
}

/// Puts the terminal back before a crash (a trap, an abort, a bad access) ends the process the
/// way it would have ended anyway.
private enum CrashRestore {
    static func install() {
        for number in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                TerminalSession.restore()
                signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND) | UInt32(SA_NODEFER))
            sigaction(number, &action, nil)
        }
    }
}

/// The dashboard cannot start.
package struct DashboardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong and what to do.
    package var message: String

    /// Creates an error.
    package init(_ message: String) {
        self.message = message
    }

    /// The message.
    package var description: String { message }
}
