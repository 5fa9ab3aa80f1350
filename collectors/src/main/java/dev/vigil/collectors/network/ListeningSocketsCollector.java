package dev.vigil.collectors.network;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorDescriptor;
import dev.vigil.collectors.internal.Inputs;
import dev.vigil.collectors.internal.Lines;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.transport.Transport;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code host.listening_sockets}: TCP listeners and bound UDP sockets from /proc/net (live). */
public final class ListeningSocketsCollector implements Collector {
  public static final String FACT = "host.listening_sockets";

  private static final CollectorDescriptor DESCRIPTOR =
      new CollectorDescriptor(FACT, "Listening sockets", Set.of(FACT), true);

  @Override
  public CollectorDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public List<Fact> collect(Transport transport, CollectionContext context) {
    Inputs in = new Inputs(transport, context);
    if (!transport.live()) {
      return List.of(Fact.absent(FACT, "needs a live target", in.provenance()));
    }
    List<Map<String, Object>> sockets = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int read = 0;
    for (String proto : List.of("tcp", "tcp6", "udp", "udp6")) {
      Inputs.Text t = in.read("/proc/net/" + proto, 32L << 20, false);
      if (!t.ok()) {
        if (!t.missing()) {
          problems.add(t.reason());
        }
        continue;
      }
      read++;
      List<String> lines = t.lines();
      for (int i = 1; i < lines.size() && sockets.size() < 10_000; i++) {
        List<String> w = Lines.words(lines.get(i));
        if (w.size() < 10) {
          continue;
        }
        String state = w.get(3);
        boolean listening = proto.startsWith("tcp") ? state.equals("0A") : state.equals("07");
        String remote = w.get(2);
        if (!listening || proto.startsWith("udp") && !remote.endsWith(":0000")) {
          continue;
        }
        String[] local = w.get(1).split(":");
        if (local.length != 2) {
          problems.add(Lines.problem(t.path(), i + 1, "expected ADDRESS:PORT"));
          continue;
        }
        try {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("protocol", proto);
          s.put("address", address(local[0]));
          s.put("port", Integer.parseInt(local[1], 16));
          s.put("uid", Long.parseLong(w.get(7)));
          s.put("inode", Long.parseLong(w.get(9)));
          sockets.add(s);
        } catch (RuntimeException | UnknownHostException e) {
          problems.add(Lines.problem(t.path(), i + 1, "unparsable socket line"));
        }
      }
    }
    if (read == 0) {
      return List.of(Fact.error(FACT, "/proc/net/tcp: not readable", in.provenance()));
    }
    boolean loopbackOnly =
        sockets.stream()
            .allMatch(
                s -> {
                  String a = (String) s.get("address");
                  return a.startsWith("127.") || a.equals("::1");
                });
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sockets", sockets);
    v.put("loopback_only", loopbackOnly);
    v.put("problems", Inputs.cap(problems, 100));
    return List.of(Fact.ok(FACT, v, in.provenance()));
  }

  /** /proc/net prints addresses as host-order 32-bit words in hex. */
  static String address(String hex) throws UnknownHostException {
    byte[] b = new byte[hex.length() / 2];
    for (int word = 0; word < b.length / 4; word++) {
      for (int k = 0; k < 4; k++) {
        int idx = word * 8 + (3 - k) * 2;
        b[word * 4 + k] = (byte) Integer.parseInt(hex.substring(idx, idx + 2), 16);
      }
    }
    String s = InetAddress.getByAddress(b).getHostAddress();
    if (b.length == 16) {
      s = s.replaceAll("(^|:)0(:0)+(:|$)", "::").replaceAll(":{3,}", "::");
      if (s.equals("0:0:0:0:0:0:0:0")) {
        s = "::";
      }
    }
    return s;
  }
}
