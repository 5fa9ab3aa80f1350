package dev.vigil.collectors.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.FactState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RsyslogCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new RsyslogCollector();
  }

  @Test
  void hardenedRootForwardsRemotelyWithARestrictiveFileMode() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.rsyslog");
    assertEquals(true, v.get("remote_forwarding"));
    assertEquals("0640", v.get("file_create_mode"));
    assertEquals(List.of("/etc/rsyslog.conf", "/etc/rsyslog.d/60-remote.conf"), v.get("files"));
  }

  @Test
  void weakRootHasNoRsyslog() throws Exception {
    assertEquals(FactState.ABSENT, state(snapshot("weak"), "host.rsyslog"));
  }
}
