#!/usr/bin/env bash
# Packs Uam.Runtime (library, native shim and model generator in one package) and builds and runs
# samples/Uam.Sample against the packed package, as a user would.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf artifacts/packages samples/Uam.Sample/obj samples/Uam.Sample/bin
dotnet pack Uam.Runtime/Uam.Runtime.csproj -c Release -o artifacts/packages --nologo
package=artifacts/packages/Uam.Runtime.0.1.0.nupkg
# The listing is read once: `unzip -l | grep -q` fails under pipefail when grep exits early and unzip gets SIGPIPE.
listing=$(unzip -l "$package")
for entry in lib/net10.0/Uam.Runtime.dll runtimes/linux-x64/native/libnt.so analyzers/dotnet/cs/Uam.Generators.dll; do
  grep -q " $entry\$" <<< "$listing" || { echo "The package lacks $entry" >&2; exit 1; }
done
# The testing library (test, benchmark and reference exports) stays out of the package, and so do its exports.
if grep -q "libnt_testing" <<< "$listing"; then echo "The package ships libnt_testing.so" >&2; exit 1; fi
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
unzip -q -o "$package" runtimes/linux-x64/native/libnt.so -d "$shim"
exports=$(nm -D --defined-only "$shim/runtimes/linux-x64/native/libnt.so")
if grep -Eq ' (nt_test|nt_bench|nt_reference)' <<< "$exports"; then echo "The packaged libnt.so exports test, benchmark or reference functions" >&2; exit 1; fi
dotnet run --project samples/Uam.Sample -c Release --nologo
