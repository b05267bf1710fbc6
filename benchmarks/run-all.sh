#!/usr/bin/env bash
# Runs every performance measurement of docs/performance.md in sequence and keeps the outputs:
#   machine.txt       lscpu summary, dotnet --info runtime, load average before each step
#   generator.md      BenchmarkDotNet: generator cold runs and incremental re-runs
#   client.md         BenchmarkDotNet: typed client vs hand-written HttpClient code
#   stages.txt        generator per-stage breakdown (--stages)
#   client-profile.txt  where the typed call's time and bytes go (--client-profile)
#   analyzers.txt     AgentBay analyzers on the 200-file consumer (--analyzers)
#   emulator.txt      emulator throughput and latency (--emulator)
#   build-overhead.txt  benchmarks/build-overhead.sh
# Usage: benchmarks/run-all.sh [OUTPUT_FOLDER]   (default: /tmp/agentbay-perf-<time>)
# Takes about 30 minutes on 2 cores. Run it on a quiet machine: every step records the load average it ran under.
set -uo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-/tmp/agentbay-perf-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$out"
cd "$repo"

load() { echo "$(date +%T) $1: load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"; }

{
  echo "== lscpu"
  lscpu | grep -E '^(Architecture|CPU\(s\)|Model name|Thread|Core|Socket|CPU MHz|L2|L3|Hypervisor)' || true
  echo "== memory"; free -g | head -2
  echo "== dotnet --info (runtime)"
  dotnet --info | sed -n '/^Host:/,/^$/p;/^.NET runtimes installed:/,/^$/p'
} >"$out/machine.txt" 2>&1

dotnet build benchmarks/AgentBay.Benchmarks/AgentBay.Benchmarks.csproj -c Release -nologo -v:q || exit 1
bench=(dotnet benchmarks/AgentBay.Benchmarks/bin/Release/net10.0/AgentBay.Benchmarks.dll)

load "generator (BenchmarkDotNet)"
"${bench[@]}" --filter '*Generator*' --artifacts "$out/bdn-generator" >"$out/generator.log" 2>&1
cat "$out"/bdn-generator/results/*-report-github.md >"$out/generator.md" 2>/dev/null
load "client (BenchmarkDotNet)"
"${bench[@]}" --filter '*ClientBenchmarks*' --artifacts "$out/bdn-client" >"$out/client.log" 2>&1
cat "$out"/bdn-client/results/*-report-github.md >"$out/client.md" 2>/dev/null
load "stages"
"${bench[@]}" --stages >"$out/stages.txt" 2>&1
load "client profile"
"${bench[@]}" --client-profile >"$out/client-profile.txt" 2>&1
load "analyzers"
"${bench[@]}" --analyzers --seconds 60 >"$out/analyzers.txt" 2>&1
load "emulator"
"${bench[@]}" --emulator --seconds 10 --compare-sandbox >"$out/emulator.txt" 2>&1
load "build overhead"
bash benchmarks/build-overhead.sh --runs 7 >"$out/build-overhead.txt" 2>&1
load "done"
echo "results in $out"
