package dev.vigil.alerts.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSecretTest {
  @TempDir Path dir;

  @Test
  void signatureIsTheKnownHmacSha256OfTheBody() {
    // RFC 4231 test case 2.
    WebhookSecret s = WebhookSecret.of("Jefe".getBytes(StandardCharsets.US_ASCII));
    byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    assertEquals(
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", s.sign(body));
    assertTrue(s.verify(body, s.sign(body)));
    assertFalse(s.verify("what do ya want for something?".getBytes(), s.sign(body)));
    assertFalse(s.verify(body, "sha256=zz"));
    assertFalse(s.verify(body, null));
  }

  @Test
  void secretFileDropsTheTrailingLineBreak() throws IOException {
    Path f = dir.resolve("secret");
    Files.writeString(f, "Jefe\n");
    assertEquals(
        WebhookSecret.of("Jefe".getBytes(StandardCharsets.UTF_8)), WebhookSecret.fromFile(f));
  }

  @Test
  void emptySecretFileIsRefusedNamingTheFile() throws IOException {
    Path f = dir.resolve("empty");
    Files.writeString(f, "\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WebhookSecret.fromFile(f));
    assertTrue(e.getMessage().contains(f.toString()));
  }

  @Test
  void missingEnvironmentVariableIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WebhookSecret.fromEnv("VIGIL_WEBHOOK_SECRET", Map.of()));
    assertTrue(e.getMessage().contains("VIGIL_WEBHOOK_SECRET"));
    assertEquals(
        WebhookSecret.of("abc".getBytes(StandardCharsets.UTF_8)),
        WebhookSecret.fromEnv("X", Map.of("X", "abc")));
  }

  @Test
  void secretNeverShowsInToString() {
    WebhookSecret s = WebhookSecret.of("hunter2".getBytes(StandardCharsets.UTF_8));
    assertFalse(s.toString().contains("hunter2"));
  }
}
