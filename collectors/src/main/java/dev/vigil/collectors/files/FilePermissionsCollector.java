package dev.vigil.collectors.files;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.accounts.AccountFiles;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.FileStat;
import dev.vigil.core.transport.Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code host.file_permissions}: owner, group, mode, type and size of the files that matter. */
public final class FilePermissionsCollector implements Collector {
  public static final String FACT = "host.file_permissions";

  public static final List<String> PATHS =
      List.of(
          "/etc/passwd",
          "/etc/passwd-",
          "/etc/shadow",
          "/etc/shadow-",
          "/etc/group",
          "/etc/group-",
          "/etc/gshadow",
          "/etc/gshadow-",
          "/etc/sudoers",
          "/etc/sudoers.d",
          "/etc/ssh",
          "/etc/ssh/sshd_config",
          "/etc/login.defs",
          "/etc/security/opasswd",
          "/etc/crontab",
          "/etc/cron.d",
          "/etc/cron.hourly",
          "/etc/cron.daily",
          "/etc/cron.weekly",
          "/etc/cron.monthly",
          "/etc/cron.allow",
          "/etc/cron.deny",
          "/etc/at.allow",
          "/etc/at.deny",
          "/etc/issue",
          "/etc/issue.net",
          "/etc/motd",
          "/etc/hosts.allow",
          "/etc/hosts.deny",
          "/etc/audit",
          "/etc/audit/auditd.conf",
          "/etc/rsyslog.conf",
          "/etc/logrotate.conf",
          "/var/log",
          "/var/log/audit",
          "/var/log/journal",
          "/boot/grub/grub.cfg",
          "/boot/grub2/grub.cfg",
          "/etc/fstab",
          "/tmp",
          "/var/tmp",
          "/root");

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Permissions of sensitive files", Set.of(FACT), false);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    if (!in.hasEtc()) {
      return List.of(Fact.error(FACT, Inputs.NO_ETC, in.provenance()));
    }
    Map<Long, String> users = AccountFiles.uidNames(in.fork());
    Map<Long, String> groups = AccountFiles.gidNames(in.fork());
    Map<String, Object> files = new LinkedHashMap<>();
    for (String p : PATHS) {
      files.put(p, describe(in, p, users, groups));
    }
    return List.of(Fact.ok(FACT, Map.of("files", files), in.provenance()));
  }

  /** One path's lstat as a fact map; shared with the other collectors that report files. */
  public static Map<String, Object> describe(
      Inputs in, String path, Map<Long, String> users, Map<Long, String> groups) {
    Map<String, Object> m = new LinkedHashMap<>();
    Inputs.Stat st = in.stat(path);
    if (st.error().isPresent()) {
      m.put("exists", false);
      m.put("error", st.error().get());
      return m;
    }
    if (st.stat().isEmpty()) {
      m.put("exists", false);
      return m;
    }
    FileStat s = st.stat().get();
    in.noteStat(s);
    m.put("exists", true);
    m.put("type", s.type().wire());
    m.put("mode", s.mode());
    m.put("mode_octal", s.modeOctal());
    m.put("uid", s.uid());
    m.put("gid", s.gid());
    if (users.containsKey(s.uid())) {
      m.put("owner", users.get(s.uid()));
    }
    if (groups.containsKey(s.gid())) {
      m.put("group", groups.get(s.gid()));
    }
    m.put("size", s.size());
    return m;
  }
}
