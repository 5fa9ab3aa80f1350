package dev.vigil.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with vigil serve configuration files.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Validate a configuration file whole; print every problem with file:line:col.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The configuration file.")
    Path file;

    @Override
    public Integer call() {
      try {
        ServeCommand.load(file);
      } catch (UsageException e) {
        String[] lines = e.getMessage().split("\n");
        // The first line names the file; the rest are the problems, one per line.
        for (int i = 1; i < lines.length; i++) {
          spec.commandLine().getOut().println(lines[i]);
        }
        if (lines.length == 1) {
          throw e;
        }
        spec.commandLine().getOut().println((lines.length - 1) + " problem(s) in " + file);
        return ExitCodes.USAGE;
      }
      spec.commandLine().getOut().println("OK " + file);
      return ExitCodes.OK;
    }
  }
}
