// parolewatch-fuzz TARGET [libFuzzer options] [CORPUS_DIR...]
//
// One libFuzzer executable for every target; the first argument picks the target and the rest go to libFuzzer.
// Built only with PAROLEWATCH_FUZZ=1 and `-sanitize=fuzzer,address`: see scripts/fuzz.sh.

import Foundation

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));`
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: parolewatch-fuzz \(names) [libFuzzer options] [CORPUS_DIR...]\n".utf8))
    exit(2)
}
target.prepare()

// libFuzzer sees the program name followed by everything after the target name. The strings live until exit.
var driverArguments: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) }
driverArguments.append(nil)
var argc = Int32(driverArguments.count - 1)
let status = driverArguments.withUnsafeMutableBufferPointer { buffer in
    var argv = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv, target.callback)
}
exit(status)

/// Never called. `-sanitize=fuzzer` links libFuzzer's own `main` (which SwiftPM's `--defsym main=…` overrides
/// with ours), and that object refers to this symbol, so it must exist for the link to succeed.
@_cdecl("LLVMFuzzerTestOneInput")
func unusedTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fatalError("parolewatch-fuzz runs through LLVMFuzzerRunDriver; give the target name first")
}
