package dev.vigil.collectors.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.FactState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListeningSocketsCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new ListeningSocketsCollector();
  }

  @Test
  void rootTargetsHaveNoSockets() throws Exception {
    assertEquals(FactState.ABSENT, state(snapshot("hardened"), "host.listening_sockets"));
  }

  @Test
  void aLoopbackListenerOfThisProcessIsSeen() throws Exception {
    try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        var t = new dev.vigil.collectors.transport.local.LocalTransport()) {
      Map<String, Object> v = map(collector().collect(t, context()).get(0).value());
      assertTrue(
          list(v.get("sockets")).stream()
              .map(CollectorContract::map)
              .anyMatch(
                  s ->
                      s.get("port").equals((long) server.getLocalPort())
                          && s.get("address").equals("127.0.0.1")),
          v.toString());
    }
  }

  @Test
  void addressesAreDecodedFromProcNetHex() throws Exception {
    assertEquals("127.0.0.1", ListeningSocketsCollector.address("0100007F"));
    assertEquals("::", ListeningSocketsCollector.address("00000000000000000000000000000000"));
    assertEquals("::1", ListeningSocketsCollector.address("00000000000000000000000001000000"));
  }
}
