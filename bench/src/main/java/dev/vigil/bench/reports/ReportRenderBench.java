package dev.vigil.bench.reports;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.Change;
import dev.vigil.core.ControlId;
import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetKind;
import dev.vigil.core.WaiverRef;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.json.Json;
import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering every report format for 100,000 findings (500 targets x 200 rules, ~20 % failing), from
 * building the report model to the last byte, in a JVM capped at 512 MB of heap. Baseline in the
 * same run: plain Jackson serialisation of the same findings. Output goes to a counting stream, so
 * disk speed is not measured; the sizes are printed at tear-down.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReportRenderBench -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx512m", "-Xms512m"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ReportRenderBench {
  static final int TARGETS = 500;
  static final int RULES = 200;

  Assessment assessment;
  final Map<Format, Long> sizes = new TreeMap<>();

  @Setup(Level.Trial)
  public void generate() {
    assessment = fleet(TARGETS, RULES, 42);
  }

  /** Builds the model and renders html, json, csv, junit and oscal. */
  @Benchmark
  public long allFormats() throws IOException {
    ReportModel m = ReportModel.build(assessment, List.of(), ControlCatalog.builtIn(), List.of());
    long total = 0;
    for (Format f : Format.values()) {
      CountingStream out = new CountingStream();
      Renderer.of(f).render(m, out);
      sizes.put(f, out.count);
      total += out.count;
    }
    return total;
  }

  /** Baseline: Jackson writes the assessment (the findings) once, compact. */
  @Benchmark
  public long baselineJacksonFindings() throws IOException {
    CountingStream out = new CountingStream();
    Json.mapper().writeValue(out, assessment);
    return out.count;
  }

  @TearDown(Level.Trial)
  public void printSizes() {
    if (sizes.isEmpty()) {
      return;
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%n[reports] %d findings; max heap %d MB; output sizes:%n",
        assessment.findings().size(),
        rt.maxMemory() >> 20);
    sizes.forEach(
        (f, n) -> System.out.printf(Locale.ROOT, "[reports]   %-6s %8.2f MB%n", f, n / 1048576.0));
  }

  static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  static Assessment fleet(int targets, int perTarget, long seed) {
    Random rnd = new Random(seed);
    String[] families = {"AC", "AU", "CM", "IA", "SC", "SI"};
    Severity[] sev = Severity.values();
    Instant t = Instant.parse("2026-11-25T02:00:00Z");
    List<Target> ts = new ArrayList<>();
    List<Finding> fs = new ArrayList<>(targets * perTarget);
    for (int h = 0; h < targets; h++) {
      String host = String.format(Locale.ROOT, "host%03d.prod.example.com", h);
      ts.add(new Target(host, TargetKind.SSH, "ssh://vigil@" + host + ":22", Map.of()));
      for (int r = 0; r < perTarget; r++) {
        String fam = families[r % families.length];
        int roll = rnd.nextInt(100);
        Status st =
            roll < 75
                ? Status.PASS
                : roll < 93
                    ? Status.FAIL
                    : roll < 96 ? Status.ERROR : roll < 99 ? Status.NOTAPPLICABLE : Status.UNKNOWN;
        Finding f =
            Finding.builder(
                    RuleId.of(fam.toLowerCase(Locale.ROOT) + ".rule-" + r),
                    host,
                    r % 5 == 0 ? new ResourceRef("account", "user" + r) : ResourceRef.host())
                .title("Rule " + r + " of the " + fam + " family holds")
                .status(st)
                .severity(sev[r % sev.length])
                .controls(
                    List.of(ControlId.parse(fam + "-" + (1 + r % 9)), ControlId.parse("CM-6")))
                .observed(st == Status.PASS ? "compliant-" + r : "value-" + rnd.nextInt(1000))
                .expected("compliant-" + r)
                .message(st == Status.ERROR ? "/etc/file" + r + ": permission denied" : null)
                .evidence(
                    List.of(
                        Provenance.file(
                            "/etc/config/"
                                + fam.toLowerCase(Locale.ROOT)
                                + "/"
                                + (r % 12)
                                + ".conf",
                            String.format(Locale.ROOT, "%064x", (long) (h * 1000 + r % 12)),
                            2048,
                            t)))
                .remediation(
                    "Set the value of rule "
                        + r
                        + " to compliant-"
                        + r
                        + " and restart the service.")
                .build();
        if (st == Status.FAIL && r % 17 == 0) {
          f =
              f.withWaiver(
                  new WaiverRef("W-" + r, "ops", "Accepted", LocalDate.of(2027, 6, 30), false));
        }
        if (st == Status.FAIL) {
          f = f.withChange(r % 7 == 0 ? Change.NEW_FAILURE : Change.STILL_FAILING);
        }
        fs.add(f);
      }
    }
    return new Assessment(
        "20261125T020000Z-bench",
        "bench",
        t,
        t.plus(Duration.ofSeconds(90)),
        ts,
        "nist-moderate",
        new TreeMap<>(Map.of("max_password_age_days", "60")),
        fs,
        List.of(),
        List.of());
  }
}
