#!/usr/bin/env python3
"""Writes the golden cases under rules/src/test/resources/cases/<rule-id>/{pass,fail}/.

Each case has facts.json (fact name -> value, or {"$state": "error"|"absent", "$reason": ...}) and
expected.json (the findings of that rule, in order: resource, status and optionally observed).
The expected statuses are stated here by hand, rule by rule; the engine's output is never copied.
Run from the repository root: python3 rules/src/test/golden/generate.py
"""
import copy, json, os, shutil

OUT = "rules/src/test/resources/cases"

def f(mode, uid=0, gid=0, owner="root", group="root", typ="file"):
    return {"exists": True, "type": typ, "mode": int(mode, 8), "mode_octal": mode.rjust(4, "0"),
            "uid": uid, "gid": gid, "owner": owner, "group": group, "size": 100}

def user(name, uid, system=False, shell="/bin/bash", login=True, password="set", **kw):
    u = {"name": name, "uid": uid, "gid": uid, "gecos": "", "home": "/home/" + name, "shell": shell,
         "login_shell": login, "system": system, "groups": [name], "home_exists": True,
         "home_mode": 0o750, "home_mode_octal": "0750", "home_uid": uid, "password": password,
         "line": 1}
    if password in ("set", "locked"):
        u["password_algorithm"] = "yescrypt"
    if password == "set":
        u.update({"last_change_days": 20000, "min_days": 1, "max_days": 60, "warn_days": 7,
                  "inactive_days": 30})
    u.update(kw)
    return u

def cert(cn, sha, **kw):
    c = {"sha256": sha, "path": "/etc/ssl/certs/%s.pem" % cn, "position": 0,
         "locations": ["/etc/ssl/certs/%s.pem#0" % cn], "version": 3,
         "subject": "CN=" + cn, "issuer": "CN=Example CA", "subject_cn": cn, "serial": "01",
         "dns_names": [cn], "ip_addresses": [], "sans": ["dns:" + cn],
         "not_before": "2026-01-01T00:00:00Z", "not_after": "2027-06-01T00:00:00Z",
         "days_until_expiry": 188, "expired": False, "not_yet_valid": False,
         "key_algorithm": "RSA", "key_size": 2048, "signature_algorithm": "SHA256withRSA",
         "signature_hash": "sha256", "self_signed": False, "ca": False,
         "key_usage": ["digitalSignature"], "extended_key_usage": ["serverAuth"],
         "trusted_root": False,
         "chain": {"result": "valid", "path": ["CN=" + cn, "CN=Example CA"], "problems": []}}
    c.update(kw)
    return c

GOOD = {
  "host.sshd": {"configured": {}, "effective": {
      "permitrootlogin": "no", "passwordauthentication": "no", "permitemptypasswords": "no",
      "pubkeyauthentication": "yes", "maxauthtries": "4", "logingracetime": "60",
      "x11forwarding": "no", "clientaliveinterval": "300", "clientalivecountmax": "1",
      "ciphers": "aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr",
      "macs": "hmac-sha2-512-etm@openssh.com,hmac-sha2-256",
      "kexalgorithms": "curve25519-sha256", "loglevel": "verbose", "ignorerhosts": "yes",
      "hostbasedauthentication": "no", "permituserenvironment": "no", "usepam": "yes",
      "banner": "/etc/issue.net", "allowtcpforwarding": "no", "maxsessions": "10",
      "maxstartups": "10:30:100"},
    "effective_source": "defaults+files", "files": ["/etc/ssh/sshd_config"], "matches": [],
    "problems": [],
    "host_keys": [
      {"path": "/etc/ssh/ssh_host_ed25519_key", "exists": True, "type": "ssh-ed25519", "bits": 256,
       "mode": 0o600, "mode_octal": "0600", "uid": 0, "gid": 0},
      {"path": "/etc/ssh/ssh_host_rsa_key", "exists": True, "type": "ssh-rsa", "bits": 3072,
       "mode": 0o600, "mode_octal": "0600", "uid": 0, "gid": 0}]},
  "host.login_defs": {"settings": {"PASS_MAX_DAYS": 60, "PASS_MIN_DAYS": 1, "PASS_WARN_AGE": 7,
      "UMASK": "027", "ENCRYPT_METHOD": "YESCRYPT"}, "problems": []},
  "host.pam": {"services": {
      "common-auth": {"file": "/etc/pam.d/common-auth", "entries": [],
        "stack": {"auth": [{"control": "required", "module": "pam_unix.so", "args": ["try_first_pass"]}],
                  "account": [], "password": [], "session": []}},
      "sshd": {"file": "/etc/pam.d/sshd", "entries": [],
        "stack": {"auth": [{"control": "required", "module": "pam_unix.so", "args": [], "from": "common-auth"}],
                  "account": [], "password": [], "session": []}}},
    "files": ["/etc/pam.d/common-auth", "/etc/pam.d/sshd"], "problems": []},
  "host.pwquality": {"settings": {"minlen": 15, "minclass": 3}, "files": [], "problems": []},
  "host.faillock": {"settings": {"deny": 3, "fail_interval": 900, "unlock_time": 0}, "files": [],
                    "problems": []},
  "accounts.users": {"users": [
      user("root", 0, system=True),
      user("daemon", 1, system=True, shell="/usr/sbin/nologin", login=False, password="locked"),
      user("sync", 4, system=True, shell="/bin/sync", login=False, password="none"),
      user("alice", 1000)],
    "count": 4, "uid0": ["root"], "duplicate_uids": [], "duplicate_names": [], "shadow": "ok",
    "files": ["/etc/passwd", "/etc/shadow"], "problems": []},
  "accounts.groups": {"groups": [{"name": "root", "gid": 0, "members": [], "admins": [], "line": 1}],
    "count": 1, "gid0": ["root"], "duplicate_gids": [], "duplicate_names": [], "gshadow": "ok",
    "files": [], "problems": []},
  "accounts.sudoers": {"rules": [{"users": ["%sudo"], "hosts": ["ALL"], "runas": "ALL:ALL",
      "commands": ["ALL"], "tags": [], "nopasswd": False, "all_commands": True,
      "file": "/etc/sudoers", "line": 20}],
    "defaults": [{"binding": "", "setting": "use_pty", "file": "/etc/sudoers", "line": 9}],
    "global_defaults": {"use_pty": True, "authenticate": True, "logfile": "/var/log/sudo.log"},
    "aliases": {}, "includes": [], "files": ["/etc/sudoers"], "problems": []},
  "accounts.authorized_keys": {"users": {"alice": {"files": ["/home/alice/.ssh/authorized_keys"],
      "keys": [{"type": "ssh-ed25519", "bits": 256, "fingerprint": "SHA256:abc", "options": [],
                "comment": "alice@laptop", "file": "/home/alice/.ssh/authorized_keys", "line": 1}]}},
    "key_count": 1, "problems": []},
  "host.file_permissions": {"files": {
      "/etc/shadow": f("0640", gid=42, group="shadow"), "/etc/shadow-": f("0640", gid=42, group="shadow"),
      "/etc/gshadow": f("0640", gid=42, group="shadow"), "/etc/gshadow-": {"exists": False},
      "/etc/passwd": f("0644"), "/etc/passwd-": f("0644"), "/etc/group": f("0644"),
      "/etc/group-": f("0644"), "/etc/sudoers": f("0440"), "/etc/crontab": f("0600"),
      "/etc/cron.d": f("0700", typ="directory"), "/etc/cron.hourly": f("0700", typ="directory"),
      "/etc/cron.daily": f("0700", typ="directory"), "/etc/cron.weekly": f("0700", typ="directory"),
      "/etc/cron.monthly": f("0700", typ="directory"),
      "/var/log/audit": f("0750", typ="directory"), "/etc/audit/auditd.conf": f("0640"),
      "/etc/login.defs": f("0644"), "/boot/grub/grub.cfg": f("0600"),
      "/boot/grub2/grub.cfg": {"exists": False}, "/etc/ssh/sshd_config": f("0600"),
      "/tmp": f("1777", typ="directory")}},
  "host.world_writable": {"files": [], "directories_without_sticky": [], "complete": True,
    "bound_hit": "none", "scanned": 1000, "roots": ["/etc"], "problems": []},
  "host.suid_sgid": {"files": [{"path": "/usr/bin/passwd", "mode": 0o4755, "mode_octal": "4755",
      "uid": 0, "gid": 0, "setuid": True, "setgid": False, "size": 68248}],
    "complete": True, "bound_hit": "none", "scanned": 1000, "roots": ["/usr"]},
  "host.sysctl": {"configured": {}, "sources": {}, "running": {}, "effective": {
      "net.ipv4.ip_forward": 0, "net.ipv6.conf.all.forwarding": 0,
      "net.ipv4.conf.all.accept_redirects": 0, "net.ipv4.conf.default.accept_redirects": 0,
      "net.ipv6.conf.all.accept_redirects": 0, "net.ipv4.conf.all.send_redirects": 0,
      "net.ipv4.conf.all.accept_source_route": 0, "net.ipv4.conf.all.rp_filter": 1,
      "net.ipv4.conf.all.log_martians": 1, "net.ipv4.icmp_echo_ignore_broadcasts": 1,
      "net.ipv4.tcp_syncookies": 1, "net.ipv6.conf.all.accept_ra": 0,
      "kernel.randomize_va_space": 2, "kernel.kptr_restrict": 1, "kernel.dmesg_restrict": 1,
      "kernel.yama.ptrace_scope": 1, "fs.suid_dumpable": 0, "fs.protected_hardlinks": 1,
      "fs.protected_symlinks": 1, "kernel.unprivileged_bpf_disabled": 1},
    "files": [], "problems": []},
  "host.packages": {"manager": "dpkg", "packages": {"openssh-server": "1:9.2p1-2", "aide": "0.18",
      "auditd": "1:3.0.9"}, "count": 3, "unwanted_present": [], "unwanted_checked": [],
    "problems": []},
  "host.services": {"init": "systemd", "enabled": ["auditd.service", "chrony.service",
      "nftables.service", "ssh.service"], "enabled_by": {}, "masked": [], "problems": []},
  "host.listening_sockets": {"sockets": [
      {"protocol": "tcp", "address": "0.0.0.0", "port": 22, "uid": 0, "inode": 1},
      {"protocol": "tcp", "address": "127.0.0.1", "port": 25, "uid": 0, "inode": 2}],
    "loopback_only": False, "problems": []},
  "host.time_sync": {"chrony": {"configured": True, "enabled": True, "servers": ["pool x"]},
    "ntp": {"configured": False, "enabled": False, "servers": []},
    "timesyncd": {"configured": False, "enabled": False, "servers": []},
    "any_configured": True, "any_enabled": True, "problems": []},
  "host.auditd": {"config": {"max_log_file": 8, "num_logs": 5, "max_log_file_action": "rotate",
      "space_left_action": "email", "admin_space_left_action": "single",
      "disk_full_action": "halt", "log_file": "/var/log/audit/audit.log"},
    "config_present": True, "rules": ["-e 2"], "rule_files": [],
    "watched_paths": ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"],
    "immutable": True, "files": [], "problems": []},
  "host.journald": {"settings": {"Storage": "persistent"}, "storage": "persistent",
    "persistent": True, "files": [], "problems": []},
  "host.logrotate": {"global": {"frequency": "weekly", "rotate": 13, "compress": True},
    "entries": [{"file": "/etc/logrotate.d/rsyslog", "line": 1, "paths": ["/var/log/syslog"],
                 "settings": {"frequency": "daily", "rotate": 90, "compress": True}}],
    "min_rotate": 13, "files": [], "problems": []},
  "host.rsyslog": {"installed": True, "files": ["/etc/rsyslog.conf"], "remote_forwarding": True,
    "file_create_mode": "0640",
    "problems": []},
  "certificates.certs": {"items": [
      cert("www.example.org", "aa" * 32),
      cert("Example Root", "bb" * 32, trusted_root=True, self_signed=True, ca=True,
           issuer="CN=Example Root", signature_algorithm="SHA1withRSA", signature_hash="sha1")]},
  "certificates.keys": {"items": [{"path": "/etc/ssl/private/site.key", "position": 0,
      "format": "pkcs8", "type": "RSA", "size": 2048, "encrypted": False, "mode": 0o600,
      "mode_octal": "0600", "uid": 0, "gid": 0, "group_readable": False, "world_readable": False,
      "matches_certificate": True, "matching_certificates": ["aa" * 32]}]},
  "host.mounts": {"fstab": [{"device": "tmpfs", "mount_point": "/tmp", "fstype": "tmpfs",
      "options": ["defaults", "nodev", "nosuid", "noexec"], "line": 7}],
    "mount_points": {
      "/tmp": {"in_fstab": True, "options": ["defaults", "nodev", "nosuid", "noexec"], "nodev": True, "nosuid": True, "noexec": True},
      "/var/tmp": {"in_fstab": True, "options": ["nodev", "nosuid", "noexec"], "nodev": True, "nosuid": True, "noexec": True},
      "/dev/shm": {"in_fstab": True, "options": ["rw", "nodev", "nosuid", "noexec"], "nodev": True, "nosuid": True, "noexec": True},
      "/home": {"in_fstab": False, "options": []}},
    "problems": []},
  "tls.endpoint": {"host": "www.example.org", "port": 443, "address": "192.0.2.10",
    "sni": "www.example.org", "protocol": "TLSv1.3", "cipher": "TLS_AES_256_GCM_SHA384",
    "protocols": {"ssl3": "rejected", "tls1_0": "rejected", "tls1_1": "rejected",
                  "tls1_2": "accepted", "tls1_3": "accepted"},
    "accepted_protocols": ["TLSv1.2", "TLSv1.3"], "weakest_protocol": "TLSv1.2",
    "ocsp_stapled": False, "problems": []},
  "tls.chain": {"items": [cert("www.example.org", "aa" * 32)], "hostname_match": True,
    "hostname": "www.example.org",
    "chain": {"result": "valid", "path": ["CN=www.example.org", "CN=Example CA"], "problems": []}},
}

def H(status, observed=None):
    e = {"resource": "host", "status": status}
    if observed is not None:
        e["observed"] = observed
    return [e]

def R(kind, *pairs):
    return [{"resource": kind + ":" + r, "status": s} for r, s in pairs]

CASES = {}

def case(rule, facts, fail, pass_expected=None, fail_expected=None):
    """fail: function mutating a copy of the good facts into a failing snapshot."""
    CASES[rule] = (facts, fail, pass_expected or H("pass"), fail_expected or H("fail"))

def setp(path, value):
    def m(d):
        cur = d
        for k in path[:-1]:
            cur = cur[k]
        cur[path[-1]] = value
    return m

# sshd
def sshd(k, v, observed=None):
    return setp(["host.sshd", "effective", k], v)
case("sshd.permit-root-login", ["host.sshd"], sshd("permitrootlogin", "yes"), fail_expected=H("fail", "yes"))
case("sshd.permit-empty-passwords", ["host.sshd"], sshd("permitemptypasswords", "yes"))
case("sshd.idle-timeout", ["host.sshd"], sshd("clientaliveinterval", "0"))
case("sshd.client-alive-count-max", ["host.sshd"], sshd("clientalivecountmax", "3"))
case("sshd.max-auth-tries", ["host.sshd"], sshd("maxauthtries", "6"), fail_expected=H("fail", "6"))
case("sshd.approved-ciphers", ["host.sshd"], sshd("ciphers", "aes128-ctr,3des-cbc"))
case("sshd.approved-macs", ["host.sshd"], sshd("macs", "hmac-sha2-256,hmac-md5"))
case("sshd.x11-forwarding", ["host.sshd"], sshd("x11forwarding", "yes"))
case("sshd.ignore-rhosts", ["host.sshd"], sshd("ignorerhosts", "no"))
case("sshd.hostbased-authentication", ["host.sshd"], sshd("hostbasedauthentication", "yes"))
case("sshd.permit-user-environment", ["host.sshd"], sshd("permituserenvironment", "yes"))
case("sshd.login-grace-time", ["host.sshd"], sshd("logingracetime", "2m"))
case("sshd.log-level", ["host.sshd"], sshd("loglevel", "quiet"))
case("sshd.banner", ["host.sshd"], sshd("banner", "none"))
case("sshd.host-key-permissions", ["host.sshd"],
     lambda d: d["host.sshd"]["host_keys"][1].update({"mode": 0o644, "mode_octal": "0644"}),
     R("file", ("/etc/ssh/ssh_host_ed25519_key", "pass"), ("/etc/ssh/ssh_host_rsa_key", "pass")),
     R("file", ("/etc/ssh/ssh_host_ed25519_key", "pass"), ("/etc/ssh/ssh_host_rsa_key", "fail")))
case("sshd.config-permissions", ["host.file_permissions"],
     setp(["host.file_permissions", "files", "/etc/ssh/sshd_config"], f("0644")))
# login.defs
def ld(k, v):
    return setp(["host.login_defs", "settings", k], v)
case("login-defs.pass-max-days", ["host.login_defs"], ld("PASS_MAX_DAYS", 99999), fail_expected=H("fail", "99999"))
case("login-defs.pass-min-days", ["host.login_defs"], ld("PASS_MIN_DAYS", 0))
case("login-defs.pass-warn-age", ["host.login_defs"], ld("PASS_WARN_AGE", 3))
case("login-defs.encrypt-method", ["host.login_defs"], ld("ENCRYPT_METHOD", "MD5"))
case("login-defs.umask", ["host.login_defs"], ld("UMASK", "022"), fail_expected=H("fail", "022"))
# pam
case("pam.no-nullok", ["host.pam"],
     lambda d: d["host.pam"]["services"]["common-auth"]["stack"]["auth"][0]["args"].append("nullok"),
     fail_expected=H("fail", "common-auth: pam_unix.so nullok"))
case("pwquality.minlen", ["host.pwquality"], setp(["host.pwquality", "settings", "minlen"], 8))
case("pwquality.minclass", ["host.pwquality"], setp(["host.pwquality", "settings", "minclass"], 1))
case("faillock.deny", ["host.faillock"], setp(["host.faillock", "settings", "deny"], 10))
case("faillock.fail-interval", ["host.faillock"], setp(["host.faillock", "settings", "fail_interval"], 60))
case("faillock.unlock-time", ["host.faillock"], setp(["host.faillock", "settings", "unlock_time"], 60))
# accounts
def users(fn):
    return lambda d: fn(d["accounts.users"])
case("accounts.no-empty-passwords", ["accounts.users"],
     users(lambda a: a["users"][3].update({"password": "empty"})), fail_expected=H("fail", "alice"))
case("accounts.uid0-only-root", ["accounts.users"], users(lambda a: a.update({"uid0": ["root", "toor"]})))
case("accounts.unique-uids", ["accounts.users"],
     users(lambda a: a.update({"duplicate_uids": [{"uid": 1000, "names": ["alice", "bob"]}]})))
case("accounts.unique-names", ["accounts.users"], users(lambda a: a.update({"duplicate_names": ["bob"]})))
case("accounts.unique-gids", ["accounts.groups"],
     lambda d: d["accounts.groups"].update({"duplicate_gids": [{"gid": 0, "names": ["root", "x"]}]}))
case("accounts.gid0-only-root", ["accounts.groups"], lambda d: d["accounts.groups"].update({"gid0": ["root", "x"]}))
case("accounts.system-accounts-no-shell", ["accounts.users"],
     users(lambda a: a["users"][1].update({"shell": "/bin/bash", "login_shell": True})),
     R("account", ("daemon", "pass")), R("account", ("daemon", "fail")))
PWUSERS = [("root", "pass"), ("alice", "pass")]
case("accounts.password-max-days", ["accounts.users"], users(lambda a: a["users"][3].update({"max_days": 99999})),
     R("account", *PWUSERS), R("account", ("root", "pass"), ("alice", "fail")))
case("accounts.password-inactive", ["accounts.users"], users(lambda a: a["users"][3].pop("inactive_days")),
     R("account", *PWUSERS), R("account", ("root", "pass"), ("alice", "fail")))
case("accounts.password-hash-algorithm", ["accounts.users"],
     users(lambda a: a["users"][0].update({"password_algorithm": "md5crypt"})),
     R("account", *PWUSERS), R("account", ("root", "fail"), ("alice", "pass")))
case("accounts.home-permissions", ["accounts.users"],
     users(lambda a: a["users"][3].update({"home_mode": 0o755, "home_mode_octal": "0755"})),
     R("account", ("alice", "pass")), R("account", ("alice", "fail")))
case("accounts.authorized-keys-strength", ["accounts.authorized_keys"],
     lambda d: d["accounts.authorized_keys"]["users"]["alice"]["keys"].append(
         {"type": "ssh-rsa", "bits": 1024, "fingerprint": "SHA256:x", "options": [], "comment": "",
          "file": "/home/alice/.ssh/authorized_keys", "line": 2}),
     R("account", ("alice", "pass")), R("account", ("alice", "fail")))
# sudo
case("sudo.no-nopasswd", ["accounts.sudoers"],
     lambda d: d["accounts.sudoers"]["rules"][0].update({"tags": ["NOPASSWD"], "nopasswd": True}),
     fail_expected=H("fail", "/etc/sudoers:20"))
case("sudo.authenticate", ["accounts.sudoers"],
     lambda d: d["accounts.sudoers"]["defaults"].append(
         {"binding": ":alice", "setting": "!authenticate", "file": "/etc/sudoers", "line": 10}))
case("sudo.use-pty", ["accounts.sudoers"], lambda d: d["accounts.sudoers"]["global_defaults"].pop("use_pty"))
case("sudo.logfile", ["accounts.sudoers"], lambda d: d["accounts.sudoers"]["global_defaults"].pop("logfile"))
# files
FP = "host.file_permissions"
def fperm(path, **kw):
    return lambda d: d[FP]["files"][path].update(kw)
case("files.shadow-permissions", [FP], fperm("/etc/shadow-", mode=0o644, mode_octal="0644"),
     R("file", ("/etc/shadow", "pass"), ("/etc/shadow-", "pass")),
     R("file", ("/etc/shadow", "pass"), ("/etc/shadow-", "fail")))
case("files.gshadow-permissions", [FP], fperm("/etc/gshadow", uid=1000, owner="alice"),
     R("file", ("/etc/gshadow", "pass")), R("file", ("/etc/gshadow", "fail")))
case("files.passwd-permissions", [FP], fperm("/etc/passwd", mode=0o666, mode_octal="0666"),
     R("file", ("/etc/passwd", "pass"), ("/etc/passwd-", "pass")),
     R("file", ("/etc/passwd", "fail"), ("/etc/passwd-", "pass")))
case("files.group-permissions", [FP], fperm("/etc/group", mode=0o664, mode_octal="0664"),
     R("file", ("/etc/group", "pass"), ("/etc/group-", "pass")),
     R("file", ("/etc/group", "fail"), ("/etc/group-", "pass")))
case("files.sudoers-permissions", [FP], fperm("/etc/sudoers", mode=0o644, mode_octal="0644"),
     R("file", ("/etc/sudoers", "pass")), R("file", ("/etc/sudoers", "fail")))
case("files.crontab-permissions", [FP], fperm("/etc/crontab", mode=0o644, mode_octal="0644"),
     R("file", ("/etc/crontab", "pass")), R("file", ("/etc/crontab", "fail")))
CRON = ["/etc/cron.d", "/etc/cron.hourly", "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly"]
case("files.cron-directories-permissions", [FP], fperm("/etc/cron.daily", mode=0o755, mode_octal="0755"),
     R("file", *[(p, "pass") for p in CRON]),
     R("file", *[(p, "fail" if p == "/etc/cron.daily" else "pass") for p in CRON]))
case("files.audit-log-directory-permissions", [FP], fperm("/var/log/audit", mode=0o755, mode_octal="0755"),
     R("file", ("/var/log/audit", "pass")), R("file", ("/var/log/audit", "fail")))
case("files.auditd-config-permissions", [FP], fperm("/etc/audit/auditd.conf", mode=0o644, mode_octal="0644"),
     R("file", ("/etc/audit/auditd.conf", "pass")), R("file", ("/etc/audit/auditd.conf", "fail")))
case("files.login-defs-permissions", [FP], fperm("/etc/login.defs", mode=0o666, mode_octal="0666"),
     R("file", ("/etc/login.defs", "pass")), R("file", ("/etc/login.defs", "fail")))
case("files.grub-config-permissions", [FP], fperm("/boot/grub/grub.cfg", mode=0o644, mode_octal="0644"),
     R("file", ("/boot/grub/grub.cfg", "pass")), R("file", ("/boot/grub/grub.cfg", "fail")))
case("files.tmp-sticky", [FP], fperm("/tmp", mode=0o777, mode_octal="0777"))
case("files.no-world-writable", ["host.world_writable"],
     lambda d: d["host.world_writable"]["files"].append({"path": "/etc/app.conf", "mode": 0o666, "mode_octal": "0666", "uid": 0}),
     fail_expected=H("fail", "/etc/app.conf 0666"))
case("files.world-writable-dirs-sticky", ["host.world_writable"],
     lambda d: d["host.world_writable"]["directories_without_sticky"].append({"path": "/var/drop", "mode": 0o777, "mode_octal": "0777", "uid": 0}))
case("files.suid-sgid-allowlist", ["host.suid_sgid"],
     lambda d: d["host.suid_sgid"]["files"].append({"path": "/opt/x/backdoor", "mode": 0o4755, "mode_octal": "4755", "uid": 0, "gid": 0, "setuid": True, "setgid": False, "size": 1}),
     R("file", ("/usr/bin/passwd", "pass")), R("file", ("/usr/bin/passwd", "pass"), ("/opt/x/backdoor", "fail")))
# kernel
SYSCTL_FAIL = {
 "sysctl.ip-forward": ("net.ipv4.ip_forward", 1), "sysctl.ipv6-forwarding": ("net.ipv6.conf.all.forwarding", 1),
 "sysctl.accept-redirects": ("net.ipv4.conf.all.accept_redirects", 1),
 "sysctl.default-accept-redirects": ("net.ipv4.conf.default.accept_redirects", 1),
 "sysctl.ipv6-accept-redirects": ("net.ipv6.conf.all.accept_redirects", 1),
 "sysctl.send-redirects": ("net.ipv4.conf.all.send_redirects", 1),
 "sysctl.accept-source-route": ("net.ipv4.conf.all.accept_source_route", 1),
 "sysctl.rp-filter": ("net.ipv4.conf.all.rp_filter", 2), "sysctl.log-martians": ("net.ipv4.conf.all.log_martians", 0),
 "sysctl.icmp-echo-ignore-broadcasts": ("net.ipv4.icmp_echo_ignore_broadcasts", 0),
 "sysctl.tcp-syncookies": ("net.ipv4.tcp_syncookies", 0), "sysctl.ipv6-accept-ra": ("net.ipv6.conf.all.accept_ra", 1),
 "sysctl.randomize-va-space": ("kernel.randomize_va_space", 1), "sysctl.kptr-restrict": ("kernel.kptr_restrict", 0),
 "sysctl.dmesg-restrict": ("kernel.dmesg_restrict", 0), "sysctl.ptrace-scope": ("kernel.yama.ptrace_scope", 0),
 "sysctl.suid-dumpable": ("fs.suid_dumpable", 2), "sysctl.protected-hardlinks": ("fs.protected_hardlinks", 0),
 "sysctl.protected-symlinks": ("fs.protected_symlinks", 0),
 "sysctl.unprivileged-bpf-disabled": ("kernel.unprivileged_bpf_disabled", 0),
}
for rid, (k, v) in SYSCTL_FAIL.items():
    case(rid, ["host.sysctl"], setp(["host.sysctl", "effective", k], v), fail_expected=H("fail", str(v)))
# packages / services
def install(*names):
    return lambda d: d["host.packages"]["packages"].update({n: "1.0" for n in names})
case("packages.no-telnet-server", ["host.packages"], install("telnetd"), fail_expected=H("fail", "telnetd"))
case("packages.no-rsh-server", ["host.packages"], install("rsh-server"))
case("packages.no-ftp-server", ["host.packages"], install("vsftpd"))
case("packages.no-xinetd", ["host.packages"], install("xinetd"))
case("packages.no-nis", ["host.packages"], install("ypbind"))
case("packages.no-talk", ["host.packages"], install("talk"))
case("packages.no-rsh-client", ["host.packages"], install("rsh-client"))
case("packages.no-prelink", ["host.packages"], install("prelink"))
case("packages.aide-installed", ["host.packages"], lambda d: d["host.packages"]["packages"].pop("aide"),
     fail_expected=H("fail", "not installed"))
case("packages.audit-installed", ["host.packages"], lambda d: d["host.packages"]["packages"].pop("auditd"))
def enabled(fn):
    return lambda d: fn(d["host.services"]["enabled"])
case("services.auditd-enabled", ["host.services"], enabled(lambda e: e.remove("auditd.service")))
case("services.firewall-enabled", ["host.services"], enabled(lambda e: e.remove("nftables.service")))
case("services.no-avahi", ["host.services"], enabled(lambda e: e.append("avahi-daemon.service")))
case("services.no-rpcbind", ["host.services"], enabled(lambda e: e.append("rpcbind.socket")))
case("services.time-sync", ["host.time_sync"],
     lambda d: d["host.time_sync"].update({"any_enabled": False, "chrony": {"configured": True, "enabled": False, "servers": []}}))
case("network.listening-ports-allowlist", ["host.listening_sockets"],
     lambda d: d["host.listening_sockets"]["sockets"].append({"protocol": "tcp6", "address": "::", "port": 8080, "uid": 1000, "inode": 3}),
     R("socket", ("tcp/0.0.0.0:22", "pass")), R("socket", ("tcp/0.0.0.0:22", "pass"), ("tcp6/:::8080", "fail")))
# logging
def ac(k, v):
    return setp(["host.auditd", "config", k], v)
case("auditd.max-log-file", ["host.auditd"], ac("max_log_file", 1))
case("auditd.num-logs", ["host.auditd"], ac("num_logs", 2))
case("auditd.max-log-file-action", ["host.auditd"], ac("max_log_file_action", "ignore"))
case("auditd.space-left-action", ["host.auditd"], ac("space_left_action", "ignore"))
case("auditd.admin-space-left-action", ["host.auditd"], ac("admin_space_left_action", "suspend"))
case("auditd.disk-full-action", ["host.auditd"], ac("disk_full_action", "ignore"))
case("auditd.immutable", ["host.auditd"], setp(["host.auditd", "immutable"], False))
case("auditd.identity-watches", ["host.auditd"], setp(["host.auditd", "watched_paths"], ["/etc/passwd"]))
case("rsyslog.remote-logging", ["host.rsyslog"], setp(["host.rsyslog", "remote_forwarding"], False))
case("rsyslog.file-create-mode", ["host.rsyslog"], lambda d: d["host.rsyslog"].pop("file_create_mode"),
     fail_expected=H("fail", "not set (0644)"))
case("journald.persistent", ["host.journald"],
     lambda d: d["host.journald"].update({"storage": "volatile", "persistent": False}))
LR = [("/etc/logrotate.conf", "pass"), ("/etc/logrotate.d/rsyslog:1", "pass")]
case("logrotate.retention", ["host.logrotate"],
     setp(["host.logrotate", "entries", 0, "settings", "rotate"], 7),
     R("logrotate", *LR), R("logrotate", ("/etc/logrotate.conf", "pass"), ("/etc/logrotate.d/rsyslog:1", "fail")))
# certificates
LEAF = "aa" * 32
def leaf(**kw):
    return lambda d: d["certificates.certs"]["items"][0].update(kw)
CC = ["certificates.certs"]
case("cert.not-expired", CC, leaf(expired=True, days_until_expiry=-3),
     R("certificate", (LEAF, "pass")), R("certificate", (LEAF, "fail")))
case("cert.expiry-warning", CC, leaf(days_until_expiry=10),
     R("certificate", (LEAF, "pass")), R("certificate", (LEAF, "fail")))
case("cert.key-strength", CC, leaf(key_size=1024),
     R("certificate", (LEAF, "pass")), R("certificate", (LEAF, "fail")))
case("cert.signature-algorithm", CC, leaf(signature_algorithm="SHA1withRSA", signature_hash="sha1"),
     R("certificate", (LEAF, "pass")), R("certificate", (LEAF, "fail")))
case("cert.not-self-signed", CC, leaf(self_signed=True, issuer="CN=www.example.org"),
     R("certificate", (LEAF, "pass")), R("certificate", (LEAF, "fail")))
case("cert.chain-valid", CC, leaf(chain={"result": "broken-chain", "reason": "issuer not found", "path": [], "problems": []}),
     R("certificate", (LEAF, "pass")), R("certificate", (LEAF, "fail")))
case("keys.private-key-permissions", ["certificates.keys"],
     lambda d: d["certificates.keys"]["items"][0].update({"mode": 0o644, "mode_octal": "0644", "world_readable": True}),
     R("file", ("/etc/ssl/private/site.key", "pass")), R("file", ("/etc/ssl/private/site.key", "fail")))
case("keys.ssh-private-keys-encrypted", ["certificates.keys"],
     lambda d: d["certificates.keys"]["items"].append({"path": "/home/alice/.ssh/id_ed25519", "position": 0,
         "format": "openssh", "type": "Ed25519", "size": 256, "encrypted": False, "mode": 0o600,
         "mode_octal": "0600", "uid": 1000, "gid": 1000, "group_readable": False, "world_readable": False}),
     H("pass"), R("file", ("/home/alice/.ssh/id_ed25519", "fail")))
case("sshd.approved-kex", ["host.sshd"], sshd("kexalgorithms", "curve25519-sha256,diffie-hellman-group1-sha1"))
case("mounts.tmp-options", ["host.mounts"],
     setp(["host.mounts", "mount_points", "/tmp"], {"in_fstab": False, "options": []}),
     fail_expected=H("fail", "not a separate mount"))
case("mounts.var-tmp-options", ["host.mounts"],
     setp(["host.mounts", "mount_points", "/var/tmp", "options"], ["nodev"]))
case("mounts.dev-shm-options", ["host.mounts"],
     setp(["host.mounts", "mount_points", "/dev/shm", "options"], ["rw", "nosuid", "nodev"]))
# tls
case("tls.no-legacy-protocols", ["tls.endpoint"],
     lambda d: d["tls.endpoint"].update({"accepted_protocols": ["TLSv1.0", "TLSv1.2", "TLSv1.3"],
         "protocols": {**d["tls.endpoint"]["protocols"], "tls1_0": "accepted"}}),
     fail_expected=H("fail", "TLSv1.0, TLSv1.2, TLSv1.3"))
case("tls.modern-protocol", ["tls.endpoint"],
     lambda d: d["tls.endpoint"].update({"accepted_protocols": ["TLSv1.0"],
         "protocols": {"ssl3": "rejected", "tls1_0": "accepted", "tls1_1": "rejected", "tls1_2": "rejected", "tls1_3": "rejected"}}))
case("tls.hostname-match", ["tls.chain"], setp(["tls.chain", "hostname_match"], False))
case("tls.chain-valid", ["tls.chain"],
     setp(["tls.chain", "chain"], {"result": "untrusted-root", "reason": "self-signed root not trusted", "path": [], "problems": []}))
case("tls.certificate-lifetime", ["tls.chain"], lambda d: d["tls.chain"]["items"][0].update({"days_until_expiry": 5}))
case("tls.certificate-strength", ["tls.chain"],
     lambda d: d["tls.chain"]["items"][0].update({"signature_hash": "sha1", "signature_algorithm": "SHA1withRSA"}))

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for rule, (facts, fail, pexp, fexp) in sorted(CASES.items()):
    good = {k: copy.deepcopy(GOOD[k]) for k in facts}
    bad = copy.deepcopy(good)
    fail(bad)
    for name, snap, exp in (("pass", good, pexp), ("fail", bad, fexp)):
        d = os.path.join(OUT, rule, name)
        os.makedirs(d)
        with open(os.path.join(d, "facts.json"), "w") as fh:
            json.dump(snap, fh, indent=2, sort_keys=True)
            fh.write("\n")
        with open(os.path.join(d, "expected.json"), "w") as fh:
            json.dump(exp, fh, indent=2)
            fh.write("\n")
print(len(CASES), "rules,", 2 * len(CASES), "cases")
