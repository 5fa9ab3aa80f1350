#!/bin/sh
# SSH fleet benchmark (issue 10): 100 SSH targets = 7 sshd instances on 127.0.0.1..127.0.0.105
# (an sshd binds at most 16 sockets), one host key, one port. Every built-in collector runs on
# every target; the baseline is the local scan of the same machine, measured in the same run.
# Needs root and openssh-server. Build first:
#   ./mvnw -q -pl collectors install -DskipTests && ./mvnw -q -f bench/pom.xml package -DskipTests
set -eu
cd "$(dirname "$0")/.."
HOSTS="${HOSTS:-100}"
CONCURRENCY="${CONCURRENCY:-32}"
WALK="${WALK:-2000}"
PORT="${PORT:-2399}"
dir=$(mktemp -d /tmp/vigil-ssh-bench.XXXXXX)
chmod 755 "$dir"
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
mkdir -p /run/sshd
key=$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")
: > "$dir/known_hosts"
i=1; n=0
while [ "$i" -le "$HOSTS" ]; do
  cfg="$dir/sshd_$n.conf"
  {
    echo "Port $PORT"
    j=0
    while [ "$j" -lt 15 ] && [ "$i" -le "$HOSTS" ]; do
      echo "ListenAddress 127.0.0.$i"; echo "[127.0.0.$i]:$PORT $key" >> "$dir/known_hosts"
      i=$((i + 1)); j=$((j + 1))
    done
    echo "HostKey $dir/host_ed25519"
    echo "PidFile $dir/sshd_$n.pid"
    echo "AuthorizedKeysFile $dir/authorized_keys"
    echo "StrictModes no"; echo "UsePAM no"; echo "PermitRootLogin prohibit-password"
    echo "PasswordAuthentication no"; echo "MaxStartups 200"; echo "MaxSessions 20"
    echo "UseDNS no"; echo "LogLevel ERROR"
  } > "$cfg"
  /usr/sbin/sshd -D -e -f "$cfg" 2>>"$dir/sshd.log" &
  pids="$pids $!"
  n=$((n + 1))
done
sleep 2
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp bench/target/benchmarks.jar dev.vigil.bench.ssh.SshFleetBench "$dir" "$PORT" "$HOSTS" "$CONCURRENCY" "$WALK"
