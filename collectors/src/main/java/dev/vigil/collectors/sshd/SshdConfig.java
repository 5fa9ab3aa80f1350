package dev.vigil.collectors.sshd;

import dev.vigil.collectors.internal.Glob;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@code sshd_config} parsed the way sshd reads it: keywords case-insensitive, the first value
 * of a keyword wins (a few keywords accumulate), {@code Include} expanded in place with globs
 * relative to {@code /etc/ssh}, {@code Match} blocks kept apart from the global settings.
 *
 * @param configured global settings, keyword lower-case to the value as written
 * @param matches one map per Match block: criteria and settings
 * @param files every file read, in order
 * @param problems one line per bad line or unreadable include: {@code path:line: what}
 */
public record SshdConfig(
    Map<String, String> configured,
    List<Map<String, Object>> matches,
    List<String> files,
    List<String> problems) {
  public static final String MAIN = "/etc/ssh/sshd_config";
  static final int MAX_DEPTH = 16;

  /** The most files one configuration may pull in: includes of includes grow exponentially. */
  static final int MAX_FILES = 256;

  /** Keywords whose every occurrence adds to the value (joined with a space). */
  static final Set<String> ACCUMULATING =
      Set.of(
          "acceptenv",
          "allowgroups",
          "allowusers",
          "denygroups",
          "denyusers",
          "hostkey",
          "hostcertificate",
          "listenaddress",
          "port",
          "subsystem");

  static final Set<String> KNOWN =
      Set.of(
          "acceptenv",
          "addressfamily",
          "allowagentforwarding",
          "allowgroups",
          "allowstreamlocalforwarding",
          "allowtcpforwarding",
          "allowusers",
          "authenticationmethods",
          "authorizedkeyscommand",
          "authorizedkeyscommanduser",
          "authorizedkeysfile",
          "authorizedkeysfile2",
          "authorizedprincipalscommand",
          "authorizedprincipalscommanduser",
          "authorizedprincipalsfile",
          "banner",
          "casignaturealgorithms",
          "challengeresponseauthentication",
          "channeltimeout",
          "chrootdirectory",
          "ciphers",
          "clientalivecountmax",
          "clientaliveinterval",
          "compression",
          "debianbanner",
          "denygroups",
          "denyusers",
          "disableforwarding",
          "dsaauthentication",
          "exposeauthinfo",
          "fingerprinthash",
          "forcecommand",
          "gatewayports",
          "gssapiauthentication",
          "gssapicleanupcredentials",
          "gssapikeyexchange",
          "gssapikexalgorithms",
          "gssapistorecredentialsonrekey",
          "gssapistrictacceptorcheck",
          "hostbasedacceptedalgorithms",
          "hostbasedacceptedkeytypes",
          "hostbasedauthentication",
          "hostbasedusesnamefrompacketonly",
          "hostcertificate",
          "hostdsakey",
          "hostkey",
          "hostkeyagent",
          "hostkeyalgorithms",
          "hostrsakey",
          "ignorerhosts",
          "ignoreuserknownhosts",
          "include",
          "ipqos",
          "kbdinteractiveauthentication",
          "kerberosauthentication",
          "kerberosgetafstoken",
          "kerberosorlocalpasswd",
          "kerberosticketcleanup",
          "kexalgorithms",
          "keyregenerationinterval",
          "listenaddress",
          "logingracetime",
          "loglevel",
          "logverbose",
          "macs",
          "match",
          "maxauthtries",
          "maxsessions",
          "maxstartups",
          "modulifile",
          "passwordauthentication",
          "permitemptypasswords",
          "permitlisten",
          "permitopen",
          "permitrootlogin",
          "permittty",
          "permittunnel",
          "permituserenvironment",
          "permituserrc",
          "persourcemaxstartups",
          "persourcenetblocksize",
          "persourcepenalties",
          "persourcepenaltyexemptlist",
          "pidfile",
          "port",
          "printlastlog",
          "printmotd",
          "protocol",
          "pubkeyacceptedalgorithms",
          "pubkeyacceptedkeytypes",
          "pubkeyauthentication",
          "pubkeyauthoptions",
          "rdomain",
          "refuseconnection",
          "rekeylimit",
          "requiredrsasize",
          "revokedkeys",
          "rhostsrsaauthentication",
          "rsaauthentication",
          "securitykeyprovider",
          "serverkeybits",
          "setenv",
          "sshdsessionpath",
          "sshdauthpath",
          "streamlocalbindmask",
          "streamlocalbindunlink",
          "strictmodes",
          "subsystem",
          "syslogfacility",
          "tcpkeepalive",
          "trustedusercakeys",
          "unusedconnectiontimeout",
          "useblacklist",
          "useblocklist",
          "usedns",
          "uselogin",
          "usepam",
          "useprivilegeseparation",
          "versionaddendum",
          "x11displayoffset",
          "x11forwarding",
          "x11maxdisplays",
          "x11uselocalhost",
          "xauthlocation");

  public SshdConfig {
    configured = Map.copyOf(configured);
    matches = List.copyOf(matches);
    files = List.copyOf(files);
    problems = List.copyOf(problems);
  }

  /** Parses the main file and its includes. The main file must be readable (checked by caller). */
  public static SshdConfig parse(Inputs in, Inputs.Text main) {
    Parser p = new Parser(in);
    p.parseFile(main, 0);
    return new SshdConfig(p.global, new ArrayList<>(p.matchList()), p.files, p.problems);
  }

  /** Tokenises a line as sshd does: keyword, then args split on whitespace, "quoted" args kept. */
  static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    String s = line.strip();
    // the keyword may be followed by '=' with optional whitespace around it
    int i = 0;
    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') {
      i++;
    }
    out.add(s.substring(0, i));
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    if (i < s.length() && s.charAt(i) == '=') {
      i++;
    }
    StringBuilder cur = null;
    boolean quoted = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        if (cur == null) {
          cur = new StringBuilder();
        }
        continue;
      }
      if (!quoted && Character.isWhitespace(c)) {
        if (cur != null) {
          out.add(cur.toString());
          cur = null;
        }
        continue;
      }
      if (!quoted && c == '#' && cur == null) {
        break; // trailing comment
      }
      if (cur == null) {
        cur = new StringBuilder();
      }
      cur.append(c);
    }
    if (quoted) {
      return null;
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }

  private static final class Parser {
    final Inputs in;
    final Map<String, String> global = new LinkedHashMap<>();
    final List<String> files = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<String> criteria = new ArrayList<>();
    final List<Map<String, String>> matchSettings = new ArrayList<>();
    Map<String, String> current = null; // null: global

    Parser(Inputs in) {
      this.in = in;
    }

    List<Map<String, Object>> matchList() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (int i = 0; i < criteria.size(); i++) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("criteria", criteria.get(i));
        m.put("settings", matchSettings.get(i));
        out.add(m);
      }
      return out;
    }

    void parseFile(Inputs.Text file, int depth) {
      files.add(file.path());
      List<String> lines = file.lines();
      for (int n = 0; n < lines.size(); n++) {
        int lineNo = n + 1;
        String line = Lines.stripComment(lines.get(n));
        if (line.isEmpty()) {
          continue;
        }
        if (!Lines.printable(line)) {
          problems.add(Lines.problem(file.path(), lineNo, "unprintable characters, line ignored"));
          continue;
        }
        List<String> t = tokens(line);
        if (t == null) {
          problems.add(Lines.problem(file.path(), lineNo, "unbalanced quotes"));
          continue;
        }
        String kw = Lines.lower(t.get(0));
        List<String> args = t.subList(1, t.size());
        if (!KNOWN.contains(kw)) {
          problems.add(
              Lines.problem(
                  file.path(), lineNo, "unknown keyword '" + Lines.clip(t.get(0), 60) + "'"));
          continue;
        }
        if (args.isEmpty()) {
          problems.add(Lines.problem(file.path(), lineNo, "keyword '" + kw + "' has no value"));
          continue;
        }
        switch (kw) {
          case "include" -> include(file.path(), lineNo, args, depth);
          case "match" -> {
            criteria.add(String.join(" ", args));
            matchSettings.add(current = new LinkedHashMap<>());
          }
          default -> set(current == null ? global : current, kw, String.join(" ", args));
        }
      }
    }

    void set(Map<String, String> target, String kw, String value) {
      if (ACCUMULATING.contains(kw) && target.containsKey(kw)) {
        target.put(kw, target.get(kw) + " " + value);
      } else {
        target.putIfAbsent(kw, value);
      }
    }

    void include(String from, int lineNo, List<String> args, int depth) {
      if (depth + 1 > MAX_DEPTH) {
        problems.add(Lines.problem(from, lineNo, "Include nested deeper than " + MAX_DEPTH));
        return;
      }
      Map<String, String> blockBefore = current;
      for (String arg : args) {
        String pattern = arg.startsWith("/") ? arg : "/etc/ssh/" + arg;
        List<String> paths = Glob.hasMagic(pattern) ? Glob.expand(in, pattern) : List.of(pattern);
        for (String path : paths) {
          if (files.size() >= MAX_FILES) {
            problems.add(
                Lines.problem(from, lineNo, "Include stops: more than " + MAX_FILES + " files"));
            return;
          }
          Inputs.Text t = in.read(path);
          if (t.missing() && Glob.hasMagic(pattern)) {
            continue;
          }
          if (!t.ok()) {
            problems.add(Lines.problem(from, lineNo, "Include " + t.reason()));
            continue;
          }
          parseFile(t, depth + 1);
          // a Match block opened in an included file ends with that file
          current = blockBefore;
        }
      }
    }
  }
}
