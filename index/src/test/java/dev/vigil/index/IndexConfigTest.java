package dev.vigil.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexConfigTest {
  @TempDir Path dir;

  @Test
  void defaultsKeepFindingsFor400Days() {
    IndexConfig c = IndexConfig.of(URI.create("http://127.0.0.1:9200"));
    assertEquals("400d", c.retentionSetting());
    assertEquals("vigil-findings", c.findingsStream());
    assertEquals("vigil-findings-latest", c.latestIndex());
    assertEquals("vigil-runs", c.runsIndex());
    assertEquals("vigil-alerts", c.alertsStream());
  }

  @Test
  void durationsAreParsedInTheShortFormAndIso() {
    assertEquals(Duration.ofDays(30), IndexConfig.parseDuration("30d"));
    assertEquals(Duration.ofHours(12), IndexConfig.parseDuration("12h"));
    assertEquals(Duration.ofDays(14), IndexConfig.parseDuration("2w"));
    assertEquals(Duration.ofDays(3), IndexConfig.parseDuration("P3D"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> IndexConfig.parseDuration("soon"));
    assertTrue(e.getMessage().contains("soon"));
  }

  @Test
  void retentionIsRenderedInElasticsearchUnits() {
    IndexConfig c = IndexConfig.of(URI.create("http://h:9200"));
    assertEquals("36h", c.withRetention(Duration.ofHours(36)).retentionSetting());
    assertEquals("90m", c.withRetention(Duration.ofMinutes(90)).retentionSetting());
  }

  @Test
  void urlWithCredentialsOrWrongSchemeIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> IndexConfig.of(URI.create("http://elastic:changeme@h:9200")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> IndexConfig.of(URI.create("ftp://h:9200")));
    assertTrue(e.getMessage().contains("ftp://h:9200"));
    assertThrows(
        IllegalArgumentException.class,
        () -> IndexConfig.of(URI.create("http://h:9200")).withPrefix("Vigil"));
  }

  @Test
  void secretIsReadFromFileOrEnvironmentAndNeverPrinted() throws Exception {
    Path key = dir.resolve("key");
    Files.writeString(key, "  s3cr3t-value\n");
    SecretSource fromFile = SecretSource.parse("file:" + key);
    assertEquals("s3cr3t-value", fromFile.read());
    assertFalse(fromFile.toString().contains("s3cr3t"));
    assertEquals(
        "env:VIGIL_TEST_NO_SUCH_VARIABLE",
        SecretSource.parse("env:VIGIL_TEST_NO_SUCH_VARIABLE").toString());
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> SecretSource.env("VIGIL_TEST_NO_SUCH_VARIABLE").read());
    assertTrue(missing.getMessage().contains("VIGIL_TEST_NO_SUCH_VARIABLE"));
    IllegalArgumentException inline =
        assertThrows(IllegalArgumentException.class, () -> SecretSource.parse("s3cr3t-value"));
    assertFalse(inline.getMessage().contains("s3cr3t-value"));
  }

  @Test
  void unreadableSecretIsAConfigurationErrorAtOpen() {
    IndexConfig c =
        IndexConfig.of(URI.create("http://127.0.0.1:9"))
            .withCredentials(
                new Credentials.Basic("vigil", SecretSource.file(dir.resolve("missing"))));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> EvidenceIndex.open(c, dir.resolve("spool")));
    assertTrue(e.getMessage().contains("missing"));
  }
}
