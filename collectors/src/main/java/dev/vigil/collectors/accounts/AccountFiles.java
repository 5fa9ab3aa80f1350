package dev.vigil.collectors.accounts;

import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parsers for the colon-separated account databases (passwd, shadow, group, gshadow). */
public final class AccountFiles {
  private AccountFiles() {}

  /** One line of {@code /etc/passwd}. */
  public record PasswdEntry(
      String name,
      String password,
      long uid,
      long gid,
      String gecos,
      String home,
      String shell,
      int line) {}

  /** One line of {@code /etc/group}. */
  public record GroupEntry(
      String name, String password, long gid, List<String> members, int line) {}

  /** Parsed lines and the problems of the bad ones. */
  public record Parsed<T>(List<T> entries, List<String> problems) {}

  public static Parsed<PasswdEntry> passwd(Inputs.Text t) {
    List<PasswdEntry> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(":", -1);
      if (f.length != 7) {
        problems.add(
            Lines.problem(t.path(), i + 1, "expected 7 ':'-separated fields, got " + f.length));
        continue;
      }
      Optional<Long> uid = id(f[2]);
      Optional<Long> gid = id(f[3]);
      if (f[0].isEmpty() || uid.isEmpty() || gid.isEmpty() || !Lines.printable(l)) {
        problems.add(Lines.problem(t.path(), i + 1, "expected name:x:uid:gid:gecos:home:shell"));
        continue;
      }
      out.add(new PasswdEntry(f[0], f[1], uid.get(), gid.get(), f[4], f[5], f[6], i + 1));
    }
    return new Parsed<>(out, problems);
  }

  public static Parsed<GroupEntry> group(Inputs.Text t) {
    List<GroupEntry> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(":", -1);
      Optional<Long> gid = f.length == 4 ? id(f[2]) : Optional.empty();
      if (f.length != 4 || f[0].isEmpty() || gid.isEmpty() || !Lines.printable(l)) {
        problems.add(Lines.problem(t.path(), i + 1, "expected name:x:gid:members"));
        continue;
      }
      out.add(new GroupEntry(f[0], f[1], gid.get(), members(f[3]), i + 1));
    }
    return new Parsed<>(out, problems);
  }

  /** shadow or gshadow: name to fields (the password field is consumed, never exposed). */
  public static Parsed<String[]> shadowLike(Inputs.Text t, int minFields) {
    List<String[]> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = t.lines();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] f = l.split(":", -1);
      if (f.length < minFields || f[0].isEmpty() || !Lines.printable(l)) {
        // never echo the line: it may hold a hash
        problems.add(
            Lines.problem(
                t.path(), i + 1, "expected at least " + minFields + " ':'-separated fields"));
        continue;
      }
      out.add(f);
    }
    return new Parsed<>(out, problems);
  }

  public static List<String> members(String s) {
    List<String> m = new ArrayList<>();
    for (String x : s.split(",")) {
      if (!x.isBlank()) {
        m.add(x.strip());
      }
    }
    return m;
  }

  private static Optional<Long> id(String s) {
    if (!s.matches("[0-9]{1,10}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(s));
  }

  /** uid to name and gid to name from the target's own files, for owner display. */
  public static Map<Long, String> uidNames(Inputs in) {
    Map<Long, String> m = new LinkedHashMap<>();
    Inputs.Text t = in.read("/etc/passwd");
    if (t.ok()) {
      for (PasswdEntry e : passwd(t).entries()) {
        m.putIfAbsent(e.uid(), e.name());
      }
    }
    return m;
  }

  public static Map<Long, String> gidNames(Inputs in) {
    Map<Long, String> m = new LinkedHashMap<>();
    Inputs.Text t = in.read("/etc/group");
    if (t.ok()) {
      for (GroupEntry e : group(t).entries()) {
        m.putIfAbsent(e.gid(), e.name());
      }
    }
    return m;
  }

  /**
   * The state of a password field: {@code set|empty|locked|none}. Only the state and the algorithm
   * leave this class.
   */
  public static String passwordState(String field) {
    if (field.isEmpty()) {
      return "empty";
    }
    if (field.startsWith("!")) {
      return "locked";
    }
    return algorithm(field).isPresent() ? "set" : "none";
  }

  /** The crypt(5) algorithm of a hash (after any {@code !} lock prefix), empty if not a hash. */
  public static Optional<String> algorithm(String field) {
    String h = field;
    while (h.startsWith("!")) {
      h = h.substring(1);
    }
    if (h.startsWith("$y$")) {
      return Optional.of("yescrypt");
    }
    if (h.startsWith("$gy$")) {
      return Optional.of("gost-yescrypt");
    }
    if (h.startsWith("$6$")) {
      return Optional.of("sha512crypt");
    }
    if (h.startsWith("$5$")) {
      return Optional.of("sha256crypt");
    }
    if (h.startsWith("$1$")) {
      return Optional.of("md5crypt");
    }
    if (h.startsWith("$2a$") || h.startsWith("$2b$") || h.startsWith("$2y$")) {
      return Optional.of("bcrypt");
    }
    if (h.startsWith("$7$")) {
      return Optional.of("scrypt");
    }
    if (h.startsWith("$sha1$")) {
      return Optional.of("sha1crypt");
    }
    if (h.matches("[./0-9A-Za-z]{13}")) {
      return Optional.of("descrypt");
    }
    if (h.startsWith("$") && h.length() > 20) {
      return Optional.of("unknown");
    }
    return Optional.empty();
  }
}
