package dev.vigil.collectors.sshd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshdCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new SshdCollector();
  }

  @Test
  void hardenedRootIsParsedWithIncludesFirstValueWinsAndMatchBlocksApart() throws Exception {
    Snapshot s = snapshot("hardened");
    Map<String, Object> v = ok(s, "host.sshd");
    Map<String, Object> eff = map(v.get("effective"));
    assertEquals("no", eff.get("permitrootlogin"));
    assertEquals("no", eff.get("passwordauthentication"));
    assertEquals("4", eff.get("maxsessions")); // from the include, which came first
    assertEquals("aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr", eff.get("ciphers"));
    assertEquals("verbose", eff.get("loglevel"));
    assertEquals("/etc/issue.net", eff.get("banner"));
    assertEquals("defaults+files", v.get("effective_source"));
    assertEquals(
        List.of("/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/10-crypto.conf"), v.get("files"));
    Map<String, Object> match = map(list(v.get("matches")).get(0));
    assertEquals("User backup", match.get("criteria"));
    assertEquals("internal-sftp", map(match.get("settings")).get("forcecommand"));
    // Match settings never leak into the global view
    assertEquals(null, map(v.get("configured")).get("forcecommand"));
    assertEquals("LANG LC_*", map(v.get("configured")).get("acceptenv"));
    assertEquals(List.of(), v.get("problems"));
    Map<String, Object> key = map(list(v.get("host_keys")).get(2));
    assertEquals("/etc/ssh/ssh_host_ed25519_key", key.get("path"));
    assertEquals("ssh-ed25519", key.get("type"));
    assertEquals(256L, key.get("bits"));
    assertEquals("0600", key.get("mode_octal"));
    assertEquals(false, map(list(v.get("host_keys")).get(0)).get("exists"));
  }

  @Test
  void weakRootReportsRootLoginYesFromTheMainFileAndUnknownKeywordsAsProblems() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.sshd");
    Map<String, Object> eff = map(v.get("effective"));
    assertEquals("yes", eff.get("permitrootlogin"));
    assertEquals("yes", map(v.get("configured")).get("permitrootlogin"));
    // the include (relative to /etc/ssh) comes first: its Ciphers wins over the main file's
    assertEquals("20", eff.get("maxsessions"));
    assertEquals("yes", eff.get("permitemptypasswords"));
    assertEquals("3des-cbc", eff.get("ciphers"));
    assertEquals("10", eff.get("maxauthtries"));
    List<Object> problems = list(v.get("problems"));
    assertEquals(List.of("/etc/ssh/sshd_config:11: unknown keyword 'FooBarOption'"), problems);
  }

  @Test
  void rootLoginYesWithoutIncludesIsObservedAsYes() throws Exception {
    Path root = tmp.resolve("r");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(
        root.resolve("etc/ssh/sshd_config"),
        "PERMITROOTLOGIN Yes\npermitrootlogin no\nPasswordAuthentication = no\n"
            + "Match Address 10.0.0.0/8\n  PermitRootLogin no\n");
    Map<String, Object> v = ok(snapshotOf(root), "host.sshd");
    assertEquals("yes", map(v.get("effective")).get("permitrootlogin"));
    assertEquals("Yes", map(v.get("configured")).get("permitrootlogin"));
    assertEquals("no", map(v.get("effective")).get("passwordauthentication"));
    assertEquals("prohibit-password", SshdCollector.DEFAULTS.get("permitrootlogin"));
  }

  @Test
  void includeGlobsExpandSortedAndMatchBlocksEndWithTheirFile() throws Exception {
    Path root = tmp.resolve("g");
    Files.createDirectories(root.resolve("etc/ssh/conf.d"));
    Files.writeString(
        root.resolve("etc/ssh/sshd_config"), "Include conf.d/*.conf\nX11Forwarding yes\n");
    Files.writeString(root.resolve("etc/ssh/conf.d/20-b.conf"), "MaxAuthTries 2\n");
    Files.writeString(
        root.resolve("etc/ssh/conf.d/10-a.conf"),
        "MaxAuthTries 3\nMatch User x\n  X11Forwarding no\n");
    Files.writeString(root.resolve("etc/ssh/conf.d/ignored.txt"), "MaxAuthTries 9\n");
    Map<String, Object> v = ok(snapshotOf(root), "host.sshd");
    assertEquals("3", map(v.get("effective")).get("maxauthtries"));
    assertEquals("yes", map(v.get("effective")).get("x11forwarding"));
    assertEquals(
        List.of("/etc/ssh/sshd_config", "/etc/ssh/conf.d/10-a.conf", "/etc/ssh/conf.d/20-b.conf"),
        v.get("files"));
  }

  @Test
  void recursiveIncludeIsBoundedAndReported() throws Exception {
    Path root = tmp.resolve("rec");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), "Include sshd_config\n");
    Map<String, Object> v = ok(snapshotOf(root), "host.sshd");
    assertTrue(
        list(v.get("problems")).stream().anyMatch(p -> p.toString().contains("nested deeper")));
  }

  @Test
  void binaryConfigIsAnErrorNamingTheFile() throws Exception {
    Path root = tmp.resolve("bin");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.write(root.resolve("etc/ssh/sshd_config"), new byte[] {1, 0, 2, 0});
    Snapshot s = snapshotOf(root);
    assertEquals(FactState.ERROR, state(s, "host.sshd"));
    assertEquals("/etc/ssh/sshd_config: binary content, not text", reason(s, "host.sshd"));
  }

  @Test
  void symlinkLoopIsAnErrorAndOutsideLinkIsContained() throws Exception {
    Path root = tmp.resolve("loop");
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.createSymbolicLink(root.resolve("etc/ssh/sshd_config"), Path.of("sshd_config"));
    Snapshot s = snapshotOf(root);
    assertEquals(FactState.ERROR, state(s, "host.sshd"));
    assertEquals("/etc/ssh/sshd_config: symlink loop", reason(s, "host.sshd"));
  }

  @Test
  void noConfigAndNoBinaryIsAbsent() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("none/etc"));
    Snapshot s = snapshotOf(root.getParent());
    assertEquals(FactState.ABSENT, state(s, "host.sshd"));
  }

  @Test
  void dashTOutputAccumulatesRepeatedKeywords() {
    Map<String, String> m =
        SshdCollector.parseDashT("port 22\nport 2222\nloglevel INFO\nbanner /etc/Issue\n");
    assertEquals("22 2222", m.get("port"));
    assertEquals("info", m.get("loglevel"));
    assertEquals("/etc/Issue", m.get("banner"));
  }
}
