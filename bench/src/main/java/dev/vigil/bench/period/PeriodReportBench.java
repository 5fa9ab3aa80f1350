package dev.vigil.bench.period;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import dev.vigil.core.json.Json;
import dev.vigil.reports.EvidenceArchive;
import dev.vigil.reports.Manifest;
import dev.vigil.reports.period.ArchiveHistory;
import dev.vigil.reports.period.PeriodQuery;
import dev.vigil.reports.period.PeriodReport;
import dev.vigil.reports.period.PeriodReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 90-day period report from the embedded evidence archive: {@code targets} targets scanned daily
 * by one run each day, {@code rules} findings per target, for 90 days plus the 14-day lookback (104
 * runs), ~3 % of findings failing (0.1 %/day open, 3 %/day resolve) with failures opening and
 * resolving over time, one target silent for 10 days. Heap capped at 512 MB to show the history is
 * streamed one run at a time.
 *
 * <p>The archive is generated in setup with {@code findings.json} and a {@code manifest.json} per
 * run folder (what {@link ArchiveHistory} reads), written directly rather than through {@link
 * EvidenceArchive#write} to keep set-up short. Baseline in the same run: parsing the same findings
 * files with Jackson and nothing else.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PeriodReportBench -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m", "-Xms512m"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class PeriodReportBench {
  static final int DAYS = 90;
  static final int LOOKBACK_DAYS = 14;
  static final Instant UNTIL = Instant.parse("2026-11-24T23:59:59Z");

  @Param({"100"})
  public int targets;

  @Param({"30"})
  public int rules;

  Path root;
  long findings;
  PeriodReport last;

  @Setup(Level.Trial)
  public void archive() throws IOException {
    root = Files.createTempDirectory("vigil-period-bench");
    DateTimeFormatter id =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    Random rnd = new Random(42);
    List<ControlId> controls =
        List.of("AC-2", "AC-6", "AC-7", "AU-2", "AU-9", "CM-6", "CM-7", "IA-5", "SC-8", "SI-2")
            .stream()
            .map(ControlId::parse)
            .toList();
    boolean[][] failing = new boolean[targets][rules];
    for (int d = 0; d < DAYS + LOOKBACK_DAYS + 1; d++) {
      Instant t = UNTIL.minusSeconds(86_400L * (DAYS + LOOKBACK_DAYS - d)).minusSeconds(3600 * 3);
      List<Target> ts = new ArrayList<>();
      List<Finding> fs = new ArrayList<>(targets * rules);
      for (int h = 0; h < targets; h++) {
        String name = String.format("host%04d", h);
        if (h == 7 && d > 40 && d <= 50) {
          continue; // silent for ten days
        }
        ts.add(new Target(name, TargetKind.SSH, "ssh://" + name, Map.of("group", "prod")));
        for (int r = 0; r < rules; r++) {
          // opens with 0.1 % a day, resolves with 3 % a day: about 3 % failing at any time
          failing[h][r] = failing[h][r] ? rnd.nextInt(1000) >= 30 : rnd.nextInt(1000) < 1;
          fs.add(
              Finding.builder(RuleId.of("rule.r" + r), name, ResourceRef.host())
                  .title("Rule " + r)
                  .status(failing[h][r] || (r == 0 && h % 33 == 0) ? Status.FAIL : Status.PASS)
                  .severity(Severity.MEDIUM)
                  .controls(List.of(controls.get(r % controls.size())))
                  .observed("x")
                  .expected("y")
                  .build());
        }
      }
      findings += fs.size();
      String runId = id.format(t) + "-" + String.format("%04x", d);
      Assessment a =
          new Assessment(
              runId,
              "bench",
              t,
              t.plusSeconds(300),
              ts,
              "nist-moderate",
              new TreeMap<>(),
              fs,
              List.of(),
              List.of());
      Path dir = Files.createDirectories(root.resolve(runId));
      Json.mapper().writeValue(dir.resolve(EvidenceArchive.FINDINGS).toFile(), a);
      Files.write(dir.resolve(Manifest.FILE), Manifest.of(runId, dir).toBytes());
    }
  }

  /** Reads the 90 days and the lookback from the archive and builds the whole report model. */
  @Benchmark
  public PeriodReport periodReport() throws IOException {
    PeriodQuery q = PeriodQuery.parse("90d", Optional.of("2026-11-24"), Clock.systemUTC());
    last =
        PeriodReport.build(
            new ArchiveHistory(root), q, ControlCatalog.builtIn(), "bench", Clock.systemUTC());
    return last;
  }

  /** Builds the model and writes every format, signed folder excluded (no key in the bench). */
  @Benchmark
  public long periodReportAllFormats() throws IOException {
    PeriodReport r = periodReport();
    Path out = root.resolveSibling(root.getFileName() + "-out-" + System.nanoTime());
    List<Path> files =
        PeriodReportWriter.write(r, out, PeriodReportWriter.supported(), Optional.empty());
    long size = 0;
    for (Path p : files) {
      size += Files.size(p);
    }
    delete(out);
    return size;
  }

  /** Baseline: parse the same findings files with Jackson, nothing else. */
  @Benchmark
  public long baselineJacksonParse() throws IOException {
    long n = 0;
    List<Path> dirs =
        new EvidenceArchive(root, ControlCatalog.builtIn(), Optional.empty()).runDirs();
    for (Path d : dirs) {
      Assessment a =
          Json.mapper().readValue(d.resolve(EvidenceArchive.FINDINGS).toFile(), Assessment.class);
      n += a.findings().size();
    }
    return n;
  }

  @TearDown(Level.Trial)
  public void cleanUp() throws IOException {
    if (last != null) {
      System.out.printf(
          "%nperiod bench: %d targets x %d rules, %d runs in archive, %d findings in archive;"
              + " report read %d runs (%d findings), %d failures, %d gaps%n",
          targets,
          rules,
          DAYS + LOOKBACK_DAYS + 1,
          findings,
          last.methodology().runsRead(),
          last.methodology().findingsRead(),
          last.failures().size(),
          last.gaps().size());
      String sample = System.getProperty("period.sample");
      if (sample != null && !Files.exists(Path.of(sample))) {
        PeriodReportWriter.write(
            last, Path.of(sample), PeriodReportWriter.supported(), Optional.empty());
      }
    }
    delete(root);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
