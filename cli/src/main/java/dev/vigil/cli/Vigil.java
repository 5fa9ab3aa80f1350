package dev.vigil.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The root command. {@link #run} returns the exit code instead of exiting, so every exit path is
 * testable: usage errors print one line and return 2, never a stack trace.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = Vigil.Version.class,
    description = "Continuous security monitoring and compliance scanning (NIST SP 800-53 Rev 5).",
    subcommands = {
      ScanCommand.class,
      RulesCommand.class,
      ControlsCommand.class,
      VerifyCommand.class,
      KeyCommand.class,
      ServeCommand.class,
      ConfigCommand.class,
      IndexCommand.class,
      ReportCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Vigil implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing command (try: vigil scan)");
  }

  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter = new PrintWriter(out, true);
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine cli = new CommandLine(new Vigil());
    cli.setOut(outWriter);
    cli.setErr(errWriter);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine cmd = ex.getCommandLine();
          errWriter.println("vigil: " + ex.getMessage());
          errWriter.println(
              "Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          if (ex instanceof UsageException) {
            errWriter.println("vigil: " + ex.getMessage());
            return ExitCodes.USAGE;
          }
          errWriter.println("vigil: internal error: " + ex);
          ex.printStackTrace(errWriter);
          return ExitCodes.SCAN_ERROR;
        });
    return cli.execute(args);
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {VersionCommand.describe()};
    }
  }
}
