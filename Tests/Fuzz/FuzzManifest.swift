import MusterManifest
import MusterPlan

/// The fuzz target: any bytes as a manifest, through the YAML layer, manifest decoding and
/// planning. It must never crash, hang or allocate without bound, whatever the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = ManifestSource(path: "fuzz.yaml", directory: "/nonexistent", text: Array(UnsafeBufferPointer(start: data, count: size)))
    let loaded = ManifestLoader.load(source, environment: ["HOME": "/home/fuzz", "PORT": "8080"])
    let (plan, diagnostics) = Planner.plan(loaded.manifest)
    _ = DiagnosticRenderer(sources: loaded.sources, colored: false).render(loaded.diagnostics + diagnostics)
    _ = try? plan.selecting(Array(plan.processes.prefix(2).map(\.name)))
    return 0
}

#if FUZZING
/// libFuzzer's driver, which runs the fuzz target with the command line's options.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ target: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The executable's entry point (SwiftPM names it after the module) hands over to libFuzzer.
@_cdecl("muster_fuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzManifest(data, size) }
}
#else
import Foundation

/// Without libFuzzer (`swift build`), the target replays files: `muster-fuzz FILE…` runs each
/// through the fuzz target, so the corpus and every past crash stay regression inputs.
@main
struct CorpusReplay {
    static func main() throws {
        for path in CommandLine.arguments.dropFirst() {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            if bytes.isEmpty { bytes = [0] }
            _ = bytes.withUnsafeBufferPointer { fuzzManifest($0.baseAddress!, $0.count == 1 && $0[0] == 0 ? 0 : $0.count) }
        }
        print("replayed \(CommandLine.arguments.count - 1) inputs")
    }
}
#endif
