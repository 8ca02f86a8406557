#!/usr/bin/env bash
# Builds Parley without needing the .NET SDK on the target machine:
#   scripts/publish.sh binary [RID]   one self-contained, single-file `parley` (ReadyToRun) in dist/<RID>/
# RID defaults to this machine's (linux-x64, linux-arm64, osx-arm64, win-x64, …).
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-binary}
case "$what" in
  binary)
    rid=${2:-$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')}
    out="dist/$rid"
    rm -rf "$out"
    # ReadyToRun: the command starts from precompiled code instead of JIT-compiling Parley at every start.
    # Native libraries (SkiaSharp for charts, SQLite for the workbench) are bundled and extracted on first use.
    dotnet publish src/Parley.Cli -c Release -r "$rid" --self-contained true -o "$out" -nologo -clp:ErrorsOnly \
      -p:PublishSingleFile=true -p:PublishReadyToRun=true -p:IncludeNativeLibrariesForSelfExtract=true \
      -p:DebugType=none -p:GenerateDocumentationFile=false
    echo "wrote $out/$(ls "$out" | grep -E '^parley(\.exe)?$')"
    ;;
  *)
    echo "usage: scripts/publish.sh binary [RID]" >&2
    exit 2
    ;;
esac
