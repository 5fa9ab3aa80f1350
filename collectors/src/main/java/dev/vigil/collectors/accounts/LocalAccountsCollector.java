package dev.vigil.collectors.accounts;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.accounts.AccountFiles.GroupEntry;
import dev.vigil.collectors.accounts.AccountFiles.PasswdEntry;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.collectors.logindefs.LoginDefsCollector;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.FileType;
import dev.vigil.core.transport.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code accounts.users} and {@code accounts.groups}: passwd joined with shadow, group joined with
 * gshadow. Password hashes are reduced to their state and algorithm inside this class and never
 * leave it.
 */
public final class LocalAccountsCollector implements Collector {
  public static final String USERS = "accounts.users";
  public static final String GROUPS = "accounts.groups";

  private static final Set<String> NO_LOGIN_SHELLS =
      Set.of(
          "/usr/sbin/nologin",
          "/sbin/nologin",
          "/bin/false",
          "/usr/bin/false",
          "/bin/sync",
          "/sbin/shutdown",
          "/sbin/halt",
          "/usr/bin/nologin",
          "/bin/nologin");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(
          "accounts.local", "Local users and groups", Set.of(USERS, GROUPS), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    Inputs gin = in.fork();
    Inputs.Text groupText = gin.read("/etc/group");
    AccountFiles.Parsed<GroupEntry> groups =
        groupText.ok()
            ? AccountFiles.group(groupText)
            : new AccountFiles.Parsed<>(List.of(), List.of());
    return List.of(users(in, groups), groups(gin, groupText, groups));
  }

  private Fact users(Inputs in, AccountFiles.Parsed<GroupEntry> groups) {
    Inputs.Text passwd = in.read("/etc/passwd");
    if (!passwd.ok()) {
      return Fact.error(USERS, passwd.reason(), in.provenance());
    }
    AccountFiles.Parsed<PasswdEntry> p = AccountFiles.passwd(passwd);
    List<String> problems = new ArrayList<>(p.problems());
    if (p.entries().isEmpty()) {
      return Fact.error(USERS, "/etc/passwd: no valid entries", in.provenance());
    }
    Inputs.Text shadowText = in.read("/etc/shadow");
    String shadowStatus;
    Map<String, String[]> shadow = new HashMap<>();
    if (shadowText.ok()) {
      AccountFiles.Parsed<String[]> s = AccountFiles.shadowLike(shadowText, 2);
      problems.addAll(s.problems());
      s.entries().forEach(f -> shadow.putIfAbsent(f[0], f));
      shadowStatus = "ok";
    } else if (shadowText.missing()) {
      shadowStatus = "missing";
    } else {
      shadowStatus = shadowText.reason().contains("permission denied") ? "unreadable" : "error";
    }
    long uidMin = 1000;
    Inputs.Text defs = in.read(LoginDefsCollector.PATH);
    if (defs.ok()) {
      Object v = LoginDefsCollector.parse(defs).settings().get("UID_MIN");
      if (v instanceof Long l) {
        uidMin = l;
      }
    }
    Map<Long, String> gidNames = new HashMap<>();
    Map<String, List<String>> supplementary = new HashMap<>();
    for (GroupEntry g : groups.entries()) {
      gidNames.putIfAbsent(g.gid(), g.name());
      for (String m : g.members()) {
        supplementary.computeIfAbsent(m, k -> new ArrayList<>()).add(g.name());
      }
    }

    List<Map<String, Object>> users = new ArrayList<>();
    Map<Long, List<String>> byUid = new TreeMap<>();
    Map<String, Integer> nameCount = new LinkedHashMap<>();
    List<String> uid0 = new ArrayList<>();
    Wtmp wtmp = Wtmp.read(in);
    for (PasswdEntry e : p.entries()) {
      Map<String, Object> u = new LinkedHashMap<>();
      u.put("name", e.name());
      u.put("uid", e.uid());
      u.put("gid", e.gid());
      u.put("gecos", e.gecos());
      u.put("home", e.home());
      u.put("shell", e.shell());
      u.put("login_shell", !e.shell().isBlank() && !NO_LOGIN_SHELLS.contains(e.shell()));
      u.put("system", e.uid() < uidMin || e.uid() == 65534);
      Set<String> gs = new LinkedHashSet<>();
      if (gidNames.containsKey(e.gid())) {
        gs.add(gidNames.get(e.gid()));
      }
      gs.addAll(supplementary.getOrDefault(e.name(), List.of()));
      u.put("groups", new ArrayList<>(gs));
      home(in, e, u);
      password(e, shadow.get(e.name()), shadowStatus, u);
      Long last = wtmp.lastLogin().get(e.name());
      if (last != null) {
        u.put("last_login", java.time.Instant.ofEpochSecond(last).toString());
        u.put(
            "last_login_days_ago",
            Math.max(0, (in.context().now().getEpochSecond() - last) / 86_400));
      }
      u.put("line", e.line());
      users.add(u);
      byUid.computeIfAbsent(e.uid(), k -> new ArrayList<>()).add(e.name());
      nameCount.merge(e.name(), 1, Integer::sum);
      if (e.uid() == 0) {
        uid0.add(e.name());
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("users", users);
    v.put("count", users.size());
    v.put("uid0", uid0);
    v.put("duplicate_uids", duplicates(byUid, "uid"));
    v.put(
        "duplicate_names",
        nameCount.entrySet().stream()
            .filter(x -> x.getValue() > 1)
            .map(Map.Entry::getKey)
            .toList());
    v.put("wtmp", wtmp.status());
    v.put("shadow", shadowStatus);
    if (!shadowStatus.equals("ok")) {
      v.put("shadow_reason", shadowText.reason());
    }
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return Fact.ok(USERS, v, in.provenance());
  }

  private static void password(
      PasswdEntry e, String[] shadow, String shadowStatus, Map<String, Object> u) {
    String field;
    if (!e.password().equals("x")) {
      field = e.password(); // the hash (or empty, or '*') is in passwd itself
    } else if (shadow != null) {
      field = shadow[1];
    } else if (shadowStatus.equals("ok") || shadowStatus.equals("missing")) {
      field = "*"; // 'x' without a shadow entry: no password can match
    } else {
      return; // unknown: the keys stay missing so rules error instead of passing
    }
    u.put("password", AccountFiles.passwordState(field));
    AccountFiles.algorithm(field).ifPresent(a -> u.put("password_algorithm", a));
    if (shadow != null) {
      String[] names = {
        "last_change_days", "min_days", "max_days", "warn_days", "inactive_days", "expire_days"
      };
      for (int i = 0; i < names.length && i + 2 < shadow.length; i++) {
        String key = names[i];
        Lines.parseLong(shadow[i + 2]).ifPresent(n -> u.put(key, n));
      }
    }
  }

  private static void home(Inputs in, PasswdEntry e, Map<String, Object> u) {
    if (!e.home().startsWith("/")) {
      u.put("home_exists", false);
      return;
    }
    Inputs.Stat st = in.stat(e.home());
    if (st.stat().isEmpty()) {
      u.put("home_exists", false);
      return;
    }
    FileStat s = st.stat().get();
    u.put("home_exists", s.type() == FileType.DIRECTORY);
    u.put("home_mode", s.mode());
    u.put("home_mode_octal", s.modeOctal());
    u.put("home_uid", s.uid());
  }

  private static List<Map<String, Object>> duplicates(Map<Long, List<String>> byId, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    byId.forEach(
        (id, names) -> {
          if (names.size() > 1) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(key, id);
            d.put("names", names);
            out.add(d);
          }
        });
    return out;
  }

  private Fact groups(Inputs in, Inputs.Text groupText, AccountFiles.Parsed<GroupEntry> groups) {
    if (!groupText.ok()) {
      return Fact.error(GROUPS, groupText.reason(), in.provenance());
    }
    if (groups.entries().isEmpty()) {
      return Fact.error(GROUPS, "/etc/group: no valid entries", in.provenance());
    }
    List<String> problems = new ArrayList<>(groups.problems());
    Inputs.Text gs = in.read("/etc/gshadow");
    String gsStatus;
    Map<String, String[]> gshadow = new HashMap<>();
    if (gs.ok()) {
      AccountFiles.Parsed<String[]> s = AccountFiles.shadowLike(gs, 4);
      problems.addAll(s.problems());
      s.entries().forEach(f -> gshadow.putIfAbsent(f[0], f));
      gsStatus = "ok";
    } else if (gs.missing()) {
      gsStatus = "missing";
    } else {
      gsStatus = gs.reason().contains("permission denied") ? "unreadable" : "error";
    }
    List<Map<String, Object>> out = new ArrayList<>();
    Map<Long, List<String>> byGid = new TreeMap<>();
    Map<String, Integer> names = new LinkedHashMap<>();
    List<String> gid0 = new ArrayList<>();
    for (GroupEntry g : groups.entries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", g.name());
      m.put("gid", g.gid());
      Set<String> members = new LinkedHashSet<>(g.members());
      String[] sh = gshadow.get(g.name());
      if (sh != null) {
        members.addAll(AccountFiles.members(sh[3]));
        m.put("admins", AccountFiles.members(sh[2]));
        m.put("password", AccountFiles.passwordState(sh[1]));
      } else {
        m.put("admins", List.of());
      }
      m.put("members", new ArrayList<>(members));
      m.put("line", g.line());
      out.add(m);
      byGid.computeIfAbsent(g.gid(), k -> new ArrayList<>()).add(g.name());
      names.merge(g.name(), 1, Integer::sum);
      if (g.gid() == 0) {
        gid0.add(g.name());
      }
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("groups", out);
    v.put("count", out.size());
    v.put("gid0", gid0);
    v.put("duplicate_gids", duplicates(byGid, "gid"));
    v.put(
        "duplicate_names",
        names.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey).toList());
    v.put("gshadow", gsStatus);
    v.put("files", in.files());
    v.put("problems", Inputs.cap(problems, 200));
    return Fact.ok(GROUPS, v, in.provenance());
  }
}
