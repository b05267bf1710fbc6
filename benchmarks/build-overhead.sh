#!/usr/bin/env bash
# Build overhead of the AgentBay generator and analyzers (issue 6, item 2).
#
# Creates under /tmp two copies of a 200-file consumer project:
#   generated:  the generator (and AgentBay.Analyzers when the repo has it) as analyzers, the standard spec as AdditionalFiles;
#   checked-in: the same 200 files plus the generator's output checked in as plain .cs files, no AgentBay analyzers.
# Both reference the same frozen copy of AgentBay.Runtime.dll and the same packages, so the only difference is the
# generator/analyzer work. Measures full builds (dotnet build --no-incremental), interleaved A/B to spread machine
# noise evenly, and prints the medians of wall time and of CPU time (user + sys of the build and its csc child:
# other processes on a shared machine inflate wall time far more than CPU time) and their ratios; then one build (or
# --reports N) with -p:ReportAnalyzer=true -v:detailed and the analyzer/generator execution time tables the compiler
# prints, with the rows of AgentBay.Analyzers' own analyzers. Those times are wall time inside each callback, so a
# loaded machine inflates them too: compare medians of several reports taken at similar load.
# By default the compiler server is off (UseSharedCompilation=false, as this machine's environment sets it), so each
# build is a fresh csc process that also JIT-compiles the generator and analyzers: the worst case for their share.
# --shared-compilation runs the same measurement with the compiler server on, which is what `dotnet build` and the IDE
# use by default elsewhere: the server is warmed by one untimed build of each project, the CPU time of each build then
# includes the server's CPU time over that build, and the compiler server is shut down at the end.
#
# Usage: benchmarks/build-overhead.sh [--runs N] [--files N] [--reports N] [--shared-compilation] [--ready-to-run] [--keep]
#   --runs N              timed builds per project (default 5; CI-style smoke: 1)
#   --files N             consumer files (default 200)
#   --reports N           -p:ReportAnalyzer=true builds of the generated project (default 1); with more than one, the
#                         AgentBay figures of each and their medians are printed too (the tables are the first one's)
#   --shared-compilation  compiler server on (UseSharedCompilation=true) instead of off
#   --ready-to-run        experiment: ReadyToRun-compile the frozen AgentBay.Generators.dll and AgentBay.Analyzers.dll
#                         with crossgen2 (package Microsoft.NETCore.App.Crossgen2.linux-x64, restored into the work
#                         folder) against the runtime and the Roslyn assemblies the compiler runs on; packaging is untouched
#   --keep                keep the /tmp work folder (printed at the end)
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

runs=5
files=200
reports=1
shared=0
ready_to_run=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --reports) reports="$2"; shift 2 ;;
    --shared-compilation) shared=1; shift ;;
    --ready-to-run) ready_to_run=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/agentbay-build-overhead.XXXXXX)"
use_shared=false
compiler_mode="compiler server off (UseSharedCompilation=false)"
if [ "$shared" -eq 1 ]; then
  use_shared=true
  compiler_mode="compiler server on (UseSharedCompilation=true)"
fi
cleanup() {
  if [ "$shared" -eq 1 ]; then
    # Only the compiler server, which this script's builds started or used; MSBuild and Razor servers are left alone.
    dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1 || true
  fi
  if [ "$keep" -eq 0 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

echo "== building the generator, analyzers and runtime (Release)"
# The runtime project builds the generator, analyzers and code fixes too (Package.targets).
dotnet build "$repo/src/AgentBay.Runtime/AgentBay.Runtime.csproj" -c Release -nologo -v:q >"$work/setup-build.log" 2>&1 \
  || { cat "$work/setup-build.log"; exit 1; }

# Freeze the DLLs: other builds in the repo must not change them between runs.
mkdir -p "$work/lib" "$work/spec"
cp "$repo/src/AgentBay.Runtime/bin/Release/net10.0/AgentBay.Runtime.dll" "$work/lib/"
cp "$repo/src/AgentBay.Generators/bin/Release/netstandard2.0/AgentBay.Generators.dll" "$work/lib/"
cp "$repo/specs/session.agentbay.yaml" "$work/spec/"
analyzer_items='<Analyzer Include="../lib/AgentBay.Generators.dll" />'
with_analyzers="generator only (src/AgentBay.Analyzers not present)"
if [ -f "$repo/src/AgentBay.Analyzers/AgentBay.Analyzers.csproj" ]; then
  cp "$repo/src/AgentBay.Analyzers/bin/Release/netstandard2.0/AgentBay.Analyzers.dll" "$work/lib/"
  analyzer_items="$analyzer_items"$'\n    <Analyzer Include="../lib/AgentBay.Analyzers.dll" />'
  with_analyzers="generator + AgentBay.Analyzers"
fi

if [ "$ready_to_run" -eq 1 ]; then
  # csc and VBCSCompiler of the SDK in use run on the newest installed Microsoft.NETCore.App 10.x and load
  # Microsoft.CodeAnalysis*.dll from the SDK's Roslyn/bincore: the R2R code is compiled against exactly those.
  sdk_version=$(dotnet --version)
  sdk_root=$(dotnet --list-sdks | awk -v v="$sdk_version" '$1 == v { sub(/^[^[]*\[/, ""); sub(/\]$/, ""); print; exit }')
  roslyn_dir="$sdk_root/$sdk_version/Roslyn/bincore"
  runtime_dir=$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" && $2 ~ /^10\./ { d = $3 "/" $2 } END { gsub(/[][]/, "", d); print d }')
  crossgen_version=10.0.12
  echo "== ReadyToRun: crossgen2 $crossgen_version against $runtime_dir and $roslyn_dir"
  mkdir -p "$work/crossgen2-restore" "$work/lib-r2r"
  printf '%s\n' '<Project Sdk="Microsoft.NET.Sdk">' \
    '  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>' \
    "  <ItemGroup><PackageDownload Include=\"Microsoft.NETCore.App.Crossgen2.linux-x64\" Version=\"[$crossgen_version]\" /></ItemGroup>" \
    '</Project>' >"$work/crossgen2-restore/Crossgen2Restore.csproj"
  dotnet restore "$work/crossgen2-restore/Crossgen2Restore.csproj" --packages "$work/packages" -nologo -v:q >"$work/crossgen2-restore.log" 2>&1 \
    || { cat "$work/crossgen2-restore.log"; exit 1; }
  crossgen="$work/packages/microsoft.netcore.app.crossgen2.linux-x64/$crossgen_version/tools/crossgen2"
  [ -x "$crossgen" ] || { echo "crossgen2 not found at $crossgen" >&2; exit 1; }
  for assembly in "$work/lib/AgentBay.Generators.dll" "$work/lib/AgentBay.Analyzers.dll"; do
    [ -f "$assembly" ] || continue
    name=$(basename "$assembly")
    "$crossgen" "$assembly" -o "$work/lib-r2r/$name" --targetos:linux --targetarch:x64 -O \
      -r "$runtime_dir/*.dll" -r "$roslyn_dir/Microsoft.CodeAnalysis*.dll" >"$work/crossgen2-$name.log" 2>&1 \
      || { cat "$work/crossgen2-$name.log"; exit 1; }
    printf '  %s: IL %d bytes -> ReadyToRun %d bytes\n' "$name" "$(stat -c %s "$assembly")" "$(stat -c %s "$work/lib-r2r/$name")"
    cp "$work/lib-r2r/$name" "$assembly"
  done
  with_analyzers="$with_analyzers, both ReadyToRun-compiled"
fi

version_of() {
  sed -n "s/.*PackageVersion Include=\"$1\" Version=\"\([^\"]*\)\".*/\1/p" "$repo/Directory.Packages.props" | head -n 1
}
package_items=""
for package in Microsoft.Extensions.Http Microsoft.Extensions.Logging.Abstractions Microsoft.Extensions.Options \
               Microsoft.Extensions.Configuration.Abstractions Polly.Core; do
  package_items="$package_items"$'\n    '"<PackageReference Include=\"$package\" Version=\"$(version_of "$package")\" />"
done

write_project() { # $1 = folder, $2 = extra items
  mkdir -p "$1"
  cat >"$1/Consumer.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <AssemblyName>Consumer</AssemblyName>
    <RootNamespace>Consumer</RootNamespace>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="AgentBay.Runtime"><HintPath>../lib/AgentBay.Runtime.dll</HintPath></Reference>$package_items
    $2
  </ItemGroup>
</Project>
EOF
}

write_sources() { # $1 = folder
  mkdir -p "$1/Features"
  for ((i = 0; i < files; i++)); do
    n=$(printf '%03d' "$i")
    cat >"$1/Features/Feature$n.cs" <<EOF
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using AgentBay;

namespace Consumer.Features;

/// <summary>Feature $n: ordinary application code, and one job run in an AgentBay session.</summary>
public sealed record Item$n(string Name, int Count, DateTimeOffset At);

public sealed class Feature$n
{
    private readonly List<Item$n> _items = new();

    public void Add(string name, int count) => _items.Add(new Item$n(name, count, DateTimeOffset.UnixEpoch.AddSeconds(count)));

    public IReadOnlyList<string> Names(int minimum) => _items.Where(i => i.Count >= minimum).OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => i.Name).ToList();

    public int Total() => _items.Sum(i => i.Count);

    public string Describe(int i) => i switch
    {
        < 0 => "negative",
        0 => "zero",
        _ when i % 2 == 0 => \$"even {i}",
        _ => \$"odd {i}",
    };

    /// <summary>Runs the feature's check in a fresh session and returns its output.</summary>
    public static async Task<string> RunInSessionAsync(AgentBayClient client)
    {
        var created = await client.CreateAsync(new CreateSessionParams { ImageId = "linux_latest" });
        if (!created.Success)
        {
            return created.ErrorMessage ?? "";
        }

        await using var session = created.Session;
        ShellResult result = await session.Tools.ShellAsync("echo feature $n", timeoutMs: 5000);
        var link = await session.GetLinkAsync(port: 30150);
        await session.Tools.WriteFileAsync("/tmp/feature$n.txt", result.Stdout ?? "");
        return (result.Stdout ?? "") + (link.Data ?? "");
    }
}
EOF
  done
}

echo "== creating the consumer projects ($files files) in $work"
write_project "$work/generated" "$analyzer_items"$'\n    <AdditionalFiles Include="../spec/session.agentbay.yaml" />'
write_sources "$work/generated"
write_project "$work/checked-in" ""
write_sources "$work/checked-in"

build() { # $1 = folder, rest = extra arguments
  local folder="$1"; shift
  dotnet build "$folder/Consumer.csproj" -c Release -nologo --no-restore -nodeReuse:false -p:UseSharedCompilation=$use_shared "$@"
}

# Restore both, and build the generated project once with its output written to disk: that output is what the
# checked-in project carries as plain files.
dotnet restore "$work/generated/Consumer.csproj" -nologo -v:q >"$work/restore.log" 2>&1 || { cat "$work/restore.log"; exit 1; }
dotnet restore "$work/checked-in/Consumer.csproj" -nologo -v:q >>"$work/restore.log" 2>&1 || { cat "$work/restore.log"; exit 1; }
build "$work/generated" -v:q -p:EmitCompilerGeneratedFiles=true -p:CompilerGeneratedFilesOutputPath=generated-out >"$work/seed.log" 2>&1 \
  || { cat "$work/seed.log"; exit 1; }
mkdir -p "$work/checked-in/Generated"
find "$work/generated/generated-out" -name '*.g.cs' -exec cp {} "$work/checked-in/Generated/" \;
rm -rf "$work/generated/generated-out"
generated_files=$(find "$work/checked-in/Generated" -name '*.g.cs' | wc -l)
if [ "$generated_files" -eq 0 ]; then
  echo "the generator wrote no files" >&2
  exit 1
fi
warnings=$(grep -c "warning AGB" "$work/seed.log" || true)

# Warm the file cache for both projects, and with --shared-compilation the compiler server, which loads and
# JIT-compiles the generator and analyzers here: one untimed build of each.
build "$work/generated" --no-incremental -v:q >/dev/null 2>&1
build "$work/checked-in" --no-incremental -v:q >"$work/checked-in-first.log" 2>&1 || { cat "$work/checked-in-first.log"; exit 1; }

# With the server on, the compilation runs in the server, not in a child of the build, so the shell's `time` does not
# see it: each timed build adds the CPU ticks (user + sys, /proc/PID/stat) that the running servers spent meanwhile.
clock_ticks=$(getconf CLK_TCK)
server_ticks() { # "pid ticks" per running compiler server (the SDK's VBCSCompiler apphost, or VBCSCompiler.dll)
  local pid
  for pid in $(pgrep -f 'VBCSCompiler' || true); do
    awk -v pid="$pid" '$3 != "Z" { print pid, $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true
  done
}
server_cpu_since() { # $1 = server_ticks output from before; prints the servers' CPU seconds since then
  local -A before=()
  local pid ticks total=0
  while read -r pid ticks; do if [ -n "$pid" ]; then before[$pid]=$ticks; fi; done <<<"$1"
  while read -r pid ticks; do
    if [ -n "$pid" ]; then total=$((total + ticks - ${before[$pid]:-0})); fi
  done <<<"$(server_ticks)"
  echo "$total / $clock_ticks" | bc -l
}

gen_times=(); plain_times=(); gen_cpu=(); plain_cpu=()
timed_build() { # $1 = folder; prints "wall cpu" in seconds
  local start end cpu servers=""
  if [ "$shared" -eq 1 ]; then servers=$(server_ticks); fi
  start=$(date +%s.%N)
  cpu=$( { TIMEFORMAT='%U %S'; time build "$1" --no-incremental -v:q >/dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }')
  end=$(date +%s.%N)
  if [ "$shared" -eq 1 ]; then cpu=$(echo "$cpu + $(server_cpu_since "$servers")" | bc -l); fi
  echo "$(echo "$end - $start" | bc -l) $cpu"
}
if [ "$shared" -eq 1 ] && [ -z "$(server_ticks)" ]; then
  echo "no compiler server (VBCSCompiler) is running after the warm-up builds: CPU times would leave out the compilation" >&2
  exit 1
fi
echo "== $runs timed full builds of each (interleaved)"
for ((r = 1; r <= runs; r++)); do
  read -r wall cpu < <(timed_build "$work/generated"); gen_times+=("$wall"); gen_cpu+=("$cpu")
  read -r wall cpu < <(timed_build "$work/checked-in"); plain_times+=("$wall"); plain_cpu+=("$cpu")
  printf '  run %d: generated %.2f s wall / %.2f s CPU, checked-in %.2f s wall / %.2f s CPU (load %s)\n' "$r" \
    "${gen_times[-1]}" "${gen_cpu[-1]}" "${plain_times[-1]}" "${plain_cpu[-1]}" "$(cut -d' ' -f1 /proc/loadavg)"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
gen_median=$(median "${gen_times[@]}")
plain_median=$(median "${plain_times[@]}")
ratio=$(echo "$gen_median / $plain_median" | bc -l)
gen_cpu_median=$(median "${gen_cpu[@]}")
plain_cpu_median=$(median "${plain_cpu[@]}")
cpu_ratio=$(echo "$gen_cpu_median / $plain_cpu_median" | bc -l)

echo "== $reports build(s) with -p:ReportAnalyzer=true -v:detailed of the generated project, one of the checked-in project"
build "$work/generated" --no-incremental -v:detailed -p:ReportAnalyzer=true -clp:PerformanceSummary >"$work/report.log" 2>&1
build "$work/checked-in" --no-incremental -v:detailed -p:ReportAnalyzer=true -clp:PerformanceSummary >"$work/report-plain.log" 2>&1
for ((r = 2; r <= reports; r++)); do
  build "$work/generated" --no-incremental -v:detailed -p:ReportAnalyzer=true -clp:PerformanceSummary >"$work/report-$r.log" 2>&1
done

echo
echo "Build overhead, $files consumer files + $generated_files generated files, $with_analyzers; $compiler_mode; $runs runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| project | median wall time | ratio | median CPU time (user + sys) | ratio |"
echo "|---|---:|---:|---:|---:|"
printf '| generator + analyzers (AdditionalFiles spec) | %.2f s | %.3f | %.2f s | %.3f |\n' "$gen_median" "$ratio" "$gen_cpu_median" "$cpu_ratio"
printf '| generated code checked in, no AgentBay analyzers | %.2f s | 1.000 | %.2f s | 1.000 |\n' "$plain_median" "$plain_cpu_median"
echo
echo "AGB warnings in the consumer build: $warnings"
echo
echo "Compiler report (-p:ReportAnalyzer=true), generated project:"
# The tables: "Total analyzer execution time: …" / "Total generator execution time: …" and one row per assembly
# (time in seconds, percent, assembly name with its version); the per-analyzer rows under them are left out here.
table_rows() { grep -E 'Total (analyzer|generator) execution time|^\s+[<0-9.]+\s+[<0-9]+\s+[A-Za-z][^ ]*, Version=' "$1" | sed -E 's/^\s+/  /; s/, Version=[^ ]*, Culture=[^ ]*, PublicKeyToken=[^ ]*//'; }
# The rows of AgentBay.Analyzers' own analyzers, as "time percent name".
analyzer_rows() { grep -E '^\s+[<0-9.]+\s+[<0-9]+\s+AgentBay\.Analyzers\.[A-Za-z]+ ' "$1" | sed -E 's/^\s+//; s/ +/ /g; s/ \(AGB[^)]*\)$//; s/^/  /' || true; }
# "generators analyzers csc_ms" of one report: the two AgentBay assembly rows (seconds) and the Csc task time.
report_figures() {
  local rows
  rows=$(table_rows "$1")
  printf '%s %s %s\n' \
    "$(echo "$rows" | awk '$3 == "AgentBay.Generators" { v = $1; gsub("<", "", v); s += v } END { printf "%.3f", s }')" \
    "$(echo "$rows" | awk '$3 == "AgentBay.Analyzers" { v = $1; gsub("<", "", v); s += v } END { printf "%.3f", s }')" \
    "$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$1" | awk '{ print $1 }' | head -n 1)"
}
table_rows "$work/report.log"
csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$work/report.log" | awk '{ print $1 }' | head -n 1)
csc_plain=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$work/report-plain.log" | awk '{ print $1 }' | head -n 1)
agentbay=$(table_rows "$work/report.log" | grep -E '^\s+[<0-9.]+\s+[<0-9]+\s+AgentBay\.(Generators|Analyzers)$' | awk '{ v = $1; gsub("<", "", v); s += v } END { printf "%.3f", s }')
echo
echo "Csc task time (PerformanceSummary): generated project ${csc:-?} ms, checked-in project ${csc_plain:-?} ms"
echo "AgentBay generator + analyzers (sum of their assembly rows): ${agentbay:-?} s"
if [ -n "${csc:-}" ] && [ -n "${agentbay:-}" ]; then
  echo "AgentBay share of the generated project's Csc time: $(echo "$agentbay * 100000 / $csc" | bc -l | xargs printf '%.2f')%"
fi
echo
echo "Per analyzer in AgentBay.Analyzers:"
analyzer_rows "$work/report.log"
if [ "$reports" -gt 1 ]; then
  echo
  echo "Each report of the generated project (share = generator + analyzers over the Csc task):"
  gens=(); anas=(); cscs=(); shares=()
  for ((r = 1; r <= reports; r++)); do
    log="$work/report-$r.log"
    if [ "$r" -eq 1 ]; then log="$work/report.log"; fi
    read -r g a c <<<"$(report_figures "$log")"
    share=$(echo "($g + $a) * 100000 / $c" | bc -l)
    gens+=("$g"); anas+=("$a"); cscs+=("$c"); shares+=("$share")
    printf '  report %d: AgentBay.Generators %.3f s, AgentBay.Analyzers %.3f s (%s), Csc %d ms, share %.2f%%\n' "$r" "$g" "$a" \
      "$(analyzer_rows "$log" | awk '{ n = $3; sub(/^AgentBay\.Analyzers\./, "", n); printf "%s%s %s", (NR > 1 ? ", " : ""), n, $1 }')" "$c" "$share"
  done
  printf '  median: AgentBay.Generators %.3f s, AgentBay.Analyzers %.3f s, Csc %.0f ms, share %.2f%%\n' \
    "$(median "${gens[@]}")" "$(median "${anas[@]}")" "$(median "${cscs[@]}")" "$(median "${shares[@]}")"
  # Other processes only ever add to these wall times: on a shared machine the minimum is the steadiest estimate.
  minimum() { printf '%s\n' "$@" | sort -g | head -n 1; }
  printf '  minimum: AgentBay.Generators %.3f s, AgentBay.Analyzers %.3f s, Csc %.0f ms, share %.2f%%\n' \
    "$(minimum "${gens[@]}")" "$(minimum "${anas[@]}")" "$(minimum "${cscs[@]}")" "$(minimum "${shares[@]}")"
fi
if [ "$keep" -eq 1 ]; then
  echo "work folder kept: $work (report.log holds the full -v:detailed output)"
fi
