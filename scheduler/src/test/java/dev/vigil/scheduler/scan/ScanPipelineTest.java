package dev.vigil.scheduler.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collectors;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.reports.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run over several targets: a target that hangs or cannot be reached fails alone. */
class ScanPipelineTest {
  @TempDir Path tmp;

  private Path root(String name, String sshd) throws IOException {
    Path root = tmp.resolve(name);
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), sshd);
    return root;
  }

  @Test
  void hangingAndUnreachableTargetsFailAloneWithTheirReason() throws Exception {
    Path good = root("good", "PermitRootLogin yes\n");
    Target hang = Target.root(tmp.resolve("hang").toString()).withName("hang");
    Target gone = Target.root(tmp.resolve("gone").toString()).withName("gone");
    DefaultTransports real = new DefaultTransports(Clock.systemUTC());
    TransportFactory factory =
        target -> {
          if (target.name().equals("hang")) {
            try {
              Thread.sleep(600_000); // a host that accepts and never answers
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IOException("interrupted");
          }
          return real.open(target);
        };
    ScanPipeline pipeline = new ScanPipeline(factory, Collectors.builtIn(), "test");
    ScanRequest request =
        new ScanRequest(
            List.of(hang, Target.root(good.toString()), gone),
            tmp.resolve("out"),
            Set.of(Format.JSON),
            "default",
            List.of(),
            Optional.empty(),
            Map.of(),
            Duration.ofSeconds(3),
            Clock.systemUTC());

    ScanResult result = pipeline.run(request);

    Map<String, String> errors =
        result.assessment().targetErrors().stream()
            .collect(java.util.stream.Collectors.toMap(TargetError::target, TargetError::reason));
    assertEquals(Set.of("hang", "gone"), errors.keySet(), errors.toString());
    assertTrue(errors.get("hang").contains("timed out after 3 s"), errors.toString());
    assertTrue(errors.get("gone").contains("does not exist"), errors.toString());
    assertEquals(1, result.snapshots().size());
    assertTrue(
        result.assessment().findings().stream()
            .anyMatch(
                f ->
                    f.rule().value().equals("sshd.permit-root-login")
                        && f.status() == Status.FAIL));
    assertTrue(Files.isRegularFile(result.run().dir().resolve("findings.json")));
  }
}
