package dev.vigil.collectors.sshd;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.collectors.internal.SshKeys;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code host.sshd}: the SSH daemon's configuration, as written and as in effect. */
public final class SshdCollector implements Collector {
  public static final String FACT = "host.sshd";

  private static final List<String> BINARIES = List.of("/usr/sbin/sshd", "/usr/bin/sshd");

  /** Keywords whose values keep their case (paths, names, commands). */
  private static final Set<String> CASE_KEPT =
      Set.of(
          "acceptenv",
          "allowgroups",
          "allowusers",
          "authorizedkeyscommand",
          "authorizedkeyscommanduser",
          "authorizedkeysfile",
          "authorizedprincipalscommand",
          "authorizedprincipalscommanduser",
          "authorizedprincipalsfile",
          "banner",
          "chrootdirectory",
          "denygroups",
          "denyusers",
          "forcecommand",
          "hostcertificate",
          "hostkey",
          "hostkeyagent",
          "modulifile",
          "pidfile",
          "revokedkeys",
          "securitykeyprovider",
          "setenv",
          "subsystem",
          "trustedusercakeys",
          "versionaddendum",
          "xauthlocation",
          "sshdsessionpath",
          "sshdauthpath");

  /** OpenSSH 9.x defaults (sshd -T with an empty configuration), lower-case. */
  static final Map<String, String> DEFAULTS = defaults();

  private static Map<String, String> defaults() {
    Map<String, String> d = new TreeMap<>();
    d.put("permitrootlogin", "prohibit-password");
    d.put("passwordauthentication", "yes");
    d.put("permitemptypasswords", "no");
    d.put("pubkeyauthentication", "yes");
    d.put("kbdinteractiveauthentication", "yes");
    d.put("maxauthtries", "6");
    d.put("logingracetime", "120");
    d.put("x11forwarding", "no");
    d.put("x11uselocalhost", "yes");
    d.put("clientaliveinterval", "0");
    d.put("clientalivecountmax", "3");
    d.put(
        "ciphers",
        "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,"
            + "aes128-gcm@openssh.com,aes256-gcm@openssh.com");
    d.put(
        "macs",
        "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
            + "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
            + "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1");
    d.put(
        "kexalgorithms",
        "sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
            + "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
            + "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256");
    d.put("loglevel", "info");
    d.put("syslogfacility", "auth");
    d.put("ignorerhosts", "yes");
    d.put("ignoreuserknownhosts", "no");
    d.put("hostbasedauthentication", "no");
    d.put("permituserenvironment", "no");
    d.put("usepam", "no");
    d.put("banner", "none");
    d.put("allowtcpforwarding", "yes");
    d.put("allowagentforwarding", "yes");
    d.put("allowstreamlocalforwarding", "yes");
    d.put("gatewayports", "no");
    d.put("permittunnel", "no");
    d.put("permittty", "yes");
    d.put("maxsessions", "10");
    d.put("maxstartups", "10:30:100");
    d.put("strictmodes", "yes");
    d.put("compression", "yes");
    d.put("tcpkeepalive", "yes");
    d.put("usedns", "no");
    d.put("printmotd", "yes");
    d.put("printlastlog", "yes");
    d.put("gssapiauthentication", "no");
    d.put("kerberosauthentication", "no");
    d.put("port", "22");
    d.put("addressfamily", "any");
    d.put("authorizedkeysfile", ".ssh/authorized_keys .ssh/authorized_keys2");
    d.put("disableforwarding", "no");
    d.put("fingerprinthash", "sha256");
    return Map.copyOf(d);
  }

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "SSH daemon configuration", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs.Text main = in.read(SshdConfig.MAIN);
    boolean binary = BINARIES.stream().anyMatch(in::exists);
    if (main.missing() && !binary) {
      return List.of(
          Fact.absent(
              FACT, SshdConfig.MAIN + ": no such file and no sshd binary", in.provenance()));
    }
    if (main.error()) {
      return List.of(Fact.error(FACT, main.reason(), in.provenance()));
    }
    SshdConfig cfg;
    List<String> problems = new ArrayList<>();
    if (main.ok()) {
      cfg = SshdConfig.parse(in, main);
      problems.addAll(cfg.problems());
    } else {
      cfg = new SshdConfig(Map.of(), List.of(), List.of(), List.of());
      problems.add(main.reason());
    }

    Map<String, String> effective = new TreeMap<>(DEFAULTS);
    for (Map.Entry<String, String> e : cfg.configured().entrySet()) {
      effective.put(e.getKey(), normalise(e.getKey(), e.getValue()));
    }
    String source = "defaults+files";
    if (transport.live()
        && binary
        && !in.exists("/run/sshd")
        && !in.exists("/var/run/sshd")
        && !in.exists("/var/empty/sshd")
        && !in.exists("/var/empty")) {
      problems.add(
          "sshd -T not run: no privilege separation directory (/run/sshd); effective"
              + " configuration from defaults and files");
    } else if (transport.live() && binary) {
      String bin = BINARIES.stream().filter(in::exists).findFirst().orElseThrow();
      Inputs.Command cmd = in.run(List.of(bin, "-T"), 1 << 20);
      if (cmd.succeeded()) {
        Map<String, String> t = parseDashT(cmd.stdout());
        if (!t.isEmpty()) {
          effective = new TreeMap<>(DEFAULTS);
          effective.putAll(t);
          source = "sshd -T";
        }
      } else {
        problems.add(cmd.error() + " (effective configuration from defaults and files)");
      }
    }

    Map<String, Object> value = new LinkedHashMap<>();
    value.put("configured", new TreeMap<>(cfg.configured()));
    value.put("effective", effective);
    value.put("effective_source", source);
    value.put("files", cfg.files());
    value.put("matches", cfg.matches());
    value.put("host_keys", hostKeys(in, cfg));
    value.put("problems", Inputs.cap(problems, 200));
    return List.of(Fact.ok(FACT, value, in.provenance()));
  }

  static String normalise(String keyword, String value) {
    return CASE_KEPT.contains(keyword) ? value : Lines.lower(value);
  }

  /** {@code sshd -T}: one "keyword value" per line; repeated keywords accumulate. */
  static Map<String, String> parseDashT(String out) {
    Map<String, String> m = new TreeMap<>();
    for (String line : Lines.split(out)) {
      String s = line.strip();
      int sp = s.indexOf(' ');
      if (sp <= 0) {
        continue;
      }
      String k = Lines.lower(s.substring(0, sp));
      String v = normalise(k, s.substring(sp + 1).strip());
      m.merge(k, v, (a, b) -> a + " " + b);
    }
    return m;
  }

  private static List<Map<String, Object>> hostKeys(Inputs in, SshdConfig cfg) {
    List<String> paths = new ArrayList<>();
    String configured = cfg.configured().get("hostkey");
    if (configured != null) {
      paths.addAll(Lines.words(configured));
    } else {
      paths.addAll(
          List.of(
              "/etc/ssh/ssh_host_rsa_key",
              "/etc/ssh/ssh_host_ecdsa_key",
              "/etc/ssh/ssh_host_ed25519_key"));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String path : paths) {
      if (!path.startsWith("/")) {
        path = "/etc/ssh/" + path;
      }
      Map<String, Object> k = new LinkedHashMap<>();
      k.put("path", path);
      Inputs.Stat st = in.stat(path);
      if (st.error().isPresent()) {
        k.put("exists", false);
        k.put("error", st.error().get());
        out.add(k);
        continue;
      }
      k.put("exists", st.exists());
      if (st.exists()) {
        FileStat s = st.stat().get();
        in.noteStat(s);
        k.put("mode", s.mode());
        k.put("mode_octal", s.modeOctal());
        k.put("uid", s.uid());
        k.put("gid", s.gid());
      }
      Inputs.Text pub = in.read(path + ".pub", 64 * 1024, false);
      if (pub.ok()) {
        List<String> w = Lines.words(pub.text());
        if (w.size() >= 2) {
          SshKeys.describe(w.get(0), w.get(1))
              .ifPresent(
                  d -> {
                    k.put("type", d.get("type"));
                    if (d.containsKey("bits")) {
                      k.put("bits", d.get("bits"));
                    }
                  });
        }
      }
      out.add(k);
    }
    return out;
  }
}
