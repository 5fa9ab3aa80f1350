package dev.vigil.bench.rules;

import dev.vigil.core.Finding;
import dev.vigil.core.ResourceRef;
import dev.vigil.core.RuleId;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.rules.Evaluator;
import dev.vigil.rules.Profile;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.Waivers;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule evaluation over a realistic snapshot of one host (40 accounts, 600 packages, 60 services,
 * 30 sysctl keys, 25 SUID files, 120 certificates of which 100 trust anchors, PAM stacks, auditd,
 * logrotate...):
 *
 * <ul>
 *   <li>{@code allBuiltInRules}: every built-in rule for one host (ms per host; target &lt; 20 ms);
 *   <li>{@code ruleThroughput}: the same, counted per rule evaluation (ops/s = rule evaluations/s;
 *       target 200,000/s on one core);
 *   <li>{@code celTwelveRules} vs {@code javaTwelveRules}: twelve simple rules (sshd, login.defs,
 *       sysctl) in CEL through the evaluator, and the same twelve checks hand-written in Java
 *       building the same findings: the baseline that shows what CEL and the engine cost.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class RuleEvaluationBenchmark {
  static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
  static final List<String> TWELVE =
      List.of(
          "sshd.permit-root-login",
          "sshd.permit-empty-passwords",
          "sshd.max-auth-tries",
          "sshd.x11-forwarding",
          "sshd.ignore-rhosts",
          "sshd.hostbased-authentication",
          "login-defs.pass-max-days",
          "login-defs.pass-min-days",
          "login-defs.pass-warn-age",
          "sysctl.ip-forward",
          "sysctl.tcp-syncookies",
          "sysctl.randomize-va-space");

  /** Built-in rule count; {@link #ruleThroughput} is annotated with it (checked in setup). */
  static final int RULES = 124;

  Snapshot snapshot;
  Evaluator all;
  Evaluator twelve;

  @Setup
  public void setup() throws Exception {
    snapshot = Realistic.snapshot();
    RuleSet rules = RuleSet.builtIn();
    if (rules.size() != RULES) {
      throw new IllegalStateException("update RULES to " + rules.size());
    }
    Clock clock = Clock.fixed(T, ZoneOffset.UTC);
    all = new Evaluator(rules, Profile.load("default", rules), Waivers.none(), clock);
    twelve =
        new Evaluator(
            rules,
            Profile.select(rules, TWELVE.stream().map(RuleId::of).toList()),
            Waivers.none(),
            clock);
    int n = all.evaluate(snapshot).size();
    System.out.println("\nsnapshot: " + snapshot.facts().size() + " facts, " + n + " findings");
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<Finding> allBuiltInRules() {
    return all.evaluate(snapshot);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(RULES)
  public List<Finding> ruleThroughput() {
    return all.evaluate(snapshot);
  }

  @Benchmark
  public List<Finding> celTwelveRules() {
    return twelve.evaluate(snapshot);
  }

  @Benchmark
  public List<Finding> javaTwelveRules() {
    return HandWritten.evaluate(snapshot);
  }

  /** The twelve rules written directly in Java, with the same findings. */
  static final class HandWritten {
    private HandWritten() {}

    static List<Finding> evaluate(Snapshot s) {
      List<Finding> out = new ArrayList<>(12);
      Fact sshd = s.fact("host.sshd").orElseThrow();
      @SuppressWarnings("unchecked")
      Map<String, Object> eff = (Map<String, Object>) ((Map<String, Object>) sshd.value()).get("effective");
      String prl = (String) eff.get("permitrootlogin");
      out.add(f(s, sshd, "sshd.permit-root-login", List.of("no", "prohibit-password", "without-password").contains(prl), prl, "no or prohibit-password"));
      String pep = (String) eff.get("permitemptypasswords");
      out.add(f(s, sshd, "sshd.permit-empty-passwords", pep.equals("no"), pep, "no"));
      String mat = (String) eff.get("maxauthtries");
      out.add(f(s, sshd, "sshd.max-auth-tries", Long.parseLong(mat) <= 4, mat, "at most 4"));
      for (String[] kv : new String[][] {{"sshd.x11-forwarding", "x11forwarding", "no"},
          {"sshd.ignore-rhosts", "ignorerhosts", "yes"}, {"sshd.hostbased-authentication", "hostbasedauthentication", "no"}}) {
        String v = (String) eff.get(kv[1]);
        out.add(f(s, sshd, kv[0], v.equals(kv[2]), v, kv[2]));
      }
      Fact ld = s.fact("host.login_defs").orElseThrow();
      @SuppressWarnings("unchecked")
      Map<String, Object> set = (Map<String, Object>) ((Map<String, Object>) ld.value()).get("settings");
      long max = (Long) set.getOrDefault("PASS_MAX_DAYS", 99999L);
      out.add(f(s, ld, "login-defs.pass-max-days", max > 0 && max <= 60, String.valueOf(max), "at most 60 days"));
      long min = (Long) set.getOrDefault("PASS_MIN_DAYS", 0L);
      out.add(f(s, ld, "login-defs.pass-min-days", min >= 1, String.valueOf(min), "at least 1 days"));
      long warn = (Long) set.getOrDefault("PASS_WARN_AGE", 7L);
      out.add(f(s, ld, "login-defs.pass-warn-age", warn >= 7, String.valueOf(warn), "at least 7 days"));
      Fact sc = s.fact("host.sysctl").orElseThrow();
      @SuppressWarnings("unchecked")
      Map<String, Object> k = (Map<String, Object>) ((Map<String, Object>) sc.value()).get("effective");
      for (Object[] r : new Object[][] {{"sysctl.ip-forward", "net.ipv4.ip_forward", 0L, 0L},
          {"sysctl.tcp-syncookies", "net.ipv4.tcp_syncookies", 1L, 1L},
          {"sysctl.randomize-va-space", "kernel.randomize_va_space", 2L, 2L}}) {
        Object v = k.getOrDefault((String) r[1], r[3]);
        out.add(f(s, sc, (String) r[0], v.equals(r[2]), String.valueOf(v), String.valueOf(r[2])));
      }
      return out;
    }

    static Finding f(Snapshot s, Fact fact, String rule, boolean ok, String observed, String expected) {
      return Finding.builder(RuleId.of(rule), s.target().name(), ResourceRef.host())
          .title(rule)
          .severity(Severity.MEDIUM)
          .status(ok ? Status.PASS : Status.FAIL)
          .observed(observed)
          .expected(expected)
          .evidence(fact.provenance())
          .build();
    }
  }

  /** A realistic snapshot of one Debian host, shaped as docs/facts.md describes. */
  static final class Realistic {
    private Realistic() {}

    static Snapshot snapshot() {
      List<Fact> facts = new ArrayList<>();
      facts.add(ok("host.sshd", Map.of(
          "effective", mapOf("permitrootlogin", "without-password", "passwordauthentication", "no",
              "permitemptypasswords", "no", "pubkeyauthentication", "yes", "maxauthtries", "6",
              "logingracetime", "120", "x11forwarding", "yes", "clientaliveinterval", "0",
              "clientalivecountmax", "3", "ciphers", "chacha20-poly1305@openssh.com,aes128-ctr,aes256-gcm@openssh.com",
              "macs", "umac-64-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512",
              "kexalgorithms", "curve25519-sha256", "loglevel", "info", "ignorerhosts", "yes",
              "hostbasedauthentication", "no", "permituserenvironment", "no", "usepam", "yes",
              "banner", "none", "allowtcpforwarding", "yes", "maxsessions", "10", "maxstartups", "10:30:100"),
          "configured", Map.of("permitrootlogin", "prohibit-password"),
          "files", List.of("/etc/ssh/sshd_config"), "matches", List.of(), "problems", List.of(),
          "host_keys", List.of(
              mapOf("path", "/etc/ssh/ssh_host_ed25519_key", "exists", true, "type", "ssh-ed25519", "bits", 256L, "mode", 384L, "mode_octal", "0600", "uid", 0L, "gid", 0L),
              mapOf("path", "/etc/ssh/ssh_host_rsa_key", "exists", true, "type", "ssh-rsa", "bits", 3072L, "mode", 384L, "mode_octal", "0600", "uid", 0L, "gid", 0L)))));
      facts.add(ok("host.login_defs", Map.of("settings", mapOf("PASS_MAX_DAYS", 99999L, "PASS_MIN_DAYS", 0L,
          "PASS_WARN_AGE", 7L, "UMASK", "022", "ENCRYPT_METHOD", "SHA512"), "problems", List.of())));
      Map<String, Object> sysctl = new LinkedHashMap<>();
      String[] keys = {"kernel.randomize_va_space", "kernel.kptr_restrict", "kernel.dmesg_restrict",
          "kernel.yama.ptrace_scope", "kernel.unprivileged_bpf_disabled", "kernel.sysrq", "fs.suid_dumpable",
          "fs.protected_hardlinks", "fs.protected_symlinks", "fs.protected_fifos", "fs.protected_regular",
          "net.ipv4.ip_forward", "net.ipv4.conf.all.accept_redirects", "net.ipv4.conf.default.accept_redirects",
          "net.ipv4.conf.all.send_redirects", "net.ipv4.conf.default.send_redirects",
          "net.ipv4.conf.all.accept_source_route", "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.all.log_martians",
          "net.ipv4.icmp_echo_ignore_broadcasts", "net.ipv4.tcp_syncookies", "net.ipv6.conf.all.accept_ra",
          "net.ipv6.conf.all.accept_redirects", "net.ipv6.conf.all.forwarding"};
      for (int i = 0; i < keys.length; i++) {
        sysctl.put(keys[i], (long) (i % 3));
      }
      facts.add(ok("host.sysctl", Map.of("configured", sysctl, "running", sysctl, "effective", sysctl,
          "sources", Map.of(), "files", List.of(), "problems", List.of())));
      List<Object> users = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        boolean system = i < 30;
        Map<String, Object> u = mapOf("name", "user" + i, "uid", system ? (long) i : 1000L + i, "gid", (long) i,
            "gecos", "", "home", "/home/user" + i, "shell", system ? "/usr/sbin/nologin" : "/bin/bash",
            "login_shell", !system, "system", system, "groups", List.of("user" + i), "home_exists", !system,
            "home_mode", 488L, "home_mode_octal", "0750", "home_uid", 1000L + i,
            "password", system ? "locked" : "set", "line", (long) i);
        if (!system) {
          u.putAll(mapOf("password_algorithm", "yescrypt", "last_change_days", 20000L, "min_days", 0L,
              "max_days", 99999L, "warn_days", 7L, "inactive_days", 30L));
        }
        users.add(u);
      }
      facts.add(ok("accounts.users", mapOf("users", users, "count", 40L, "uid0", List.of("user0"),
          "duplicate_uids", List.of(), "duplicate_names", List.of(), "shadow", "ok", "files", List.of(), "problems", List.of())));
      facts.add(ok("accounts.groups", mapOf("groups", List.of(), "count", 0L, "gid0", List.of("root"),
          "duplicate_gids", List.of(), "duplicate_names", List.of(), "gshadow", "ok", "files", List.of(), "problems", List.of())));
      facts.add(ok("accounts.sudoers", mapOf("rules", List.of(mapOf("users", List.of("%sudo"), "hosts", List.of("ALL"),
              "runas", "ALL:ALL", "commands", List.of("ALL"), "tags", List.of(), "nopasswd", false,
              "all_commands", true, "file", "/etc/sudoers", "line", 20L)),
          "defaults", List.of(mapOf("binding", "", "setting", "use_pty", "file", "/etc/sudoers", "line", 9L)),
          "global_defaults", Map.of("use_pty", true), "aliases", Map.of(), "includes", List.of(),
          "files", List.of(), "problems", List.of())));
      facts.add(ok("accounts.authorized_keys", mapOf("users", Map.of("user35", Map.of("files", List.of(),
          "keys", List.of(mapOf("type", "ssh-rsa", "bits", 4096L, "fingerprint", "SHA256:x", "options", List.of(),
              "comment", "", "file", "/home/user35/.ssh/authorized_keys", "line", 1L)))), "key_count", 1L, "problems", List.of())));
      Map<String, Object> pam = new LinkedHashMap<>();
      for (String svc : List.of("common-auth", "common-password", "common-account", "common-session", "sshd", "login", "su", "sudo", "cron", "other")) {
        pam.put(svc, Map.of("file", "/etc/pam.d/" + svc, "entries", List.of(), "stack", Map.of(
            "auth", List.of(mapOf("control", "[success=1 default=ignore]", "module", "pam_unix.so", "args", List.of("nullok")),
                mapOf("control", "requisite", "module", "pam_deny.so", "args", List.of())),
            "account", List.of(mapOf("control", "required", "module", "pam_unix.so", "args", List.of())),
            "password", List.of(mapOf("control", "required", "module", "pam_unix.so", "args", List.of("obscure", "yescrypt"))),
            "session", List.of(mapOf("control", "required", "module", "pam_unix.so", "args", List.of())))));
      }
      facts.add(ok("host.pam", Map.of("services", pam, "files", List.of(), "problems", List.of())));
      facts.add(ok("host.pwquality", Map.of("settings", Map.of("minlen", 8L), "files", List.of(), "problems", List.of())));
      facts.add(Fact.absent("host.faillock", "/etc/security/faillock.conf does not exist", List.of()));
      Map<String, Object> files = new LinkedHashMap<>();
      for (String p : List.of("/etc/passwd", "/etc/passwd-", "/etc/shadow", "/etc/shadow-", "/etc/group", "/etc/group-",
          "/etc/gshadow", "/etc/gshadow-", "/etc/sudoers", "/etc/crontab", "/etc/cron.d", "/etc/cron.hourly",
          "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly", "/var/log/audit", "/etc/audit/auditd.conf",
          "/etc/login.defs", "/boot/grub/grub.cfg", "/etc/ssh/sshd_config", "/tmp")) {
        files.put(p, mapOf("exists", true, "type", "file", "mode", 420L, "mode_octal", "0644", "uid", 0L, "gid", 0L,
            "owner", "root", "group", "root", "size", 1000L));
      }
      files.put("/boot/grub2/grub.cfg", Map.of("exists", false));
      facts.add(ok("host.file_permissions", Map.of("files", files)));
      facts.add(ok("host.world_writable", mapOf("files", List.of(), "directories_without_sticky", List.of(),
          "complete", true, "bound_hit", "none", "scanned", 48211L, "roots", List.of(), "problems", List.of())));
      List<Object> suid = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        suid.add(mapOf("path", i < 20 ? "/usr/bin/passwd" + (i == 0 ? "" : i) : "/opt/app/bin/x" + i, "mode", 2541L,
            "mode_octal", "4755", "uid", 0L, "gid", 0L, "setuid", true, "setgid", false, "size", 1000L));
      }
      facts.add(ok("host.suid_sgid", mapOf("files", suid, "complete", true, "bound_hit", "none", "scanned", 48211L, "roots", List.of())));
      Map<String, Object> pkgs = new LinkedHashMap<>();
      for (int i = 0; i < 600; i++) {
        pkgs.put("package-" + i, "1." + i);
      }
      pkgs.put("auditd", "1:3.0.9");
      facts.add(ok("host.packages", mapOf("manager", "dpkg", "packages", pkgs, "count", 601L,
          "unwanted_present", List.of(), "unwanted_checked", List.of(), "problems", List.of())));
      List<Object> enabled = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        enabled.add("service-" + i + ".service");
      }
      enabled.add("auditd.service");
      facts.add(ok("host.services", mapOf("init", "systemd", "enabled", enabled, "enabled_by", Map.of(),
          "masked", List.of(), "active", enabled, "problems", List.of())));
      facts.add(ok("host.listening_sockets", mapOf("sockets", List.of(
              mapOf("protocol", "tcp", "address", "0.0.0.0", "port", 22L, "uid", 0L, "inode", 1L),
              mapOf("protocol", "tcp6", "address", "::", "port", 22L, "uid", 0L, "inode", 2L),
              mapOf("protocol", "tcp", "address", "127.0.0.1", "port", 5432L, "uid", 110L, "inode", 3L),
              mapOf("protocol", "udp", "address", "0.0.0.0", "port", 123L, "uid", 0L, "inode", 4L)),
          "loopback_only", false, "problems", List.of())));
      facts.add(ok("host.time_sync", mapOf("chrony", Map.of("configured", true, "enabled", true, "servers", List.of("pool x")),
          "ntp", Map.of("configured", false, "enabled", false, "servers", List.of()),
          "timesyncd", Map.of("configured", false, "enabled", false, "servers", List.of()),
          "any_configured", true, "any_enabled", true, "problems", List.of())));
      facts.add(ok("host.auditd", mapOf("config", mapOf("max_log_file", 8L, "num_logs", 5L, "max_log_file_action", "rotate",
              "space_left_action", "syslog", "admin_space_left_action", "suspend", "disk_full_action", "suspend"),
          "config_present", true, "rules", List.of("-w /etc/passwd -p wa -k identity"), "rule_files", List.of(),
          "watched_paths", List.of("/etc/passwd"), "immutable", false, "files", List.of(), "problems", List.of())));
      facts.add(ok("host.journald", mapOf("settings", Map.of(), "storage", "auto", "persistent", true, "files", List.of(), "problems", List.of())));
      List<Object> entries = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        entries.add(mapOf("file", "/etc/logrotate.d/app" + i, "line", 1L, "paths", List.of("/var/log/app" + i + ".log"),
            "settings", mapOf("frequency", i % 2 == 0 ? "daily" : "weekly", "rotate", (long) (7 + i), "compress", true)));
      }
      facts.add(ok("host.logrotate", mapOf("global", mapOf("frequency", "weekly", "rotate", 4L, "create", true),
          "entries", entries, "min_rotate", 4L, "files", List.of(), "problems", List.of())));
      facts.add(ok("host.rsyslog", mapOf("installed", true, "files", List.of("/etc/rsyslog.conf"), "remote_forwarding", false, "problems", List.of())));
      List<Object> certs = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        boolean root = i >= 20;
        certs.add(mapOf("sha256", String.format("%064x", i), "path", "/etc/ssl/certs/c" + i + ".pem", "position", 0L,
            "locations", List.of("/etc/ssl/certs/c" + i + ".pem#0"), "version", 3L, "subject", "CN=c" + i,
            "issuer", root ? "CN=c" + i : "CN=Example CA", "subject_cn", "c" + i, "serial", "01",
            "dns_names", List.of("c" + i + ".example.org"), "ip_addresses", List.of(), "sans", List.of(),
            "not_before", "2026-01-01T00:00:00Z", "not_after", "2027-01-01T00:00:00Z",
            "days_until_expiry", (long) (i * 3 - 10), "expired", i < 4, "not_yet_valid", false,
            "key_algorithm", i % 5 == 0 ? "EC" : "RSA", "key_size", i % 5 == 0 ? 256L : (i % 7 == 0 ? 1024L : 2048L),
            "signature_algorithm", "SHA256withRSA", "signature_hash", i % 9 == 0 ? "sha1" : "sha256",
            "self_signed", root || i % 6 == 0, "ca", root, "key_usage", List.of(), "extended_key_usage", List.of(),
            "trusted_root", root, "chain", mapOf("result", i % 4 == 0 ? "untrusted-root" : "valid", "path", List.of(), "problems", List.of())));
      }
      facts.add(ok("certificates.certs", Map.of("items", certs)));
      facts.add(ok("certificates.keys", Map.of("items", List.of(mapOf("path", "/etc/ssl/private/site.key", "position", 0L,
          "format", "pkcs8", "type", "RSA", "size", 2048L, "encrypted", false, "mode", 416L, "mode_octal", "0640",
          "uid", 0L, "gid", 0L, "group_readable", true, "world_readable", false)))));
      return Snapshot.of(Target.local("bench-host"), T, T, facts);
    }

    static Fact ok(String name, Object value) {
      return Fact.ok(name, value, List.of(Provenance.file("/etc/" + name, "ab".repeat(32), 100, T)));
    }

    static Map<String, Object> mapOf(Object... kv) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < kv.length; i += 2) {
        m.put((String) kv[i], kv[i + 1]);
      }
      return m;
    }
  }
}
