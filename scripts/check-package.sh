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
dotnet run --project samples/Uam.Sample -c Release --nologo
