package dev.vigil.cli;

import dev.vigil.reports.Verification;
import dev.vigil.reports.Verifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check that a run folder of the evidence archive is exactly what vigil wrote.",
      "Checks every file's SHA-256 against manifest.json and the Ed25519 signature of the",
      "manifest, and names every file that was changed, added or removed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:verified",
      "1:changed, added or removed files, or a bad signature",
      "2:usage error"
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "RUN_DIR",
      description = "A run folder, e.g. vigil-out/20261125T143518Z-3f9a.")
  Path runDir;

  @Option(
      names = {"--trusted-key", "--public-key"},
      paramLabel = "PEM",
      description =
          "Accept only signatures by this Ed25519 public key (default: the key in manifest.sig).")
  Path publicKey;

  @Override
  public Integer call() {
    if (!Files.isDirectory(runDir)) {
      throw new UsageException("not a run folder: " + runDir);
    }
    Verification v;
    try {
      Verifier verifier =
          publicKey == null ? Verifier.selfContained() : Verifier.trusting(publicKey);
      v = verifier.verify(runDir);
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    v.describe().forEach(out::println);
    return v.ok() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
