#!/usr/bin/env bash
# Builds Parley without needing the .NET SDK on the target machine:
#   scripts/publish.sh binary [RID]   one self-contained, single-file `parley` (ReadyToRun) in dist/<RID>/
#   scripts/publish.sh tool           the `dotnet tool` packages in dist/tool/: one small package per platform
#                                     (only that platform's native libraries) and the pointer package that
#                                     `dotnet tool install` resolves to the right one
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
  tool)
    rids=${2:-"linux-x64;linux-arm64;osx-arm64;osx-x64;win-x64;win-arm64"}
    rm -rf dist/tool
    # Passed through the environment: on MSBuild's command line ';' and ',' would split the property.
    ParleyToolRids="$rids" dotnet pack src/Parley.Cli -c Release -o dist/tool -nologo -clp:ErrorsOnly
    ls -l dist/tool
    ;;
  *)
    echo "usage: scripts/publish.sh binary [RID] | tool [RIDS]" >&2
    exit 2
    ;;
esac
