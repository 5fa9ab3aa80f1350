package dev.vigil.rules;

import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Small snapshots for tests. */
final class Snapshots {
  static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

  private Snapshots() {}

  static Fact ok(String name, Map<String, ?> value) {
    return Fact.ok(name, value, List.of(Provenance.file("/etc/" + name, "ab".repeat(32), 10, T)));
  }

  static Snapshot of(Fact... facts) {
    return Snapshot.of(Target.local("web-1"), T, T, List.of(facts));
  }

  static Map<String, Object> sshd(String... kv) {
    Map<String, Object> eff = new java.util.LinkedHashMap<>();
    eff.put("permitrootlogin", "no");
    eff.put("permitemptypasswords", "no");
    eff.put("maxauthtries", "4");
    eff.put("clientaliveinterval", "300");
    eff.put("clientalivecountmax", "1");
    eff.put("logingracetime", "60");
    eff.put("x11forwarding", "no");
    eff.put("ignorerhosts", "yes");
    eff.put("hostbasedauthentication", "no");
    eff.put("permituserenvironment", "no");
    eff.put("loglevel", "info");
    eff.put("banner", "/etc/issue.net");
    eff.put("ciphers", "aes256-gcm@openssh.com,aes128-ctr");
    eff.put("macs", "hmac-sha2-256,hmac-sha2-512");
    for (int i = 0; i < kv.length; i += 2) {
      eff.put(kv[i], kv[i + 1]);
    }
    return Map.of(
        "configured", Map.of(), "effective", eff, "files", List.of("/etc/ssh/sshd_config"));
  }
}
