/// A cached job's stored output, shown again.
extension OutputMultiplexer {
    /// Sends `lines` as `entry`'s standard output, as if it had just written them: prefixed, held
    /// under grouped output, appended to its `log:` file, kept for reports.
    package func replay(_ lines: [String], of entry: Int) {
        guard !lines.isEmpty else { return }
        var batch = batch(for: entry, at: nil, bytes: lines.reduce(0) { $0 + $1.utf8.count + 1 })
        for line in lines { Array(line.utf8).withUnsafeBytes { add($0, to: &batch) } }
        send(batch, from: .standardOutput)
    }
}
