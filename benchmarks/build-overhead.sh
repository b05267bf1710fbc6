#!/usr/bin/env bash
# Build overhead of the AgentBay generator and analyzers (issue 6, item 2).
#
# Creates under /tmp two copies of a 200-file consumer project:
#   generated:  the generator (and AgentBay.Analyzers when the repo has it) as analyzers, the standard spec as AdditionalFiles;
#   checked-in: the same 200 files plus the generator's output checked in as plain .cs files, no AgentBay analyzers.
# Both reference the same frozen copy of AgentBay.Runtime.dll and the same packages, so the only difference is the
# generator/analyzer work. Measures full builds (dotnet build --no-incremental), interleaved A/B to spread machine
# noise evenly, and prints the medians of wall time and of CPU time (user + sys of the build and its csc child:
# other processes on a shared machine inflate wall time far more than CPU time) and their ratios; then one build with
# -p:ReportAnalyzer=true -v:detailed and the analyzer/generator execution time tables the compiler prints.
# The compiler server is off (UseSharedCompilation=false, as this machine's environment sets it), so each build is a
# fresh csc process that also JIT-compiles the generator and analyzers: the worst case for their share.
#
# Usage: benchmarks/build-overhead.sh [--runs N] [--files N] [--keep]
#   --runs N   timed builds per project (default 5; CI-style smoke: 1)
#   --files N  consumer files (default 200)
#   --keep     keep the /tmp work folder (printed at the end)
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

runs=5
files=200
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/agentbay-build-overhead.XXXXXX)"
cleanup() { if [ "$keep" -eq 0 ]; then rm -rf "$work"; fi; }
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
  dotnet build "$folder/Consumer.csproj" -c Release -nologo --no-restore -nodeReuse:false -p:UseSharedCompilation=false "$@"
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

# Warm the compiler server and the file cache for both projects.
build "$work/generated" --no-incremental -v:q >/dev/null 2>&1
build "$work/checked-in" --no-incremental -v:q >"$work/checked-in-first.log" 2>&1 || { cat "$work/checked-in-first.log"; exit 1; }

gen_times=(); plain_times=(); gen_cpu=(); plain_cpu=()
timed_build() { # $1 = folder; prints "wall cpu" in seconds
  local start end cpu
  start=$(date +%s.%N)
  cpu=$( { TIMEFORMAT='%U %S'; time build "$1" --no-incremental -v:q >/dev/null 2>&1; } 2>&1 | awk '{ print $1 + $2 }')
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $cpu"
}
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

echo "== one build with -p:ReportAnalyzer=true -v:detailed (generated project)"
build "$work/generated" --no-incremental -v:detailed -p:ReportAnalyzer=true -clp:PerformanceSummary >"$work/report.log" 2>&1
build "$work/checked-in" --no-incremental -v:detailed -p:ReportAnalyzer=true -clp:PerformanceSummary >"$work/report-plain.log" 2>&1

echo
echo "Build overhead, $files consumer files + $generated_files generated files, $with_analyzers; $runs runs each, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
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
# (time in seconds, percent, assembly name with its version); the per-analyzer rows under them are left out.
table_rows() { grep -E 'Total (analyzer|generator) execution time|^\s+[<0-9.]+\s+[<0-9]+\s+[A-Za-z][^ ]*, Version=' "$1" | sed -E 's/^\s+/  /; s/, Version=[^ ]*, Culture=[^ ]*, PublicKeyToken=[^ ]*//'; }
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
if [ "$keep" -eq 1 ]; then
  echo "work folder kept: $work (report.log holds the full -v:detailed output)"
fi
