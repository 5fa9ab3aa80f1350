package dev.vigil.bench.rules;

import dev.vigil.core.Finding;
import dev.vigil.core.RuleId;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.rules.Evaluator;
import dev.vigil.rules.Profile;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.Waivers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JMH figures in wall time, but measured as the benchmark thread's CPU time: on a shared,
 * overloaded machine (load 20 on 2 cores) wall time mostly measures the wait for a core; CPU time
 * is what one core spends. Same snapshot and baseline as {@link RuleEvaluationBenchmark}. Run:
 * {@code java -cp bench/target/benchmarks.jar dev.vigil.bench.rules.RuleEvaluationCpuTime}.
 */
public final class RuleEvaluationCpuTime {
  private RuleEvaluationCpuTime() {}

  public static void main(String[] args) throws Exception {
    Snapshot snapshot = RuleEvaluationBenchmark.Realistic.snapshot();
    RuleSet rules = RuleSet.builtIn();
    Clock clock = Clock.fixed(RuleEvaluationBenchmark.T, ZoneOffset.UTC);
    Evaluator all = new Evaluator(rules, Profile.load("default", rules), Waivers.none(), clock);
    Evaluator twelve =
        new Evaluator(
            rules,
            Profile.select(rules, RuleEvaluationBenchmark.TWELVE.stream().map(RuleId::of).toList()),
            Waivers.none(),
            clock);
    int findings = all.evaluate(snapshot).size();
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
    // Warm-up, then measure.
    cpuPerOp(() -> all.evaluate(snapshot), seconds);
    cpuPerOp(() -> twelve.evaluate(snapshot), seconds / 2);
    cpuPerOp(() -> RuleEvaluationBenchmark.HandWritten.evaluate(snapshot), seconds / 2);
    double allMs = cpuPerOp(() -> all.evaluate(snapshot), seconds) / 1e6;
    double celUs = cpuPerOp(() -> twelve.evaluate(snapshot), seconds) / 1e3;
    double javaUs = cpuPerOp(() -> RuleEvaluationBenchmark.HandWritten.evaluate(snapshot), seconds) / 1e3;
    System.out.printf(
        "all %d built-in rules, one host (%d findings): %.2f ms CPU per host%n",
        rules.size(), findings, allMs);
    System.out.printf(
        "throughput: %.0f rule evaluations/s, %.0f rule x resource evaluations/s (one core)%n",
        rules.size() / (allMs / 1e3), findings / (allMs / 1e3));
    System.out.printf(
        "twelve simple rules: CEL %.1f us, hand-written Java %.1f us: CEL/Java = %.1fx;"
            + " %.0f CEL rule evaluations/s%n",
        celUs, javaUs, celUs / javaUs, 12 / (celUs / 1e6));
  }

  /** CPU nanoseconds per operation of the current thread, over about {@code seconds}. */
  static double cpuPerOp(Supplier<List<Finding>> op, long seconds) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    long c0 = t.getCurrentThreadCpuTime();
    long n = 0;
    long sink = 0;
    while (t.getCurrentThreadCpuTime() - c0 < seconds * 1_000_000_000L) {
      for (int i = 0; i < 20; i++) {
        sink += op.get().size();
        n++;
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return (double) (t.getCurrentThreadCpuTime() - c0) / n;
  }
}
