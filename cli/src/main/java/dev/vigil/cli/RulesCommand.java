package dev.vigil.cli;

import dev.vigil.core.ControlId;
import dev.vigil.rules.GoldenCases;
import dev.vigil.rules.Problem;
import dev.vigil.rules.Profile;
import dev.vigil.rules.Rule;
import dev.vigil.rules.RuleLoadException;
import dev.vigil.rules.RuleParam;
import dev.vigil.rules.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "List, show, lint and test rules.",
    subcommands = {
      RulesCommand.ListRules.class,
      RulesCommand.Show.class,
      RulesCommand.Lint.class,
      RulesCommand.Test.class
    })
final class RulesCommand {

  static RuleSet load(List<Path> extra) {
    try {
      return extra.isEmpty() ? RuleSet.builtIn() : RuleSet.load(extra, true);
    } catch (RuleLoadException e) {
      throw new UsageException(e.getMessage());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the rules (of a profile), with severity and NIST controls.")
  static final class ListRules implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--profile",
        paramLabel = "NAME|FILE",
        description = "Only the rules of this profile.")
    String profile;

    @Option(names = "--rules", paramLabel = "PATH", description = "Extra rule packs. Repeatable.")
    List<Path> rules = new ArrayList<>();

    @Override
    public Integer call() {
      RuleSet set = load(rules);
      Profile p;
      try {
        p = profile == null ? Profile.all(set) : Profile.load(profile, set);
      } catch (RuleLoadException e) {
        throw new UsageException(e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      int n = 0;
      for (Rule r : set.rules()) {
        if (!p.enabled(r.id())) {
          continue;
        }
        n++;
        out.printf(
            Locale.ROOT,
            "%-40s %-8s %-28s %s%n",
            r.id(),
            r.severity().wire(),
            r.controls().stream().map(ControlId::toString).collect(Collectors.joining(",")),
            r.title());
      }
      out.println(n + " rules" + (profile == null ? "" : " in profile " + p.name()));
      return ExitCodes.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one rule whole.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "Rule id, e.g. sshd.permit-root-login.")
    String id;

    @Option(names = "--rules", paramLabel = "PATH", description = "Extra rule packs. Repeatable.")
    List<Path> rules = new ArrayList<>();

    @Override
    public Integer call() {
      RuleSet set = load(rules);
      Rule r =
          set.find(id)
              .orElseThrow(() -> new UsageException("no rule " + id + " (try: vigil rules list)"));
      PrintWriter out = spec.commandLine().getOut();
      out.println(r.id() + " — " + r.title());
      out.println("  severity:    " + r.severity().wire());
      out.println(
          "  controls:    "
              + r.controls().stream().map(ControlId::toString).collect(Collectors.joining(", ")));
      r.references()
          .forEach(
              (k, v) ->
                  out.println(
                      "  "
                          + k
                          + ":"
                          + " ".repeat(Math.max(1, 12 - k.length()))
                          + String.join(", ", v)));
      out.println("  facts:       " + String.join(", ", r.facts()));
      out.println("  defined at:  " + r.source());
      if (!r.description().isBlank()) {
        out.println();
        out.println(r.description().strip());
      }
      if (!r.rationale().isBlank()) {
        out.println();
        out.println("Rationale: " + r.rationale().strip());
      }
      out.println();
      r.when().ifPresent(w -> out.println("when:     " + w));
      r.forEach().ifPresent(f -> out.println("forEach:  " + f));
      out.println("check:    " + r.check());
      r.observed().ifPresent(o -> out.println("observed: " + o));
      r.expected().ifPresent(e -> out.println("expected: " + e));
      for (RuleParam p : r.params()) {
        out.println(
            "param:    "
                + p.name()
                + " = "
                + RuleParam.render(p.defaultValue())
                + (p.description().isBlank() ? "" : "  (" + p.description() + ")"));
      }
      out.println();
      out.println("Remediation: " + r.remediation().strip());
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "lint",
      mixinStandardHelpOptions = true,
      description = "Validate rule pack files whole and report every problem with file:line:col.")
  static final class Lint implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "FILE",
        arity = "1..*",
        description = "Rule pack files or directories.")
    List<Path> files;

    @Override
    public Integer call() {
      for (Path f : files) {
        if (!Files.exists(f)) {
          throw new UsageException("no such file: " + f);
        }
      }
      List<Problem> problems = RuleSet.lint(files);
      PrintWriter out = spec.commandLine().getOut();
      if (problems.isEmpty()) {
        out.println("OK " + files.stream().map(Path::toString).collect(Collectors.joining(" ")));
        return ExitCodes.OK;
      }
      problems.forEach(p -> out.println("ERROR " + p));
      out.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
      return ExitCodes.USAGE;
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description = {
        "Run the golden cases of a rule pack directory:",
        "DIR/*.yaml are the packs, DIR/cases/<rule-id>/<case>/ hold facts.json and expected.json."
      })
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The rule pack directory.")
    Path dir;

    @Override
    public Integer call() {
      if (!Files.isDirectory(dir)) {
        throw new UsageException("not a directory: " + dir);
      }
      List<GoldenCases.Result> results;
      try {
        results = GoldenCases.testPackDirectory(dir);
      } catch (RuleLoadException e) {
        throw new UsageException(e.getMessage());
      } catch (IOException e) {
        throw new UsageException(dir + ": " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      results.forEach(out::println);
      long failed = results.stream().filter(r -> !r.passed()).count();
      out.println((results.size() - failed) + " passed, " + failed + " failed");
      return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
