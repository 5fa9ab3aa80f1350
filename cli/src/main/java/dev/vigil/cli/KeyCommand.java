package dev.vigil.cli;

import dev.vigil.reports.ManifestSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "key",
    mixinStandardHelpOptions = true,
    description = {
      "Print the public key that signs the evidence archive's manifests, and its fingerprint.",
      "Give it to auditors: `vigil verify --trusted-key KEY RUN_DIR` then accepts only runs signed",
      "by this installation. The key is created on first use in $VIGIL_HOME (default ~/.vigil)."
    })
final class KeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ManifestSigner signer = ManifestSigner.inDefaultHome();
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.print(signer.publicKeyPem());
      out.println("fingerprint: " + signer.fingerprint());
      out.println("stored in:   " + ManifestSigner.defaultHome());
    } catch (IOException e) {
      throw new UsageException("cannot read or create the signing key: " + e.getMessage());
    }
    return ExitCodes.OK;
  }
}
