package import MusterManifest

/// Finds dependency cycles (Tarjan's strongly connected components, iteratively) and reports each
/// as one diagnostic naming the whole cycle and pointing at one of its edges.
struct CycleFinder {
    let processes: [ProcessSpec]
    let dependencies: [[Plan.Edge]]

    /// One error per cycle, in declaration order of the cycle's first entry.
    func diagnostics() -> [Diagnostic] {
        components().compactMap { component in
            let members = Set(component)
            let start = component.min()!
            guard let cycle = shortestCycle(from: start, within: members) else { return nil }
            let names = (cycle + [start]).map { processes[$0].name }
            let locations = zip(cycle, cycle.dropFirst() + [start]).map { from, to in
                processes[from].dependencies.first { $0.name == processes[to].name }!.location
            }
            let message =
                cycle.count == 1
                ? "process '\(names[0])' depends on itself; remove it from its own 'depends_on'"
                : "dependency cycle: \(names.joined(separator: " -> ")); each depends on the next, so none can start"
            let notes = zip(cycle.indices.dropFirst(), locations.dropFirst()).map { position, location in
                Diagnostic.Note("'\(names[position])' depends on '\(names[position + 1])' here", at: location)
            }
            return .error(message, at: locations[0], notes: notes)
        }
    }

    /// The shortest path start -> … -> start following "depends on" edges inside `members`.
    private func shortestCycle(from start: Int, within members: Set<Int>) -> [Int]? {
        var parent: [Int: Int] = [:]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for edge in dependencies[node] where members.contains(edge.dependency) {
                let next = edge.dependency
                if next == start {
                    var path = [node]
                    while path.last! != start { path.append(parent[path.last!]!) }
                    return path.reversed()
                }
                if parent[next] == nil {
                    parent[next] = node
                    queue.append(next)
                }
            }
        }
        return nil
    }

    /// Strongly connected components that contain a cycle (size > 1, or a self-loop).
    private func components() -> [[Int]] {
        let count = processes.count
        var index = [Int](repeating: -1, count: count)
        var lowlink = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var result: [[Int]] = []
        var counter = 0
        for root in 0..<count where index[root] < 0 {
            // Each frame: a node and how many of its edges were followed.
            var frames: [(node: Int, edge: Int)] = [(root, 0)]
            index[root] = counter
            lowlink[root] = counter
            counter += 1
            stack.append(root)
            onStack[root] = true
            while let (node, edge) = frames.last {
                if edge < dependencies[node].count {
                    frames[frames.count - 1].edge += 1
                    let next = dependencies[node][edge].dependency
                    if index[next] < 0 {
                        index[next] = counter
                        lowlink[next] = counter
                        counter += 1
                        stack.append(next)
                        onStack[next] = true
                        frames.append((next, 0))
                    } else if onStack[next] {
                        lowlink[node] = min(lowlink[node], index[next])
                    }
                    continue
                }
                frames.removeLast()
                if let parent = frames.last?.node { lowlink[parent] = min(lowlink[parent], lowlink[node]) }
                guard lowlink[node] == index[node] else { continue }
                var component: [Int] = []
                while let member = stack.popLast() {
                    onStack[member] = false
                    component.append(member)
                    if member == node { break }
                }
                let selfLoop = dependencies[node].contains { $0.dependency == node }
                if component.count > 1 || selfLoop { result.append(component) }
            }
        }
        return result.sorted { $0.min()! < $1.min()! }
    }
}
